namespace Assistant.Core.Answering;

/// <summary>
/// The model has been asked and nothing has come back yet: which profile and model, and for how long.
/// <see cref="Ended"/> is true once, when the first part of the answer arrived or the call ended (even by failing).
/// </summary>
public sealed record ModelWaiting(string Profile, string? Model, TimeSpan Elapsed, bool Ended = false);

/// <summary>
/// Reports a wait for the first token to <see cref="AnswerRequest.OnWaiting"/>: after <see cref="AnswerRequest.WaitingAfter"/>,
/// then every second, then once with <c>Ended</c>; when the call falls back to another profile, the wait names that one. A surface uses it to show a "waiting for …" line; the service prints nothing.
/// </summary>
internal sealed class ModelWaitWatch : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly Action<ModelWaiting> _report;
    private string _profile;
    private string? _model;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly ITimer _timer;
    private bool _shown;
    private bool _over;

    private ModelWaitWatch(Action<ModelWaiting> report, string profile, string? model, TimeSpan after, TimeProvider time)
    {
        _report = report;
        _profile = profile;
        _model = model;
        _time = time;
        _start = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Tick(), null, after, Every);
    }

    /// <summary>Null when nobody listens.</summary>
    public static ModelWaitWatch? Start(AnswerRequest request, string profile, string? model, TimeProvider time) =>
        request.OnWaiting is { } report ? new ModelWaitWatch(report, profile, model, request.WaitingAfter, time) : null;

    public static ModelWaitWatch Start(Action<ModelWaiting> report, TimeSpan after, string profile, string? model, TimeProvider time) =>
        new(report, profile, model, after, time);

    /// <summary>The first token came (or the call is over): stop, and tell the listener if it was told about a wait.</summary>
    public void End()
    {
        lock (_gate)
        {
            if (_over)
            {
                return;
            }

            _over = true;
            _timer.Dispose();
            if (_shown)
            {
                _report(new ModelWaiting(_profile, _model, _time.GetElapsedTime(_start), Ended: true));
            }
        }
    }

    /// <summary>The call moved on to a fallback profile: name that one from now on (at once, when a wait is already shown).</summary>
    public void Switch(string profile, string? model)
    {
        lock (_gate)
        {
            _profile = profile;
            _model = model;
            if (_shown && !_over)
            {
                _report(new ModelWaiting(_profile, _model, _time.GetElapsedTime(_start)));
            }
        }
    }

    public void Dispose() => End();

    // Under the lock, so no tick can be reported after End's report.
    private void Tick()
    {
        lock (_gate)
        {
            if (_over)
            {
                return;
            }

            _shown = true;
            _report(new ModelWaiting(_profile, _model, _time.GetElapsedTime(_start)));
        }
    }
}
