using System.Net;
using System.Text;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Wraps an SSE response body and fails loudly when it ends without the provider's end marker
/// (OpenAI <c>data: [DONE]</c>, Anthropic <c>event: message_stop</c>) or the connection drops. SDKs tend to
/// treat a closed stream as a finished answer; we must never hand back a silently truncated one.
/// </summary>
internal sealed class SseGuardContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly ModelCallContext _context;

    public SseGuardContent(HttpContent inner, ModelCallContext context)
    {
        _inner = inner;
        _context = context;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new SseGuardStream(await _inner.ReadAsStreamAsync(cancellationToken), _context);

    protected override async Task<Stream> CreateContentReadStreamAsync() =>
        new SseGuardStream(await _inner.ReadAsStreamAsync(), _context);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var guarded = new SseGuardStream(await _inner.ReadAsStreamAsync(), _context);
        await guarded.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

internal sealed class SseGuardStream : Stream
{
    private static readonly byte[][] EndMarkers = [Encoding.ASCII.GetBytes("data: [DONE]"), Encoding.ASCII.GetBytes("event: message_stop"), Encoding.ASCII.GetBytes("data:[DONE]")];
    private static readonly int TailLength = EndMarkers.Max(m => m.Length);
    private readonly Stream _inner;
    private readonly ModelCallContext _context;
    private readonly byte[] _window;
    private int _windowCount;
    private bool _sawEnd;

    public SseGuardStream(Stream inner, ModelCallContext context)
    {
        _inner = inner;
        _context = context;
        _window = new byte[TailLength * 2 + 4096];
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (IOException e)
        {
            throw ModelErrorMapper.StreamInterrupted(_context, "the connection dropped", e);
        }

        return Observe(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw ModelErrorMapper.StreamInterrupted(_context, "the connection dropped", e);
        }

        return Observe(buffer.Span[..n]);
    }

    private int Observe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            if (!_sawEnd)
            {
                throw ModelErrorMapper.StreamInterrupted(_context, "the server closed the event stream without its end marker");
            }

            return 0;
        }

        var length = data.Length;
        if (!_sawEnd)
        {
            // Keep the last few bytes of the previous read so a marker split across reads is still found.
            while (!data.IsEmpty)
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
        }

        return length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
