using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>
/// Stands in for a connector whose key is not set, so the profile can still be built and listed and the
/// error (naming the variable) appears only when someone actually calls it.
/// </summary>
internal sealed class MissingKeyChatClient : IChatClient, IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ModelException _error;

    public MissingKeyChatClient(string profile, string provider, string? variable)
    {
        _error = new ModelException(ModelErrorKind.MissingApiKey, variable is null
            ? $"Profile '{profile}' ({provider}) needs an API key: set Models:Profiles:{profile}:ApiKeyEnv to the name of an environment variable holding it."
            : $"Profile '{profile}' ({provider}) needs an API key: environment variable {variable} is not set. Set it (export {variable}=...) or choose another profile.")
        { Profile = profile, Reason = variable is null ? "no ApiKeyEnv configured" : $"{variable} is not set" };
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromException<ChatResponse>(_error);

#pragma warning disable CS1998 // An async iterator that throws on first MoveNext, like a real failing stream.
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        throw _error;
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
#pragma warning restore CS1998

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromException<GeneratedEmbeddings<Embedding<float>>>(_error);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
