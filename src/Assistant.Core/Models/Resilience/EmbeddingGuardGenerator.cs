using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Sits right on a library embedding connector: errors surface as <see cref="ModelException"/>, an empty batch
/// makes no call, and the server must return one vector per input of the profile's <c>Dimensions</c>. A wrong size
/// would otherwise be stored silently and poison the index (the first batch decides what the index records).
/// </summary>
public sealed class EmbeddingGuardGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ModelCallContext _context;
    private readonly int? _dimensions;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public EmbeddingGuardGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelCallContext context, int? dimensions)
        : base(inner)
    {
        _context = context;
        _dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(context.Provider, context.Endpoint, context.Model, dimensions);
    }

    /// <summary>
    /// Our provider name, not the library's: an index records its vectors as "provider/model" (EmbeddingSpace), and
    /// M.E.AI.OpenAI calls every OpenAI-compatible server "openai", which would make existing indexes look foreign.
    /// </summary>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IList<string> ?? values.ToList();
        if (inputs.Count == 0)
        {
            return [];
        }

        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken);
        }
        catch (Exception e) when (ConnectorGuardChatClient.Translate(e, _context, cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        if (result.Count != inputs.Count)
        {
            throw Invalid($"returned {result.Count} embeddings for {inputs.Count} inputs");
        }

        var expected = options?.Dimensions ?? _dimensions;
        if (expected is { } size && result.FirstOrDefault(e => e.Vector.Length != size) is { } wrong)
        {
            throw Invalid($"returned vectors of {wrong.Vector.Length} dimensions, but the profile's Dimensions is {size}. "
                + $"Set Models:Profiles:{_context.Profile}:Dimensions to {wrong.Vector.Length} (then reindex), or use a model or server that can return {size}");
        }

        return result;
    }

    private ModelException Invalid(string what) =>
        new(ModelErrorKind.BadRequest, $"Embedding profile '{_context.Profile}' ({_context.Provider} model '{_context.Model}' at {_context.Endpoint}) {what}.")
        { Profile = _context.Profile };
}
