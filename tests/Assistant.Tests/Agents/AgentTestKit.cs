using System.ComponentModel;
using Assistant.Core.Agents;
using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
using SkKernel = Microsoft.SemanticKernel.Kernel;

namespace Assistant.Tests.Agents;

/// <summary>
/// A real knowledge base (SQLite, real ingestion) with a few documents, the real prompts, and the agent over them.
/// Only the model is scripted.
/// </summary>
internal sealed class AgentTestKit : IDisposable
{
    public static readonly PromptLibrary Prompts = PromptLibrary.Load(Path.Combine(RepoPaths.Root, "prompts"));

    public const string SearchTool = "Documents_search_documents";

    public AgentTestKit()
    {
        Kb.Dir.Write("docs/refunds.md", "# Refunds\n\n## Policy\n\nRefunds are accepted within 30 days of purchase with a receipt.\n");
        Kb.Dir.Write("docs/sync.md", "# Sync\n\n## Logs\n\nSync logs are kept in the folder ~/.nimbus/logs for 7 days.\n");
        Kb.Dir.Write("docs/plans-ko.md", "# 요금제\n\n## 월간 요금제\n\n월간 요금제는 매달 9,900원이며 언제든 해지할 수 있습니다.\n");
    }

    public TestKnowledgeBase Kb { get; } = new();

    public OpsPlugin Ops { get; } = new();

    public AgentOptions Options { get; } = new();

    public async Task<AgentTestKit> IngestAsync(params string[] extraFiles)
    {
        await Kb.IngestAsync([Kb.Dir.Combine("docs"), .. extraFiles]);
        return this;
    }

    public KnowledgeRetriever Retriever => new(Kb.Store);

    public DocumentAgent Agent(bool withOps = true) => new(
        Retriever,
        new AgentPrompt(Prompts),
        new AgentToolSet(withOps ? [new AgentToolPlugin(KernelPluginFactory.CreateFromObject(Ops, "Ops"))] : []),
        Microsoft.Extensions.Options.Options.Create(Options));

    public static SkKernel Kernel(IChatClient model) => new AssistantKernelFactory(Prompts).Create(model);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int top = 3) =>
        await Retriever.SearchAsync(query, top);

    public void Dispose() => Kb.Dispose();

    public static FunctionCallContent Call(string id, string name, Dictionary<string, object?>? arguments = null) => new(id, name, arguments ?? []);

    /// <summary>The text of the tool result with <paramref name="callId"/> in what the model was sent.</summary>
    public static string? ToolResult(IReadOnlyList<ChatMessage> messages, string callId) =>
        messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().SingleOrDefault(r => r.CallId == callId)?.Result?.ToString();
}

/// <summary>Tools beside search: harmless ones, one that throws, and side-effecting ones a hostile document asks for.</summary>
public sealed class OpsPlugin
{
    public List<string> Ran { get; } = [];

    [KernelFunction("get_time"), Description("Returns the current time.")]
    public string GetTime()
    {
        lock (Ran) Ran.Add("get_time");
        return "2026-11-30T12:00:00Z";
    }

    [KernelFunction("wait"), Description("Waits until cancelled.")]
    public async Task<string> WaitAsync(CancellationToken cancellationToken)
    {
        lock (Ran) Ran.Add("wait");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "never";
    }

    [KernelFunction("explode"), Description("A tool that always fails.")]
    public string Explode([Description("Anything")] string reason)
    {
        lock (Ran) Ran.Add("explode");
        throw new InvalidOperationException("the disk is on fire: " + reason);
    }

    [KernelFunction("send_email"), Description("Sends an e-mail."), SideEffects]
    public string SendEmail([Description("Recipient")] string to, [Description("Body")] string body)
    {
        lock (Ran) Ran.Add($"send_email:{to}");
        return "sent";
    }

    [KernelFunction("delete_document"), Description("Deletes a document from the index."), SideEffects]
    public string DeleteDocument([Description("Document id or *")] string id)
    {
        lock (Ran) Ran.Add($"delete_document:{id}");
        return "deleted";
    }

    [KernelFunction("export_index"), Description("Uploads the index somewhere."), SideEffects]
    public string ExportIndex([Description("Where to")] string destination)
    {
        lock (Ran) Ran.Add($"export_index:{destination}");
        return "exported";
    }
}

/// <summary>An approver that answers as told and remembers what it was asked.</summary>
internal sealed class RecordingApprover(bool answer) : IToolApprover
{
    public List<ToolApprovalRequest> Asked { get; } = [];

    public ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        Asked.Add(request);
        return ValueTask.FromResult(answer);
    }
}
