using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Server.Plugins;

/// <summary>
/// The function plugins the API exposes: every <see cref="KernelPlugin"/> registered in the container (Sentiment today;
/// Summarize, Translate, CodeReview when they register theirs). Calls run on a Kernel over the default chat model
/// when Models:DefaultChat is set, else on a Kernel without a model (plugins then use their offline modes).
/// </summary>
public sealed class PluginCatalog(IEnumerable<KernelPlugin> plugins, IOptions<ModelsOptions> models, IServiceProvider services) : IDisposable
{
    private readonly IReadOnlyList<KernelPlugin> _plugins = [.. plugins];
    private readonly Lazy<(Kernel Kernel, IChatClient? Chat)> _kernel = new(() => CreateKernel(models.Value, services));

    public IReadOnlyList<KernelPlugin> Plugins => _plugins;

    public Kernel Kernel => _kernel.Value.Kernel;

    public KernelPlugin? Find(string name) => _plugins.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static (Kernel, IChatClient?) CreateKernel(ModelsOptions models, IServiceProvider services)
    {
        if (string.IsNullOrWhiteSpace(models.DefaultChat)) return (new Kernel(), null);
        var chat = services.GetRequiredService<ModelProfileFactory>().CreateChatClient(null);
        return (services.GetRequiredService<AssistantKernelFactory>().Create(chat), chat);
    }

    public void Dispose()
    {
        if (_kernel.IsValueCreated) _kernel.Value.Chat?.Dispose();
    }
}
