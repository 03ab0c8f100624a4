using System.ComponentModel;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Plugins.Common;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.CodeReview;

/// <summary>
/// Code review of a file, a unified diff, or a snippet, as a Semantic Kernel function. Lines are numbered by the host
/// (the original file's numbers, or the diff's new side) and sent in parts of at most <c>PartLines</c>; a finding on
/// a line the part does not show is dropped. The reply is JSON checked against a schema, with one repair retry.
/// Needs a chat model: without one it fails before doing anything, saying how to configure one.
/// </summary>
public sealed partial class CodeReviewPlugin
{
    /// <summary>The name to import the plugin under. Not "CodeReview": that is the prompt plugin (<c>prompts/CodeReview/</c>).</summary>
    public const string PluginName = "CodeReviewer";

    /// <summary>The prompt folder under <c>prompts/</c>, holding <c>Review</c>.</summary>
    public const string PromptsName = "CodeReview";

    internal static readonly JsonReply Schema = new("""
        {
          "type": "object",
          "required": ["summary", "findings"],
          "properties": {
            "summary": { "type": "string" },
            "findings": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["severity", "line", "category", "message", "suggestion"],
                "properties": {
                  "severity": { "enum": ["high", "medium", "low"] },
                  "line": { "type": "integer", "minimum": 1 },
                  "category": { "enum": ["bug", "security", "performance", "style", "maintainability"] },
                  "message": { "type": "string", "minLength": 1 },
                  "suggestion": { "type": "string" }
                }
              }
            }
          }
        }
        """);

    private readonly CodeReviewOptions _options;
    private readonly KernelFunction? _review;

    /// <summary>Creates the plugin.</summary>
    /// <param name="options">Limits and part size; defaults when null.</param>
    /// <param name="prompts">The <c>CodeReview</c> prompt plugin (e.g. from <see cref="LoadPrompts"/>); required to review.</param>
    public CodeReviewPlugin(CodeReviewOptions? options = null, KernelPlugin? prompts = null)
    {
        _options = options ?? new CodeReviewOptions();
        PluginArguments.RequirePositive(_options.MaxInputChars, $"{CodeReviewOptions.SectionName}:MaxInputChars");
        PluginArguments.RequirePositive(_options.PartLines, $"{CodeReviewOptions.SectionName}:PartLines");
        _review = prompts?["Review"];
    }

    /// <summary>Loads the <c>CodeReview</c> prompt plugin from <c>&lt;promptsRoot&gt;/CodeReview/</c>.</summary>
    /// <param name="promptsRoot">The <c>prompts</c> folder.</param>
    public static KernelPlugin LoadPrompts(string promptsRoot) =>
        new Kernel().CreatePluginFromPromptDirectory(Path.Combine(promptsRoot, PromptsName));

    /// <summary>Reviews code.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel); it must have a chat model.</param>
    /// <param name="code">A file's content, a unified diff, or a snippet.</param>
    /// <param name="language">Language hint such as csharp or python; default: from the file name, else unknown.</param>
    /// <param name="fileName">The file's name, for the language and the prompt.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("review")]
    [Description("Reviews code: a file's content, a unified diff, or a snippet. Returns JSON: summary, findings (severity high|medium|low, line in the original file or on the diff's new side, category bug|security|performance|style|maintainability, message, suggestion), mode.")]
    public async Task<ReviewResult> ReviewAsync(
        Kernel kernel,
        [Description("The code: a file's content, a unified diff, or a snippet.")] string code,
        [Description("Language hint such as csharp, python, typescript; default: guessed from the file name.")] string? language = null,
        [Description("The file's name, if known (e.g. Program.cs).")] string? fileName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        PluginArguments.RequireText(code, _options.MaxInputChars, $"{CodeReviewOptions.SectionName}:MaxInputChars", nameof(code));
        if (language is not null && !LanguageHint().IsMatch(language))
        {
            throw new PluginArgumentException($"language: '{language}' is not a language name such as csharp, python or typescript", nameof(language));
        }

        if (_review is null || !ModelCall.HasChatModel(kernel)) throw new ModelRequiredException("review");
        var parts = ReviewInput.Parse(code, fileName, _options.PartLines);
        if (parts.Count == 0) throw new PluginArgumentException("code: the diff has no hunks to review", nameof(code));

        var findings = new List<ReviewFinding>();
        var summaries = new List<string>();
        var severalFiles = parts.Select(p => p.File).Distinct().Count() > 1;
        foreach (var part in parts)
        {
            var arguments = new KernelArguments
            {
                ["code"] = part.Render(),
                ["kind"] = part.IsDiff ? "a unified diff (review the added lines, marked +; context lines help you understand them)" : "a file",
                ["language"] = language ?? LanguageOf(part.File ?? fileName) ?? "unknown (infer it)",
                ["schema"] = Schema.SchemaText,
            };
            var (summary, partFindings) = await ModelCall.InvokeJsonAsync(kernel, _review, arguments, Schema, root => Read(root, part, severalFiles), "review", cancellationToken);
            findings.AddRange(partFindings);
            if (summary.Length > 0) summaries.Add(severalFiles && part.File is not null ? $"{part.File}: {summary}" : summary);
        }

        return new ReviewResult(string.Join("\n", summaries.Distinct()), findings, "generative");
    }

    /// <summary>The reply's findings; one on a line the part did not show is dropped (the model invented or miscounted it).</summary>
    internal static ((string Summary, List<ReviewFinding> Findings) Value, string? Error) Read(JsonElement root, ReviewPart part, bool namesFile)
    {
        var findings = new List<ReviewFinding>();
        foreach (var f in root.GetProperty("findings").EnumerateArray())
        {
            var line = f.GetProperty("line").GetInt32();
            if (!part.Numbers.Contains(line)) continue;
            var message = f.GetProperty("message").GetString()!.Trim();
            findings.Add(new ReviewFinding(
                f.GetProperty("severity").GetString()!, line, f.GetProperty("category").GetString()!,
                namesFile && part.File is not null ? $"{part.File}: {message}" : message,
                f.GetProperty("suggestion").GetString()!.Trim()));
        }

        return ((root.GetProperty("summary").GetString()!.Trim(), findings), null);
    }

    private static string? LanguageOf(string? file) => Path.GetExtension(file ?? string.Empty).ToLowerInvariant() switch
    {
        ".cs" => "csharp", ".py" => "python", ".ts" or ".tsx" => "typescript", ".js" or ".jsx" => "javascript", ".java" => "java",
        ".go" => "go", ".rs" => "rust", ".kt" => "kotlin", ".cpp" or ".cc" or ".h" or ".hpp" => "cpp", ".c" => "c", ".rb" => "ruby",
        ".php" => "php", ".swift" => "swift", ".sql" => "sql", ".sh" => "bash", _ => null,
    };

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9#+._-]{0,29}$")]
    private static partial Regex LanguageHint();
}
