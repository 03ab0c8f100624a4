using System.Text;
using System.Text.Json;
using Assistant.Core.Text;
using Assistant.Plugins.Common;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Summarize;

/// <summary>
/// Model summary with map-reduce. Items are shown to the model as numbered passages ("[3] …"); every point it returns
/// cites the numbers it drew on, and the host rejects (and has repaired once) a point citing a number it was not shown.
/// When the items do not fit the window they are packed into window-sized groups, each group is cut down to notes
/// (<c>Summarize/Map</c>), and the notes, still carrying their numbers, become the next round's items; the final
/// round (<c>Summarize/Reduce</c>) writes the summary in the asked length, style and language.
/// </summary>
internal sealed class GenerativeSummarizer(KernelFunction map, KernelFunction reduce, ITokenCounter tokens)
{
    private const int MaxRounds = 4;

    internal static readonly JsonReply Schema = new("""
        {
          "type": "object",
          "required": ["points"],
          "properties": {
            "points": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": ["text", "sources"],
                "properties": {
                  "text": { "type": "string", "minLength": 1 },
                  "sources": { "type": "array", "minItems": 1, "items": { "type": "integer", "minimum": 1 } }
                }
              }
            }
          }
        }
        """);

    private sealed record Item(string Text, IReadOnlyList<int> Sources)
    {
        public string Render() => string.Concat(Sources.Select(n => $"[{n}]")) + " " + Text;
    }

    public async Task<IReadOnlyList<SummaryPoint>> SummarizeAsync(
        Kernel kernel, IReadOnlyList<SummaryPart> parts, SummarySpec spec, string language, int windowTokens, int reservedTokens, CancellationToken cancellationToken)
    {
        var budget = Math.Max(500, windowTokens - reservedTokens);
        var items = parts.Select(p => new Item(p.Text, [p.N])).ToList();
        for (var round = 0; round < MaxRounds && Size(items) > budget; round++)
        {
            var notes = new List<Item>();
            foreach (var group in Pack(items, budget))
            {
                var points = await CallAsync(kernel, map, group, spec with { Style = SummarySpec.Bullets, Words = Math.Max(60, spec.Words) }, language, cancellationToken);
                notes.AddRange(points.Select(p => new Item(p.Text, p.Sources)));
            }

            items = notes;
        }

        // Still too big after the rounds (a pathological input): the reduce sees what fits, never an overflowing prompt.
        var final = Pack(items, budget).First();
        return await CallAsync(kernel, reduce, final, spec, language, cancellationToken);
    }

    private int Size(IEnumerable<Item> items) => items.Sum(i => tokens.Count(i.Render()) + 2);

    private IEnumerable<List<Item>> Pack(List<Item> items, int budget)
    {
        var group = new List<Item>();
        var size = 0;
        foreach (var item in items)
        {
            var t = tokens.Count(item.Render()) + 2;
            if (group.Count > 0 && size + t > budget)
            {
                yield return group;
                group = [];
                size = 0;
            }

            group.Add(item);
            size += t;
        }

        if (group.Count > 0) yield return group;
    }

    private static Task<IReadOnlyList<SummaryPoint>> CallAsync(Kernel kernel, KernelFunction function, List<Item> items, SummarySpec spec, string language, CancellationToken cancellationToken)
    {
        var allowed = items.SelectMany(i => i.Sources).ToHashSet();
        var passages = new StringBuilder();
        foreach (var item in items) passages.Append(item.Render()).Append("\n\n");
        var arguments = new KernelArguments
        {
            ["passages"] = passages.ToString().TrimEnd(),
            ["words"] = spec.Words.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["style"] = spec.Style,
            ["language"] = LanguageCodes.NameOf(language),
            ["schema"] = Schema.SchemaText,
        };
        return ModelCall.InvokeJsonAsync<IReadOnlyList<SummaryPoint>>(kernel, function, arguments, Schema, root => Read(root, allowed), "summary", cancellationToken);
    }

    internal static (IReadOnlyList<SummaryPoint>? Value, string? Error) Read(JsonElement root, IReadOnlySet<int> allowed)
    {
        var points = new List<SummaryPoint>();
        foreach (var point in root.GetProperty("points").EnumerateArray())
        {
            var sources = point.GetProperty("sources").EnumerateArray().Select(s => s.GetInt32()).Distinct().Order().ToList();
            if (sources.FirstOrDefault(n => !allowed.Contains(n)) is var unknown and > 0)
            {
                return (null, $"point {points.Count + 1} cites [{unknown}], but only the passage numbers {string.Join(", ", allowed.Order())} were given");
            }

            points.Add(new SummaryPoint(point.GetProperty("text").GetString()!.Trim(), sources));
        }

        return (points, null);
    }
}
