using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Limits;

/// <summary>Endpoint metadata: this endpoint takes uploads, so its body may reach Server:Limits:MaxUploadBytes.</summary>
public sealed class UploadBodyLimit;

/// <summary>
/// Caps every request body: Server:Limits:MaxRequestBodyBytes, or MaxUploadBytes for upload endpoints. A declared
/// Content-Length past the cap is refused before anything is read; a body without one (chunked) is cut off when it
/// passes the cap. Both end as 413 Problem Details. Kestrel's own cap is set to the larger of the two.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value.Limits;
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<UploadBodyLimit>() is null ? limits.MaxRequestBodyBytes : limits.MaxUploadBytes;
        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            throw new BadHttpRequestException($"The request body is {declared} bytes; the limit is {limit}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        // The test server and some hosts have no size feature; the counting stream enforces the cap everywhere.
        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        return next(context);
    }
}

/// <summary>Reads through to the request body and throws 413 once more than the limit has been read.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        _read += n;
        if (_read > limit) throw new BadHttpRequestException($"The request body is over the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
