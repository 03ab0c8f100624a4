using System.Text;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Fails an SSE body that ends without the provider's end marker (OpenAI <c>data: [DONE]</c>, Anthropic
/// <c>event: message_stop</c>). The OpenAI SDK treats a closed stream as a finished answer; we must never
/// hand back a silently truncated one.
/// </summary>
internal sealed class SseGuardStream : GuardStream
{
    private static readonly byte[][] EndMarkers = [Encoding.ASCII.GetBytes("data: [DONE]"), Encoding.ASCII.GetBytes("event: message_stop"), Encoding.ASCII.GetBytes("data:[DONE]")];
    private static readonly int TailLength = EndMarkers.Max(m => m.Length);
    private readonly byte[] _window = new byte[TailLength * 2 + 4096];
    private int _windowCount;
    private bool _sawEnd;

    public SseGuardStream(Stream inner, ModelCallContext context)
        : base(inner, context)
    {
    }

    protected override int Observe(ReadOnlySpan<byte> data, out Exception? pending)
    {
        pending = null;
        if (data.IsEmpty)
        {
            return _sawEnd ? 0 : throw ModelErrorMapper.StreamInterrupted(Context, "the server closed the event stream without its end marker");
        }

        var length = data.Length;
        // Keep the last few bytes of the previous read so a marker split across reads is still found.
        while (!_sawEnd && !data.IsEmpty)
        {
            var take = Math.Min(data.Length, _window.Length - _windowCount);
            data[..take].CopyTo(_window.AsSpan(_windowCount));
            _windowCount += take;
            data = data[take..];
            var span = _window.AsSpan(0, _windowCount);
            foreach (var marker in EndMarkers)
            {
                _sawEnd |= span.IndexOf(marker) >= 0;
            }

            var keep = Math.Min(_windowCount, TailLength);
            span[^keep..].CopyTo(_window);
            _windowCount = keep;
        }

        return length;
    }
}
