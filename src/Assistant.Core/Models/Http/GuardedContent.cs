using System.Net;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Wraps a streamed response body in a <see cref="GuardStream"/>, so that SDKs reading it (the OpenAI SDK's SSE
/// reader, OllamaSharp's NDJSON reader) meet our errors instead of a silently short stream.
/// </summary>
internal sealed class GuardedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<Stream, GuardStream> _guard;

    public GuardedContent(HttpContent inner, Func<Stream, GuardStream> guard)
    {
        _inner = inner;
        _guard = guard;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        _guard(await _inner.ReadAsStreamAsync(cancellationToken));

    protected override async Task<Stream> CreateContentReadStreamAsync() =>
        _guard(await _inner.ReadAsStreamAsync());

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var guarded = _guard(await _inner.ReadAsStreamAsync());
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

/// <summary>
/// A read-only pass-through stream that watches the bytes going by. A dropped connection becomes StreamInterrupted;
/// what counts as a proper end (or an error inside the stream) is the subclass's call.
/// </summary>
internal abstract class GuardStream : Stream
{
    private readonly Stream _inner;
    private Exception? _pending;

    protected GuardStream(Stream inner, ModelCallContext context)
    {
        _inner = inner;
        Context = context;
    }

    protected ModelCallContext Context { get; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Sees the next bytes (empty at the end of the stream) and returns how many of them to hand on; it may throw,
    /// or set <paramref name="pending"/> to fail the next read once the bytes before the problem were delivered.
    /// </summary>
    protected abstract int Observe(ReadOnlySpan<byte> data, out Exception? pending);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfPending();
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (IOException e)
        {
            throw ModelErrorMapper.StreamInterrupted(Context, "the connection dropped", e);
        }

        return Pass(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfPending();
        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw ModelErrorMapper.StreamInterrupted(Context, "the connection dropped", e);
        }

        return Pass(buffer.Span[..n]);
    }

    private int Pass(ReadOnlySpan<byte> data)
    {
        var pass = Observe(data, out _pending);
        if (pass == 0 && _pending is not null)
        {
            ThrowIfPending();
        }

        return pass;
    }

    private void ThrowIfPending()
    {
        if (_pending is { } e)
        {
            throw e;
        }
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
