using Assistant.Core.Models;
using Microsoft.Extensions.AI;

namespace Assistant.Core.Answering;

/// <summary>A chat client and the profile it was made from. Disposing it disposes the client, unless the client is shared.</summary>
public sealed record SelectedChat(string Profile, IChatClient Client) : IDisposable
{
    /// <summary>The profile's settings (ContextWindow, MaxOutputTokens for the context budget); null when unknown.</summary>
    public ModelProfile? Settings { get; init; }

    /// <summary>The client belongs to whoever made it (the selector keeps one per profile) and outlives this selection.</summary>
    public bool Shared { get; init; }

    public void Dispose()
    {
        if (!Shared) Client.Dispose();
    }
}

/// <summary>The chosen chat model (null: none, answer extractively) and why the default was passed over, if it was.</summary>
public sealed record ChatSelection(SelectedChat? Chat, string? Notice);

/// <summary>A requested profile that is not configured. Surfaces treat it as a usage error.</summary>
public sealed class UnknownModelProfileException(string profile, IReadOnlyList<string> known)
    : Exception($"no such profile '{profile}' (known: {string.Join(", ", known)})")
{
    public string Profile { get; } = profile;

    public IReadOnlyList<string> Known { get; } = known;
}

/// <summary>Chooses the chat model for a question. The seam lets answering be tested against a scripted model.</summary>
public interface IChatModelSelector
{
    /// <summary>Throws <see cref="UnknownModelProfileException"/> when <paramref name="requested"/> is not a configured profile.</summary>
    Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken);
}

/// <summary>
/// Picks the chat model for a question: the requested profile, else Models:DefaultChat when usable, else a chat
/// model on a local Ollama server, else none (the answer is then extractive).
/// </summary>
/// <remarks>
/// The default profile is probed once and, when usable, trusted for <see cref="UsableFor"/>: the server asks on every
/// message, and probing each time cost a GET to the model server (and one per other configured profile) per message.
/// A default that is not usable is probed again on the next question, so a model coming up is noticed at once.
/// The client of a configured profile is made once and shared: every layer of it is stateless per call, and building
/// the chain (connector, HttpClient, middleware) on every message was a measurable share of the server's time per
/// message (bench-server profiles).
/// </remarks>
public sealed class ChatModelSelector(ModelProfileFactory factory, ModelCatalog catalog, TimeProvider? time = null) : IChatModelSelector, IDisposable
{
    /// <summary>How long a usable default profile is trusted without probing it again.</summary>
    public static readonly TimeSpan UsableFor = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    // A reference swapped whole, so threads never see half an update.
    private volatile TrustedProfile? _usable;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.Ordinal);

    /// <summary>The shared client of a configured profile (options are read once at start, so a profile never changes).</summary>
    private SelectedChat Shared(string profile)
    {
        factory.Options.TryGetProfile(profile, out var settings);
        var client = _clients.GetOrAdd(profile, name => new Lazy<IChatClient>(() => factory.CreateChatClient(name))).Value;
        return new SelectedChat(profile, client) { Settings = settings, Shared = true };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated) client.Value.Dispose();
        }

        _clients.Clear();
    }

    public async Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (!factory.Options.Profiles.ContainsKey(requested))
            {
                throw new UnknownModelProfileException(requested, [.. factory.Options.Profiles.Keys.Order()]);
            }

            return new ChatSelection(Shared(requested), null);
        }

        string? notice = null;
        var defaultChat = factory.Options.DefaultChat;
        if (!string.IsNullOrWhiteSpace(defaultChat))
        {
            var now = _time.GetUtcNow();
            var trusted = _usable is { } known && known.Profile == defaultChat && known.Until > now;
            var probe = trusted ? null : await catalog.ProbeAsync(defaultChat, cancellationToken);
            if (trusted || probe?.Usable == true)
            {
                if (!trusted) _usable = new TrustedProfile(defaultChat, now + UsableFor);
                return new ChatSelection(Shared(defaultChat), null);
            }

            notice = $"Default chat profile '{defaultChat}' is not usable ({probe?.Status ?? "unknown profile"}); looking for a local Ollama model.";
        }

        var local = await catalog.FindLocalOllamaChatModelAsync(cancellationToken);
        return new ChatSelection(local is { } l ? new SelectedChat(l.Name, factory.CreateChatClient(l.Name, l.Profile)) { Settings = l.Profile } : null, notice);
    }

    private sealed record TrustedProfile(string Profile, DateTimeOffset Until);
}
