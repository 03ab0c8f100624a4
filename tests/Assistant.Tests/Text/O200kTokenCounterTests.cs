using Assistant.Core.Text;

namespace Assistant.Tests.Text;

public sealed class O200kTokenCounterTests
{
    private const string Korean = "이 체크리스트는 고객 상담 챗봇에 쓸 LLM을 고르기 위해 4주 동안 진행한 파일럿에서 실제로 사용한 평가 항목을 정리한 것입니다. "
        + "후보는 상용 API 모델 두 개와 사내 GPU 서버에서 돌리는 오픈소스 모델 한 개였습니다. "
        + "다른 팀이 비슷한 평가를 할 때 그대로 가져다 쓸 수 있도록 항목마다 측정 방법과 목표 기준을 함께 적었습니다.";

    private const string English = "Retrieval-augmented generation (RAG) answers questions by first retrieving passages from a document collection "
        + "and then asking a language model to write an answer grounded in those passages. A RAG system can fail in two different places: "
        + "retrieval can miss the passage that holds the answer, or generation can ignore, distort or embellish what was retrieved.";

    private readonly ITokenCounter _counter = O200kTokenCounter.Instance;

    [Fact]
    public void Counts_match_the_o200k_vocabulary()
    {
        // Figures from tiktoken's o200k_base (GPT-4o); the old estimate said 132 and 105.
        Assert.Equal("o200k_base", _counter.Name);
        Assert.Equal(100, _counter.Count(Korean));
        Assert.Equal(69, _counter.Count(English));
        Assert.Equal(6, _counter.Count("받을 수 있나요?")); // 받|을| 수| 있|나요|?
        Assert.Equal(0, _counter.Count(string.Empty));
    }

    [Fact]
    public void Length_within_a_budget_ends_on_a_token_boundary()
    {
        var cut = _counter.LengthWithin(Korean, 40);

        Assert.InRange(cut, 1, Korean.Length - 1);
        Assert.InRange(_counter.Count(Korean[..cut]), 38, 40); // a boundary can merge two tokens, never add one
        Assert.True(_counter.Count(Korean[..(cut + 1)]) > 40 || _counter.Count(Korean[..(cut + 2)]) > 40);
        Assert.Equal(English.Length, _counter.LengthWithin(English, 1000));
        Assert.Equal(0, _counter.LengthWithin(English, 0));
    }

    [Fact]
    public async Task One_shared_counter_gives_the_same_counts_from_many_threads()
    {
        var texts = Enumerable.Range(0, 64).Select(i => (i % 2 == 0 ? Korean : English) + new string('!', i)).ToArray();
        var expected = texts.Select(_counter.Count).ToArray();

        var counted = await Task.WhenAll(texts.Select(t => Task.Run(() => _counter.Count(t))));

        Assert.Equal(expected, counted);
    }
}
