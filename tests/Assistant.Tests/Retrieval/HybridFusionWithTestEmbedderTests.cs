using System.Numerics.Tensors;
using Assistant.Core.Retrieval;
using Assistant.Core.Retrieval.Dense;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.Retrieval;

/// <summary>
/// Dense index + RRF end to end with <see cref="HashingEmbeddingGenerator"/>. The embedder is a test double, not a
/// semantic model: paraphrases only meet because each test hands it a small synonym table, which stands in for
/// what a real embedding model learns. The keyword leg is a word-overlap stand-in for the store's FTS5 leg.
/// </summary>
public sealed class HybridFusionWithTestEmbedderTests
{
    private static readonly string[] Passages =
    [
        "The car dealership opens at nine",
        "Repairing an automobile motor, step by step",
        "How to fix a car engine that will not start",
        "Baking bread at home",
        "서울에서 맛있는 빵집 찾기",
        "차량을 고치는 절차와 준비물",
    ];

    private static readonly Dictionary<string, string> Synonyms = new()
    {
        ["automobile"] = "car",
        ["motor"] = "engine",
        ["repairing"] = "fix",
        ["자동차"] = "차량",
        ["수리"] = "고치",
    };

    [Fact]
    public async Task Embedder_is_deterministic_unit_length_and_describes_itself()
    {
        using var embedder = new HashingEmbeddingGenerator(dimensions: 128);

        var embeddings = await embedder.GenerateAsync(["서울에서 빵집", "서울에서 빵집", "Indexing documents"]);

        Assert.Equal(3, embeddings.Count);
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
        Assert.All(embeddings, e => Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 5));
        Assert.All(embeddings, e => Assert.Equal(128, e.Vector.Length));
        var metadata = Assert.IsType<EmbeddingGeneratorMetadata>(embedder.GetService(typeof(EmbeddingGeneratorMetadata)));
        Assert.Equal(128, metadata.DefaultModelDimensions);
        Assert.Equal(HashingEmbeddingGenerator.ModelId, metadata.DefaultModelId);
    }

    [Fact]
    public void Shared_surface_features_raise_cosine_and_synonyms_are_needed_for_paraphrases()
    {
        using var plain = new HashingEmbeddingGenerator();
        using var withSynonyms = new HashingEmbeddingGenerator(synonyms: Synonyms);

        // Hangul bigrams let "서울에서" and "서울의" share "서울"; stems let "indexes" meet "indexing".
        Assert.True(Cosine(plain, "서울에서 빵집", "서울의 빵집") > Cosine(plain, "서울에서 빵집", "차량 수리"));
        Assert.True(Cosine(plain, "indexes", "indexing") > Cosine(plain, "indexes", "bread"));

        // Without the table the paraphrase shares almost nothing; with it, it is the closest passage.
        Assert.True(Cosine(plain, "fix car engine", Passages[1]) < 0.2);
        Assert.True(Cosine(withSynonyms, "fix car engine", Passages[1]) > Cosine(withSynonyms, "fix car engine", Passages[0]));
    }

    [Fact]
    public void Fusion_recovers_a_paraphrase_that_the_keyword_leg_misses()
    {
        using var embedder = new HashingEmbeddingGenerator(synonyms: Synonyms);
        using var index = BuildIndex(embedder);
        const string query = "fix car engine";

        var keyword = KeywordLeg(query);
        var dense = index.Search(embedder.Embed(query), 3).Select(h => h.Id).ToList();
        var fused = ReciprocalRankFusion.Fuse<long>([new("keyword", keyword), new("dense", dense)]);

        Assert.Equal([2L, 0L], keyword);              // exact words only: the paraphrase (1) is absent
        Assert.Equal([2L, 1L], dense.Take(2));        // the paraphrase is the dense leg's runner-up
        Assert.Equal(2L, fused[0].Key);               // both legs agree on 2
        Assert.Contains(1L, fused.Take(3).Select(f => f.Key));
        Assert.Equal([1, 1], fused[0].LegRanks);
    }

    [Fact]
    public void Korean_paraphrase_with_no_shared_word_is_found_by_the_dense_leg_alone()
    {
        using var embedder = new HashingEmbeddingGenerator(synonyms: Synonyms);
        using var index = BuildIndex(embedder);
        const string query = "자동차 수리";

        var keyword = KeywordLeg(query);
        var dense = index.Search(embedder.Embed(query), 3).Select(h => h.Id).ToList();
        var fused = ReciprocalRankFusion.Fuse<long>([new("keyword", keyword), new("dense", dense)]);

        Assert.Empty(keyword);
        Assert.Equal(5L, fused[0].Key);
        Assert.Equal([null, 1], fused[0].LegRanks);
    }

    private static DenseVectorIndex BuildIndex(HashingEmbeddingGenerator embedder)
    {
        var index = new DenseVectorIndex(embedder.Dimensions);
        for (var id = 0; id < Passages.Length; id++)
        {
            index.Add(id, embedder.Embed(Passages[id]));
        }

        return index;
    }

    /// <summary>Passages ranked by how many distinct query words they contain exactly; ties by id.</summary>
    private static List<long> KeywordLeg(string query)
    {
        var terms = Words(query);
        return Passages
            .Select((text, id) => (Id: (long)id, Matches: Words(text).Intersect(terms).Count()))
            .Where(p => p.Matches > 0)
            .OrderByDescending(p => p.Matches)
            .ThenBy(p => p.Id)
            .Select(p => p.Id)
            .ToList();
    }

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static float Cosine(HashingEmbeddingGenerator embedder, string a, string b) =>
        TensorPrimitives.Dot(embedder.Embed(a), embedder.Embed(b));
}
