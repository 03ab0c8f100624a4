using Assistant.Core.KernelHost;
using Assistant.Core.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Assistant.Core.Answering;

/// <summary>Settings of the "Answering" section.</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "Answering";

    /// <summary>Chat model profile asked about each citation the rule finds unsupported; empty: no judge, the rule decides.</summary>
    public string? CitationJudge { get; set; }
}

/// <summary>A second opinion on a citation the rule of <see cref="CitationChecker"/> finds unsupported.</summary>
public interface ICitationJudge
{
    /// <returns>Whether <paramref name="passages"/> support <paramref name="claim"/>; null when the judge gave no usable answer.</returns>
    Task<bool?> SupportsAsync(string claim, IReadOnlyList<SearchHit> passages, CancellationToken cancellationToken);
}

/// <summary>
/// Asks a chat model through the <c>Answer/JudgeCitation</c> prompt function, the passages fenced as data as for the
/// answer itself. A reply other than SUPPORTED or UNSUPPORTED counts as no answer.
/// </summary>
public sealed class KernelCitationJudge(AssistantKernelFactory kernels, Func<IChatClient> createClient) : ICitationJudge
{
    public const string FunctionName = "JudgeCitation";

    public async Task<bool?> SupportsAsync(string claim, IReadOnlyList<SearchHit> passages, CancellationToken cancellationToken)
    {
        using var client = createClient();
        var kernel = kernels.Create(client);
        var fenced = PassageFence.Fence(passages);
        var result = await kernel.InvokeAsync(
            kernel.Plugins.GetFunction(GenerativeAnswerer.PluginName, FunctionName),
            new KernelArguments { ["claim"] = claim, ["passages"] = fenced.Text, ["nonce"] = fenced.Nonce },
            cancellationToken);
        var reply = (result.GetValue<ChatResponse>()?.Text ?? result.ToString()).Trim().TrimEnd('.').ToUpperInvariant();
        return reply switch
        {
            "SUPPORTED" => true,
            "UNSUPPORTED" => false,
            _ => null,
        };
    }
}
