using Assistant.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Assistant.Tests.Models;

/// <summary>A test that runs only when an environment variable is set, and otherwise shows as skipped with the reason.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(string variable)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"Live test: set {variable} to run it against the real service.";
        }
    }
}

/// <summary>Opt-in calls to real providers; each asks for a one-word answer to keep cost negligible.</summary>
public sealed class LiveModelTests
{
    private static async Task<ChatResponse> AskAsync(ModelProfile profile)
    {
        var options = new ModelsOptions { Profiles = { ["live"] = profile } };
        var factory = new ModelProfileFactory(Options.Create(options));
        return await factory.CreateChatClient("live")
            .GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Reply with the single word: pong")], new ChatOptions { MaxOutputTokens = 20 })
            .ToChatResponseAsync();
    }

    [LiveFact("ASSISTANT_LIVE_OLLAMA_URL")]
    public async Task Ollama_answers()
    {
        var url = Environment.GetEnvironmentVariable("ASSISTANT_LIVE_OLLAMA_URL")!;
        var model = Environment.GetEnvironmentVariable("ASSISTANT_LIVE_OLLAMA_MODEL") ?? "llama3.1";
        var response = await AskAsync(new ModelProfile { Provider = "ollama", Model = model, Endpoint = url });
        Assert.Contains("pong", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [LiveFact("OPENAI_API_KEY")]
    public async Task OpenAI_answers()
    {
        var response = await AskAsync(new ModelProfile { Provider = "openai", Model = "gpt-4o-mini", ApiKeyEnv = "OPENAI_API_KEY" });
        Assert.Contains("pong", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Usage?.InputTokenCount > 0);
    }

    [LiveFact("ANTHROPIC_API_KEY")]
    public async Task Anthropic_answers()
    {
        var response = await AskAsync(new ModelProfile { Provider = "anthropic", Model = "claude-haiku-4-5", ApiKeyEnv = "ANTHROPIC_API_KEY" });
        Assert.Contains("pong", response.Text, StringComparison.OrdinalIgnoreCase);
    }
}
