using System.Text.Json;
using Assistant.Plugins.Common;

namespace Assistant.Plugins.Translate;

/// <summary>Fixed term translations: "source = target" lines (also "source, tab, target" or "source => target"), or a JSON object.</summary>
public static class Glossary
{
    /// <summary>Parses a glossary; an unreadable line is an argument error naming it.</summary>
    /// <param name="text">The glossary text; null or blank for none.</param>
    /// <param name="maxTerms">Most entries accepted.</param>
    public static IReadOnlyDictionary<string, string> Parse(string? text, int maxTerms = 500)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return terms;
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                foreach (var entry in JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? []) Add(terms, entry.Key, entry.Value, entry.Key);
            }
            catch (JsonException ex)
            {
                throw new PluginArgumentException($"glossary: not a JSON object of strings ({ex.Message})", "glossary");
            }
        }
        else
        {
            var number = 0;
            foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var (at, width) = line.IndexOf("=>", StringComparison.Ordinal) is >= 0 and var arrow ? (arrow, 2)
                    : line.IndexOf('\t') is >= 0 and var tab ? (tab, 1)
                    : (line.IndexOf('='), 1);
                if (at <= 0) throw new PluginArgumentException($"glossary: line {number} '{line}' is not 'source = target'", "glossary");
                Add(terms, line[..at], line[(at + width)..], $"line {number}");
            }
        }

        return terms.Count <= maxTerms ? terms
            : throw new PluginArgumentException($"glossary: {terms.Count} entries is over the limit of {maxTerms} (Plugins:Translate:MaxGlossaryTerms)", "glossary");
    }

    private static void Add(Dictionary<string, string> terms, string source, string target, string where)
    {
        source = source.Trim();
        target = target.Trim();
        if (source.Length == 0 || target.Length == 0) throw new PluginArgumentException($"glossary: {where} has an empty term", "glossary");
        terms[source] = target;
    }
}
