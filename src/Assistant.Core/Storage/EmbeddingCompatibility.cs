namespace Assistant.Core.Storage;

/// <summary>What the vectors are about to be used for: ingesting adds vectors, searching compares against them.</summary>
public enum EmbeddingUse
{
    Ingest,
    Search,
}

/// <summary>
/// Decides whether the configured embedding model can be used with a store's vectors. Comparing a query vector
/// with vectors from another model returns confident nonsense, and mixing models in one index silently ruins
/// half of it, so every mismatch is an error that names the fix: <c>assistant reindex</c>.
/// </summary>
public static class EmbeddingCompatibility
{
    /// <param name="model">The configured model's name (<see cref="EmbeddingSpace.ModelName"/>); null when none is configured.</param>
    /// <param name="dimensions">The configured model's vector size when already known.</param>
    /// <returns>Null when compatible, else the problem and its fix in one message.</returns>
    public static string? Problem(EmbeddingState state, string? model, int? dimensions, EmbeddingUse use)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (model is null)
        {
            return use == EmbeddingUse.Ingest && state.Space is { } held && state.ChunksWithVectors > 0
                ? $"The index holds vectors from {held}, but no embedding model is configured, so new documents would get none and hybrid search would miss them. "
                  + "Set Models:DefaultEmbedding to that model, or run `assistant reindex --drop-vectors` to make the index keyword-only."
                : null;
        }

        if (state.Chunks == 0 && state.ChunksWithVectors == 0 && state.PendingReindex is null)
        {
            return null; // nothing stored yet: the first vectors written decide the space
        }

        if (state.Space is { } space && space.Model == model && (dimensions is null || space.Dimensions == dimensions))
        {
            return null;
        }

        var configured = dimensions is { } d ? $"{model} ({d} dimensions)" : model;
        if (state.PendingReindex is { } pending && pending.Model == model && (dimensions is null || pending.Dimensions == dimensions))
        {
            var from = state.Space?.ToString() ?? "no model";
            return $"A reindex to {pending} has not finished: the index still holds vectors from {from}. Run `assistant reindex` to finish it.";
        }

        if (state.Space is null)
        {
            return $"The index has {state.Chunks} chunks without vectors (they were indexed with no embedding model), but {configured} is now configured. "
                + "Run `assistant reindex` to embed them.";
        }

        if (state.Space.Model == model)
        {
            // Same model, other size (a changed Dimensions, or a server that shortens vectors): saying "different models" would send people hunting for the wrong setting.
            return $"The index's vectors come from {state.Space}, but the configured embedding model is {configured}: the same model at a different vector size. "
                + "Vectors of different sizes cannot be compared: run `assistant reindex` to re-embed every document at the new size, "
                + $"or set the embedding profile's Dimensions back to {state.Space.Dimensions}.";
        }

        return $"The index's vectors come from {state.Space}, but the configured embedding model is {configured}. "
            + "Vectors from different models cannot be compared: run `assistant reindex` to re-embed every document with the current model, "
            + "or set Models:DefaultEmbedding back to the model the index was built with.";
    }

    /// <exception cref="EmbeddingMismatchException">When <see cref="Problem"/> finds one.</exception>
    public static void ThrowIfIncompatible(EmbeddingState state, string? model, int? dimensions, EmbeddingUse use)
    {
        if (Problem(state, model, dimensions, use) is { } problem)
        {
            throw new EmbeddingMismatchException(problem);
        }
    }
}

/// <summary>The configured embedding model does not match the index's vectors; the message says how to fix it.</summary>
public sealed class EmbeddingMismatchException(string message) : InvalidOperationException(message);
