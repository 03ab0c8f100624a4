using Microsoft.Extensions.AI;

namespace Assistant.Core.KernelHost;

/// <summary>
/// Semantic Kernel refuses a chat client that reports no <see cref="ChatClientMetadata"/> (ArgumentNullException before
/// any call). Some clients have none, e.g. the stand-in for a profile whose key is missing; without this the user
/// would see a crash instead of that client's "set the key" error.
/// </summary>
internal sealed class MetadataChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly ChatClientMetadata _metadata = new(nameof(MetadataChatClient));

    public static IChatClient Ensure(IChatClient client) =>
        client.GetService<ChatClientMetadata>() is null ? new MetadataChatClient(client) : client;

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? InnerClient.GetService(serviceType) ?? _metadata : base.GetService(serviceType, serviceKey);
}
