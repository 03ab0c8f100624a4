using System.Collections.Concurrent;
using Assistant.Core.Answering;
using Assistant.Core.Extensions;
using Assistant.Core.KernelHost;
using Assistant.Core.Models;
using Assistant.Core.Storage;
using Assistant.Core.Storage.Qdrant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Core.KnowledgeBases;

/// <summary>
/// Resolves a knowledge base name to its own services. "default" is the root container (the root DataDirectory);
/// every other configured base gets a container of its own, built on first use from the same registrations
/// (<c>AddKnowledgeBase</c>, <c>AddAssistantKernel</c>) over settings that point at the base's folder and Qdrant
/// collection, and sharing the root's models. Separate stores rather than one store with a filter, so that a
/// forgotten filter in some new endpoint cannot leak another base's documents.
/// </summary>
public sealed class KnowledgeBaseRegistry(IServiceProvider root, IConfiguration configuration) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<KnowledgeBase>> _bases = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<ServiceProvider> _owned = [];

    /// <summary>"default" and every name under <c>KnowledgeBases</c>, sorted.</summary>
    public IReadOnlyList<string> Names { get; } = ReadNames(configuration);

    public static IReadOnlyList<string> ReadNames(IConfiguration configuration) =>
        [.. configuration.GetSection(KnowledgeBaseOptions.SectionName).GetChildren().Select(c => c.Key)
            .Append(KnowledgeBaseNames.Default).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The base named <paramref name="name"/>; throws <see cref="UnknownKnowledgeBaseException"/> when it is not configured.</summary>
    public KnowledgeBase Get(string name)
    {
        if (!Contains(name)) throw new UnknownKnowledgeBaseException(name, Names);
        return _bases.GetOrAdd(name, n => new Lazy<KnowledgeBase>(() => Create(n))).Value;
    }

    private KnowledgeBase Create(string name)
    {
        if (name == KnowledgeBaseNames.Default)
        {
            return new KnowledgeBase(name, root, root.GetRequiredService<IOptions<StoreOptions>>().Value);
        }

        var settings = configuration.GetSection($"{KnowledgeBaseOptions.SectionName}:{name}").Get<KnowledgeBaseOptions>() ?? new KnowledgeBaseOptions();
        var rootStore = root.GetRequiredService<IOptions<StoreOptions>>().Value;
        var overlay = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDirectory"] = settings.DataDirectory ?? Path.Combine(rootStore.DataDirectory, "kb", name),
                [$"{QdrantOptions.SectionName}:Collection"] = settings.QdrantCollection
                    ?? $"{configuration[$"{QdrantOptions.SectionName}:Collection"] ?? new QdrantOptions().Collection}-kb-{name}",
            })
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(overlay);
        // Shared from the root (registered as instances, so the base's container does not dispose them).
        if (root.GetService<ILoggerFactory>() is { } loggers)
        {
            services.AddSingleton(loggers);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        }

        if (root.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is { } embedder) services.AddSingleton(embedder);
        services.AddKnowledgeBase(overlay);
        if (root.GetService<ModelProfileFactory>() is { } models && root.GetService<PromptLibrary>() is { } prompts)
        {
            // Answering over this base's store with the root's models and prompts (AddAssistantKernel keeps these instances).
            services.AddSingleton(models);
            services.AddSingleton(prompts);
            services.AddSingleton(root.GetRequiredService<AssistantKernelFactory>());
            services.AddSingleton(root.GetRequiredService<IChatModelSelector>());
            services.AddAssistantKernel(overlay);
        }

        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        return new KnowledgeBase(name, provider, provider.GetRequiredService<IOptions<StoreOptions>>().Value);
    }

    public async ValueTask DisposeAsync()
    {
        while (_owned.TryTake(out var provider)) await provider.DisposeAsync();
    }

    public void Dispose()
    {
        while (_owned.TryTake(out var provider)) provider.Dispose();
    }
}
