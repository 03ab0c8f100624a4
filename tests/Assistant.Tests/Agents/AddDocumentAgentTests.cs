using Assistant.Core.Agents;
using Assistant.Core.Extensions;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Tests.Agents;

public sealed class AddDocumentAgentTests
{
    [Fact]
    public async Task The_registered_agent_uses_the_Agent_section_and_the_added_tool_plugins()
    {
        using var dir = new TempDir();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDirectory"] = dir.Combine("data"),
            ["Prompts:Directory"] = Path.Combine(RepoPaths.Root, "prompts"),
            ["Agent:MaxSteps"] = "3",
            ["Agent:DefaultTools:0"] = "search_documents",
            ["Agent:DefaultTools:1"] = "get_time",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddModels(configuration).AddKnowledgeBase(configuration).AddAssistantKernel(configuration).AddDocumentAgent(configuration);
        services.AddAgentTools(KernelPluginFactory.CreateFromObject(new OpsPlugin(), "Ops"));
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<AgentOptions>>().Value.MaxSteps);
        Assert.Equal(["Ops"], provider.GetRequiredService<AgentToolSet>().ExtraPlugins.Select(p => p.Name));
        var agent = provider.GetRequiredService<DocumentAgent>();

        var model = new CallbackChatClient((messages, n) => CallbackChatClient.Text("ok"));
        await agent.RunAsync(AgentTestKit.Kernel(model), new AgentRequest("time?"), CancellationToken.None);

        Assert.Equal([AgentTestKit.SearchTool, "Ops_get_time"], model.Calls[0].Options!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task A_step_cap_outside_its_range_fails_when_the_options_are_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Agent:MaxSteps"] = "500" }).Build();
        await using var provider = new ServiceCollection().AddDocumentAgent(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);
        Assert.Contains("MaxSteps", error.Message);
    }
}
