using System.Buffers;
using System.Text.Json;

namespace Assistant.Core.Models.Http;

/// <summary>
/// Watches Ollama's NDJSON chat stream line by line. OllamaSharp swallows an <c>{"error": …}</c> line sent in the
/// middle of a 200 stream and just ends the answer (NOTES §4), and it treats a stream cut before <c>"done": true</c>
/// as finished. Here the lines before the error still reach the reader, then the error is thrown with the server's
/// text (key scrubbed); a stream that ends without <c>"done": true</c> is StreamInterrupted.
/// </summary>
internal sealed class NdjsonGuardStream : GuardStream
{
    // A chat line is a few hundred bytes; a line longer than this is not inspected (it cannot be an error line we could show anyway).
    private const int MaxInspectedLine = 1 << 20;
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly string? _secret;
    private bool _lineTooLong;
    private bool _sawDone;

    public NdjsonGuardStream(Stream inner, ModelCallContext context, string? secret)
        : base(inner, context)
    {
        _secret = secret;
    }

    protected override int Observe(ReadOnlySpan<byte> data, out Exception? pending)
    {
        pending = null;
        if (data.IsEmpty)
        {
            if (Inspect() is { } last)
            {
                throw last;
            }

            return _sawDone ? 0 : throw ModelErrorMapper.StreamInterrupted(Context, "the NDJSON stream ended without \"done\": true");
        }

        var start = 0;
        while (data[start..].IndexOf((byte)'\n') is var nl and >= 0)
        {
            Append(data.Slice(start, nl));
            if (Inspect() is { } error)
            {
                // Hand on only what came before this line; the next read throws.
                pending = error;
                return start;
            }

            start += nl + 1;
        }

        Append(data[start..]);
        return data.Length;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lineTooLong || _line.WrittenCount + bytes.Length > MaxInspectedLine)
        {
            _lineTooLong = true;
            return;
        }

        _line.Write(bytes);
    }

    /// <summary>Reads the completed line: the server's error as a ModelException, or null; notes <c>"done": true</c>.</summary>
    private ModelException? Inspect()
    {
        var line = _line.WrittenSpan;
        var tooLong = _lineTooLong;
        _lineTooLong = false;
        try
        {
            if (tooLong || line.Trim(" \t\r"u8).IsEmpty || (line.IndexOf("\"error\""u8) < 0 && line.IndexOf("\"done\""u8) < 0))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                var text = error.ValueKind == JsonValueKind.String ? error.GetString() ?? "" : error.GetRawText();
                return ModelErrorMapper.FromStreamError(Context, ModelErrorMapper.Redact(text, _secret));
            }

            _sawDone |= root.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True;
            return null;
        }
        catch (JsonException)
        {
            return null; // Not ours to judge: OllamaSharp reports a line that is not JSON.
        }
        finally
        {
            _line.Clear();
        }
    }
}
