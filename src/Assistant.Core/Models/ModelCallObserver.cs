namespace Assistant.Core.Models;

/// <summary>
/// Lets whoever started a model call hear which profile is being tried: the fallback chain switches profiles deep
/// inside the pipeline, where no caller's callback can be passed in (Semantic Kernel builds the options), so the
/// listener rides on the async flow of the call instead, like a logging scope.
/// </summary>
public static class ModelCallObserver
{
    private static readonly AsyncLocal<Action<string, string?>?> Current = new();

    /// <summary>Until disposed, calls made in this async flow report each fallback profile they turn to: (profile, model).</summary>
    public static IDisposable Observe(Action<string, string?> onProfile)
    {
        var previous = Current.Value;
        Current.Value = onProfile;
        return new Restore(previous);
    }

    internal static void Trying(string profile, string? model) => Current.Value?.Invoke(profile, model);

    private sealed class Restore(Action<string, string?>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
