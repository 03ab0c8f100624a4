using Assistant.Core.Answering;
using Assistant.Core.Models;

namespace Assistant.Core.Evaluation;

/// <summary>Answers one question with one profile: the seam between the eval and the answer pipeline.</summary>
public interface IEvalAnswerer
{
    /// <summary>Throws <see cref="UnknownModelProfileException"/> for a profile that is not configured.</summary>
    Task<AnswerResult> AnswerAsync(string profile, string question, int top, Action<string>? onToken, CancellationToken cancellationToken);

    /// <summary>The model name the profile is configured with, and its prices; null for the extractive answerer.</summary>
    ModelProfile? Describe(string profile);

    /// <summary>Profiles that can be asked, <c>extractive</c> included.</summary>
    IReadOnlyList<string> KnownProfiles { get; }
}

/// <summary>
/// Asks <see cref="AnswerService"/>, the same path <c>assistant ask</c> takes, so the eval measures what users get.
/// The profile <see cref="ExtractiveProfile"/> (unless configured as a real profile) answers with no model at all: an
/// AnswerService whose model selector never offers one.
/// </summary>
public sealed class AnswerServiceEvalAnswerer(AnswerService answers, AnswerService extractive, ModelProfileFactory? profiles = null) : IEvalAnswerer
{
    public const string ExtractiveProfile = "extractive";

    public Task<AnswerResult> AnswerAsync(string profile, string question, int top, Action<string>? onToken, CancellationToken cancellationToken)
    {
        var request = new AnswerRequest(question) { Top = top, Profile = profile, OnToken = onToken };
        return IsExtractive(profile)
            ? extractive.AnswerAsync(request with { Profile = null }, cancellationToken)
            : answers.AnswerAsync(request, cancellationToken);
    }

    public ModelProfile? Describe(string profile) =>
        profiles?.Options.Profiles.GetValueOrDefault(profile);

    public IReadOnlyList<string> KnownProfiles =>
        [.. (profiles?.Options.Profiles.Where(p => p.Value.Kind == ModelKind.Chat).Select(p => p.Key) ?? []).Append(ExtractiveProfile).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private bool IsExtractive(string profile) =>
        string.Equals(profile, ExtractiveProfile, StringComparison.OrdinalIgnoreCase) && Describe(profile) is null;
}

/// <summary>A selector that never offers a chat model: the answer is extractive.</summary>
public sealed class NoChatModelSelector : IChatModelSelector
{
    public Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken) =>
        Task.FromResult(new ChatSelection(null, null));
}
