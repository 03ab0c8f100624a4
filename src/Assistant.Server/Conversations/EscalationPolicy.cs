using System.Text.RegularExpressions;
using Assistant.Plugins.Sentiment;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Assistant.Server.Conversations;

/// <summary>The <c>Server:Support</c> section: when a reply hands the conversation to a person.</summary>
public sealed class SupportOptions
{
    public const string SectionName = "Server:Support";

    /// <summary>Escalate when the documents do not answer (found=false).</summary>
    public bool EscalateWhenNotFound { get; set; } = true;

    /// <summary>How many of the customer's latest messages (this one included) the sentiment rule averages.</summary>
    public int SentimentWindow { get; set; } = 3;

    /// <summary>Escalate when the average lexicon score of those messages is at or below this (-1 … 1).</summary>
    public double NegativeThreshold { get; set; } = -0.5;
}

/// <summary>Why a reply escalates; the values are the <c>escalationReason</c> of the API.</summary>
public static class EscalationReasons
{
    public const string PersonRequested = "person-requested";
    public const string NegativeSentiment = "negative-sentiment";
    public const string NotFound = "not-found";
}

/// <summary>
/// Decides whether a reply hands off to a person. An explicit request comes first (the customer said so), then a
/// conversation turning sour, then an answer the documents could not give. Sentiment uses the Sentiment plugin's
/// lexicon analyser only (no model call per message: it runs on every turn and must be cheap and predictable).
/// </summary>
public sealed partial class EscalationPolicy(IOptions<SupportOptions> options)
{
    // No prompts given: the plugin always takes its lexicon path, on an empty kernel.
    private readonly SentimentPlugin _sentiment = new();
    private readonly Kernel _kernel = new();

    /// <summary>Null when the reply needs no person, else the reason.</summary>
    /// <param name="customerMessages">The customer's messages, oldest first, the current one last.</param>
    /// <param name="found">Whether the documents answered the current message.</param>
    public async Task<string?> DecideAsync(IReadOnlyList<string> customerMessages, bool found, CancellationToken cancellationToken)
    {
        var current = customerMessages[^1];
        if (AsksForPerson(current)) return EscalationReasons.PersonRequested;
        if (await AverageSentimentAsync(customerMessages, cancellationToken) <= options.Value.NegativeThreshold) return EscalationReasons.NegativeSentiment;
        return !found && options.Value.EscalateWhenNotFound ? EscalationReasons.NotFound : null;
    }

    /// <summary>"talk to a human", "real person please", "상담원 연결해 주세요", "사람과 통화하고 싶어요", "담당자 연결"…</summary>
    public static bool AsksForPerson(string message) => English().IsMatch(message) || Korean().IsMatch(message);

    /// <summary>Mean lexicon score of the last <see cref="SupportOptions.SentimentWindow"/> messages.</summary>
    public async Task<double> AverageSentimentAsync(IReadOnlyList<string> customerMessages, CancellationToken cancellationToken)
    {
        var window = customerMessages.TakeLast(Math.Max(1, options.Value.SentimentWindow)).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        if (window.Count == 0) return 0;
        double sum = 0;
        foreach (var message in window)
        {
            // The plugin caps its input; a long message is judged by its start.
            var text = message.Length > 4000 ? message[..4000] : message;
            sum += (await _sentiment.AnalyzeAsync(_kernel, text, null, cancellationToken)).Score;
        }

        return sum / window.Count;
    }

    [GeneratedRegex(
        @"\b(talk|speak|chat|connect|transfer|put)\b[\w\s]{0,20}?\b(to|with|through)\s+(a|an|some|your|the|one)?\s*(real\s+|live\s+|actual\s+)?(human|person|agent|representative|rep|operator|someone|somebody|staff|people)\b" +
        @"|\b(human|live|real)\s+(agent|person|support|operator|being)\b|\bcustomer\s+service\s+(agent|representative|rep)\b" +
        @"|\b(need|want)\s+(a|an)\s+(human|person|agent|representative|operator)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex English();

    [GeneratedRegex(
        @"상담원|상담사|상담 ?직원|담당자\s*(와|랑|하고|를|좀)?\s*(연결|통화|바꿔|얘기|이야기|대화)|사람\s*(과|이랑|하고|랑|한테|에게|을|좀)?\s*(통화|연결|대화|얘기|이야기|바꿔)|직원\s*(과|이랑|하고|랑|을|좀)?\s*(연결|통화|바꿔|대화)|상담\s*(연결|요청)|고객\s*센터\s*연결")]
    private static partial Regex Korean();
}
