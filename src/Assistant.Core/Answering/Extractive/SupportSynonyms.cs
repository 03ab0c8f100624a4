using Assistant.Core.Text;

namespace Assistant.Core.Answering.Extractive;

/// <summary>
/// A small built-in table of everyday English and Korean synonyms for support and product vocabulary, so that a
/// question phrased in the user's words ("two-step login", "get my money back", "돌려받을") finds the sentence phrased
/// in the documents' words ("two-factor authentication", "refund", "환불"). General vocabulary only: no product names.
/// An English entry matches as a sequence of analysed terms (so inflections the analyser folds need not be listed);
/// a Korean entry matches as a substring, so particles and endings may follow it.
/// </summary>
public sealed class SupportSynonyms
{
    private static readonly string[][] Groups =
    [
        ["two-factor", "two-step", "2fa", "2-step", "multi-factor", "mfa", "2단계 인증", "이중 인증", "2차 인증"],
        ["sign in", "log in", "login", "signin", "sign-in", "log-in", "로그인", "접속"],
        ["sign up", "register", "registration", "signup", "create an account", "가입", "등록"],
        ["price", "pricing", "cost", "fee", "charge", "가격", "비용", "요금", "값"],
        ["buy", "bought", "purchase", "구매", "구입"],
        ["pay", "paid", "payment", "billing", "결제", "지불", "납부"],
        ["refund", "reimburse", "reimbursement", "money back", "환불", "반환", "돌려받", "돌려드", "돌아오", "승인 취소"],
        ["annual", "annually", "yearly", "per year", "a year", "연간", "매년", "연 단위", "1년"],
        ["monthly", "per month", "a month", "월간", "매월", "매달"],
        ["password", "passcode", "비밀번호", "암호", "패스워드"],
        ["delete", "remove", "erase", "삭제", "제거", "지우"],
        ["change", "modify", "alter", "switch", "변경", "바꾸", "바꿔", "수정"],
        ["error", "mistake", "fault", "오류", "에러"],
        ["start", "begin", "commence", "시작", "개시"],
        ["stop", "halt", "cease", "중지", "중단"],
        ["support", "help desk", "customer service", "고객센터", "고객지원", "상담"],
        ["limit", "quota", "cap", "allowance", "한도", "제한"],
        ["storage", "space", "capacity", "용량", "저장 공간"],
        ["store", "save", "keep", "저장", "보관"],
        ["often", "frequently", "frequency", "자주", "주기"],
        ["renew", "renewal", "refresh", "갱신"],
        ["fast", "quick", "rapid", "speedy", "빠르", "신속"],
        ["customer", "client", "고객"],
        ["contact", "reach", "연락", "문의"],
        ["program", "software", "application", "app", "프로그램", "앱", "애플리케이션"],
        ["update", "upgrade", "업데이트", "업그레이드"],
        ["cancel", "cancellation", "취소", "철회"],
        ["phone", "telephone", "전화"],
        ["email", "e-mail", "mail", "이메일", "메일"],
        ["discount", "reduction", "할인"],
        ["answer", "reply", "response", "답변", "응답", "대답"],
        ["question", "query", "inquiry", "질문", "문의"],
        ["latency", "delay", "lag", "지연"],
        ["accuracy", "correctness", "정확성", "정확도"],
        ["share", "proportion", "percentage", "ratio", "weight", "비중", "비율", "가중치"],
    ];

    public static SupportSynonyms Default { get; } = new(Groups);

    private readonly List<Entry> _entries = [];

    private sealed record Entry(int Group, string Text, string[] Terms, bool Korean);

    public SupportSynonyms(IEnumerable<IReadOnlyList<string>> groups)
    {
        var g = 0;
        foreach (var group in groups)
        {
            foreach (var word in group)
            {
                var korean = TextAnalyzer.ContainsHangul(word);
                _entries.Add(new Entry(g, word, [.. TextAnalyzer.Terms(word)], korean));
            }

            g++;
        }
    }

    /// <summary>The synonym groups present in <paramref name="text"/>, given its analysed terms in order.</summary>
    public IReadOnlySet<int> GroupsIn(string text, IReadOnlyList<string> terms)
    {
        var found = new HashSet<int>();
        foreach (var entry in _entries)
        {
            if (found.Contains(entry.Group)) continue;
            if (entry.Korean ? text.Contains(entry.Text, StringComparison.Ordinal) : ContainsSequence(terms, entry.Terms)) found.Add(entry.Group);
        }

        return found;
    }

    /// <summary>
    /// For each term of a question, the synonym groups it takes part in: the terms of every entry found in the question
    /// (the bigrams of a Korean entry, the words of an English one).
    /// </summary>
    public IReadOnlyDictionary<string, HashSet<int>> GroupsByTerm(string question, IReadOnlyList<string> questionTerms)
    {
        var terms = TextAnalyzer.Terms(question).ToList();
        var byTerm = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var entry in _entries)
        {
            var present = entry.Korean ? question.Contains(entry.Text, StringComparison.Ordinal) : ContainsSequence(terms, entry.Terms);
            if (!present) continue;
            foreach (var term in entry.Terms.Where(questionTerms.Contains))
            {
                if (!byTerm.TryGetValue(term, out var set)) byTerm[term] = set = [];
                set.Add(entry.Group);
            }
        }

        return byTerm;
    }

    private static bool ContainsSequence(IReadOnlyList<string> terms, string[] sequence)
    {
        if (sequence.Length == 0) return false;
        for (var i = 0; i + sequence.Length <= terms.Count; i++)
        {
            var j = 0;
            while (j < sequence.Length && terms[i + j] == sequence[j]) j++;
            if (j == sequence.Length) return true;
        }

        return false;
    }
}
