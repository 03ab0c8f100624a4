using Assistant.Core.Answering;

namespace Assistant.Tests.TestSupport;

/// <summary>A model selector that always returns <paramref name="selection"/>: the seam through which tests put a scripted model in the pipeline.</summary>
public sealed class FixedSelector(ChatSelection selection) : IChatModelSelector
{
    public Task<ChatSelection> SelectAsync(string? requested, CancellationToken cancellationToken) => Task.FromResult(selection);
}
