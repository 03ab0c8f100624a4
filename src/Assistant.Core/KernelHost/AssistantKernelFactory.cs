using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Core.KernelHost;

/// <summary>
/// Builds a Kernel over a chosen chat client: the prompt plugins plus that client as the kernel's chat service.
/// A question may name its own model profile (ask --model X), so the kernel is made per call rather than once;
/// that is cheap because the plugins are shared (<see cref="PromptLibrary"/>) and only a small service provider is new.
/// No logger factory is given to these kernels: SK logs a failed function at Error level under the function's name
/// ("fail: Grounded"), which would print every model error twice beside the one line the surface already shows.
/// </summary>
public sealed class AssistantKernelFactory(PromptLibrary prompts)
{
    public PromptLibrary Prompts => prompts;

    /// <summary>
    /// A Kernel whose chat service is <paramref name="chatClient"/> wrapped for Semantic Kernel's function calling.
    /// The caller keeps ownership of <paramref name="chatClient"/> and disposes it.
    /// </summary>
    public SkKernel Create(IChatClient chatClient)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        var builder = SkKernel.CreateBuilder();
        builder.Services.AddSingleton(WithFunctionInvocation(chatClient));
        foreach (var plugin in prompts.Plugins) builder.Plugins.Add(plugin);
        return builder.Build();
    }

    /// <summary>
    /// Wraps a client so that tool calls the model makes are executed by the Kernel. Without this a raw IChatClient
    /// sends the tools and gets the call back, but nothing runs and the answer is silently empty.
    /// The wrapper is registered as an instance, so disposing the kernel's services never disposes the caller's client.
    /// </summary>
    public static IChatClient WithFunctionInvocation(IChatClient chatClient) =>
        MetadataChatClient.Ensure(chatClient).AsBuilder().UseKernelFunctionInvocation().Build();
}
