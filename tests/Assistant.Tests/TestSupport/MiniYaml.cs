namespace Assistant.Tests.TestSupport;

/// <summary>
/// Parses the block-style YAML subset a docker-compose file uses (nested mappings, "- " sequences, plain and
/// quoted scalars, comments) into dictionaries, lists and strings. Anything outside the subset — tabs in
/// indentation, flow collections, anchors, multi-line strings, a key repeated, bad indentation — throws
/// FormatException with the line number, so a malformed file fails the test instead of parsing loosely.
/// </summary>
public static class MiniYaml
{
    public static object Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n')
            .Select((l, i) => (Number: i + 1, Raw: l))
            .Where(l => l.Raw.Trim().Length > 0 && !l.Raw.TrimStart().StartsWith('#'))
            .Select(l =>
            {
                var indent = l.Raw.Length - l.Raw.TrimStart(' ').Length;
                if (l.Raw[indent] == '\t')
                {
                    throw new FormatException($"line {l.Number}: tab in indentation");
                }

                return (l.Number, Indent: indent, Text: StripComment(l.Raw.Trim()));
            })
            .ToList();
        var position = 0;
        var result = ParseBlock(lines, ref position, lines.Count == 0 ? 0 : lines[0].Indent);
        if (position != lines.Count)
        {
            throw new FormatException($"line {lines[position].Number}: unexpected indentation");
        }

        return result;
    }

    private static object ParseBlock(List<(int Number, int Indent, string Text)> lines, ref int i, int indent)
    {
        if (lines[i].Text.StartsWith("- ", StringComparison.Ordinal) || lines[i].Text == "-")
        {
            var list = new List<object>();
            while (i < lines.Count && lines[i].Indent == indent && lines[i].Text.StartsWith('-'))
            {
                var item = lines[i].Text[1..].Trim();
                if (item.Contains(": ", StringComparison.Ordinal) || item.EndsWith(':'))
                {
                    throw new FormatException($"line {lines[i].Number}: mappings inside sequences are outside the supported subset");
                }

                list.Add(Scalar(item, lines[i].Number));
                i++;
            }

            return list;
        }

        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        while (i < lines.Count && lines[i].Indent == indent)
        {
            var (number, _, text) = lines[i];
            var colon = text.IndexOf(':');
            if (colon <= 0 || (colon + 1 < text.Length && text[colon + 1] != ' ') || text.StartsWith('-'))
            {
                throw new FormatException($"line {number}: expected 'key: value', got '{text}'");
            }

            var key = Unquote(text[..colon].Trim(), number);
            var rest = text[(colon + 1)..].Trim();
            i++;
            object value;
            if (rest.Length > 0)
            {
                value = Scalar(rest, number);
            }
            else if (i < lines.Count && (lines[i].Indent > indent || (lines[i].Indent == indent && lines[i].Text.StartsWith('-'))))
            {
                value = ParseBlock(lines, ref i, lines[i].Indent);
            }
            else
            {
                value = "";
            }

            if (!map.TryAdd(key, value))
            {
                throw new FormatException($"line {number}: duplicate key '{key}'");
            }
        }

        if (i < lines.Count && lines[i].Indent > indent)
        {
            throw new FormatException($"line {lines[i].Number}: unexpected indentation");
        }

        return map;
    }

    private static string Scalar(string text, int number)
    {
        if (text.Length > 0 && "[{&*|>!".Contains(text[0]))
        {
            throw new FormatException($"line {number}: '{text}' is outside the supported YAML subset");
        }

        return Unquote(text, number);
    }

    private static string Unquote(string text, int number)
    {
        if (text.Length > 0 && text[0] is '"' or '\'')
        {
            if (text.Length < 2 || text[^1] != text[0])
            {
                throw new FormatException($"line {number}: unterminated quoted string {text}");
            }

            return text[1..^1];
        }

        return text;
    }

    private static string StripComment(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            if (quote == '\0' && text[i] is '"' or '\'')
            {
                quote = text[i];
            }
            else if (text[i] == quote)
            {
                quote = '\0';
            }
            else if (quote == '\0' && text[i] == '#' && i > 0 && text[i - 1] == ' ')
            {
                return text[..i].TrimEnd();
            }
        }

        return text;
    }
}
