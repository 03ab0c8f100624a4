using System.Text.Json;

namespace Assistant.Core.Evaluation;

/// <summary>
/// One question of an eval set, normalised from either JSONL shape: an answerable line of <c>qa.jsonl</c>
/// (<c>answer</c> = the key fact, <c>source</c> = the expected document) or a line of <c>unanswerable.jsonl</c>
/// (no answer, no source, or <c>"answerable": false</c>).
/// </summary>
public sealed record EvalQuestion(string Id, string Lang, string Question)
{
    /// <summary>Facts a correct answer contains (the <c>answer</c> field, a string or an array). Empty when unanswerable.</summary>
    public IReadOnlyList<string> KeyFacts { get; init; } = [];

    /// <summary>Documents (paths relative to the corpus) that answer the question (<c>source</c>, a string or an array).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    public bool Answerable { get; init; } = true;

    public bool Paraphrased { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The set file the question came from (its name), for messages.</summary>
    public string SetName { get; init; } = "";
}

/// <summary>Loads eval sets: one JSONL file, or every question file of a folder.</summary>
public static class EvalSetLoader
{
    /// <summary>
    /// Files of a folder that hold questions: <c>qa*.jsonl</c> and <c>unanswerable*.jsonl</c>. Sentiment and citation sets
    /// share the folder but are not question sets.
    /// </summary>
    public static IReadOnlyList<string> QuestionFiles(string directory) =>
        Directory.GetFiles(directory, "*.jsonl")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("qa", StringComparison.OrdinalIgnoreCase) || n.StartsWith("unanswerable", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Questions of <paramref name="path"/> (a file or a folder). Throws <see cref="InvalidDataException"/> naming the file and line of a bad line.</summary>
    public static IReadOnlyList<EvalQuestion> Load(string path)
    {
        var files = Directory.Exists(path) ? QuestionFiles(path)
            : File.Exists(path) ? [path]
            : throw new FileNotFoundException($"{path}: no such eval set file or folder", path);
        if (files.Count == 0) throw new InvalidDataException($"{path}: no qa*.jsonl or unanswerable*.jsonl file in this folder");

        var questions = new List<EvalQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Trim().Length == 0) continue;
                var question = Parse(line, $"{Path.GetFileName(file)}:{lineNumber}") with { SetName = Path.GetFileName(file) };
                // Held-out and tuning files may reuse ids ("q01"); the file name keeps them apart.
                if (!ids.Add(question.Id))
                {
                    question = question with { Id = Path.GetFileNameWithoutExtension(file) + "/" + question.Id };
                    if (!ids.Add(question.Id)) throw new InvalidDataException($"{file}:{lineNumber}: duplicate id '{question.Id}'");
                }
                questions.Add(question);
            }
        }

        return questions;
    }

    /// <summary>Reads one JSONL line. <paramref name="where"/> names it in errors.</summary>
    public static EvalQuestion Parse(string line, string where)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: not a JSON object ({ex.Message})", ex);
        }

        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: not a JSON object");
        var id = Text(root, "id") ?? throw new InvalidDataException($"{where}: missing \"id\"");
        var question = Text(root, "question") ?? throw new InvalidDataException($"{where}: missing \"question\"");
        var facts = List(root, "answer");
        var sources = List(root, "source");
        var answerable = root.TryGetProperty("answerable", out var a) && a.ValueKind == JsonValueKind.False ? false : facts.Count > 0;
        return new EvalQuestion(id, Text(root, "lang") ?? GuessLanguage(question), question)
        {
            KeyFacts = answerable ? facts : [],
            Sources = answerable ? sources : [],
            Answerable = answerable,
            Paraphrased = root.TryGetProperty("paraphrased", out var p) && p.ValueKind == JsonValueKind.True,
            Tags = List(root, "tags"),
        };
    }

    private static string GuessLanguage(string question) => Assistant.Core.Text.TextAnalyzer.ContainsHangul(question) ? "ko" : "en";

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static IReadOnlyList<string> List(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } s => [s],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(s => s.Length > 0).ToList(),
            _ => [],
        };
    }
}
