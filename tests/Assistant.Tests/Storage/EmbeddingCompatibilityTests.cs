using Assistant.Core.Storage;

namespace Assistant.Tests.Storage;

public sealed class EmbeddingCompatibilityTests
{
    private static readonly EmbeddingSpace Nomic = new("ollama/nomic-embed-text", 768);

    private static string? Problem(EmbeddingState state, string? model, int? dims, EmbeddingUse use = EmbeddingUse.Search) =>
        EmbeddingCompatibility.Problem(state, model, dims, use);

    [Theory]
    [InlineData(EmbeddingUse.Ingest)]
    [InlineData(EmbeddingUse.Search)]
    public void An_empty_index_accepts_any_model_and_none(EmbeddingUse use)
    {
        Assert.Null(Problem(EmbeddingState.Empty, "openai/text-embedding-3-small", 1536, use));
        Assert.Null(Problem(EmbeddingState.Empty, null, null, use));
        // Every document was removed: the recorded model no longer binds anything.
        Assert.Null(Problem(new EmbeddingState(Nomic, 0, 0, null), "openai/text-embedding-3-small", 1536, use));
    }

    [Fact]
    public void The_same_model_and_size_is_compatible_even_before_the_size_is_known()
    {
        var state = new EmbeddingState(Nomic, 10, 10, null);
        Assert.Null(Problem(state, Nomic.Model, 768));
        Assert.Null(Problem(state, Nomic.Model, null, EmbeddingUse.Ingest));
    }

    [Fact]
    public void Another_model_with_the_same_size_is_a_mismatch_naming_both_and_reindex()
    {
        var problem = Problem(new EmbeddingState(Nomic, 10, 10, null), "openai-compatible/bge-base", 768);

        Assert.NotNull(problem);
        Assert.Contains("ollama/nomic-embed-text (768 dimensions)", problem);
        Assert.Contains("openai-compatible/bge-base (768 dimensions)", problem);
        Assert.Contains("assistant reindex", problem);
    }

    [Fact]
    public void The_same_model_name_with_another_size_is_a_mismatch()
    {
        var problem = Problem(new EmbeddingState(Nomic, 10, 10, null), Nomic.Model, 512);
        Assert.Contains("512 dimensions", problem);
        Assert.Contains("assistant reindex", problem);
        Assert.Contains("the same model at a different vector size", problem);
        Assert.DoesNotContain("different models", problem);
        Assert.Contains("Dimensions back to 768", problem);
    }

    [Fact]
    public void A_keyword_only_index_with_a_newly_configured_model_asks_for_a_reindex()
    {
        var problem = Problem(new EmbeddingState(null, 42, 0, null), Nomic.Model, 768, EmbeddingUse.Ingest);
        Assert.Contains("42 chunks without vectors", problem);
        Assert.Contains("assistant reindex", problem);
    }

    [Fact]
    public void Ingesting_without_a_model_into_an_index_with_vectors_is_refused_but_keyword_search_is_fine()
    {
        var state = new EmbeddingState(Nomic, 10, 10, null);

        var problem = Problem(state, null, null, EmbeddingUse.Ingest);

        Assert.Contains("no embedding model is configured", problem);
        Assert.Contains("assistant reindex --drop-vectors", problem);
        Assert.Null(Problem(state, null, null, EmbeddingUse.Search));
    }

    [Fact]
    public void An_unfinished_reindex_to_the_configured_model_says_to_finish_it_while_the_old_model_keeps_working()
    {
        var target = new EmbeddingSpace("openai/text-embedding-3-small", 1536);
        var state = new EmbeddingState(Nomic, 10, 10, target);

        Assert.Contains("A reindex to openai/text-embedding-3-small (1536 dimensions) has not finished", Problem(state, target.Model, 1536));
        Assert.Null(Problem(state, Nomic.Model, 768));
    }

    [Fact]
    public void ThrowIfIncompatible_throws_the_problem_as_an_EmbeddingMismatchException()
    {
        var ex = Assert.Throws<EmbeddingMismatchException>(() =>
            EmbeddingCompatibility.ThrowIfIncompatible(new EmbeddingState(Nomic, 1, 1, null), "other", 768, EmbeddingUse.Search));
        Assert.Contains("assistant reindex", ex.Message);
    }
}
