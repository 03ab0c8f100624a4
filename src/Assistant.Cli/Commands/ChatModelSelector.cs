using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Cli.Commands;

/// <summary>A chat client and the profile it was made from.</summary>
internal sealed record SelectedChat(string Profile, IChatClient Client);

/// <summary>
/// Picks the chat model for a question: --model, else Models:DefaultChat when usable, else a chat model on a
/// local Ollama server, else none (the answer is then extractive).
/// </summary>
internal static class ChatModelSelector
{
    public static async Task<SelectedChat?> SelectAsync(IServiceProvider services, string? requested, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<ModelProfileFactory>();
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (!factory.Options.Profiles.ContainsKey(requested))
            {
                throw new UsageException($"--model {requested}: no such profile (known: {string.Join(", ", factory.Options.Profiles.Keys.Order())})");
            }

            return new SelectedChat(requested, factory.CreateChatClient(requested));
        }

        var catalog = services.GetRequiredService<ModelCatalog>();
        var defaultChat = factory.Options.DefaultChat;
        if (!string.IsNullOrWhiteSpace(defaultChat))
        {
            var probe = (await catalog.ProbeAsync(cancellationToken)).FirstOrDefault(r => string.Equals(r.Name, defaultChat, StringComparison.OrdinalIgnoreCase));
            if (probe?.Usable == true) return new SelectedChat(defaultChat, factory.CreateChatClient(defaultChat));
            Console.Error.WriteLine($"Default chat profile '{defaultChat}' is not usable ({probe?.Status ?? "unknown profile"}); looking for a local Ollama model.");
        }

        var local = await catalog.FindLocalOllamaChatModelAsync(cancellationToken);
        return local is { } l ? new SelectedChat(l.Name, factory.CreateChatClient(l.Name, l.Profile)) : null;
    }
}
