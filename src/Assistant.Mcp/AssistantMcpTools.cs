using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using Assistant.Core.Answering;
using Assistant.Core.Models;
using Assistant.Core.Retrieval;
using Assistant.Plugins.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Assistant.Mcp;

/// <summary>
/// The assistant's MCP tools. Each is a thin call into a plugin or a Core service; results are JSON text (never a
/// JSON-quoted string), and errors come back as tool errors whose message says what to fix.
/// </summary>
[McpServerToolType]
public sealed class AssistantMcpTools
{
    private static readonly JsonSerializerOptions Output = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Korean stays readable instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string ModelDescription = "A model profile name from the server's settings (Models:Profiles, e.g. ollama-llama, openai or anthropic); default: the configured default chat model, or the offline mode when none is usable.";

    /// <summary>Summarize tool.</summary>
    [McpServerTool(Name = "summarize", ReadOnly = true, Idempotent = true), Description("Summarizes a Korean or English text, or knowledge-base documents (by documentId, or those a search query finds). Each point ends with the numbers of the source parts it came from, e.g. [2]. Returns JSON: summary, mode (generative or extractive), language, sources.")]
    public static Task<string> Summarize(
        IMcpDocumentScope scope,
        [Description("The text to summarize. Leave empty when documentId or query is given.")] string? text = null,
        [Description("The id of an indexed document to summarize.")] string? documentId = null,
        [Description("A search query; the best-matching indexed documents are summarized.")] string? query = null,
        [Description("short, medium (default), long, or a word budget such as 120.")] string? length = null,
        [Description("bullets (default), paragraph or tldr.")] string? style = null,
        [Description("Language code of the summary (ko, en, ...); default: the source's language.")] string? language = null,
        [Description(ModelDescription)] string? model = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(scope.Plugins, model, async session => string.IsNullOrEmpty(text)
            ? await session.Plugins.Summarize.SummarizeDocumentsAsync(session.Kernel, documentId, query, length, style, language, cancellationToken)
            : await session.Plugins.Summarize.SummarizeTextAsync(session.Kernel, text, length, style, language, cancellationToken), cancellationToken);

    /// <summary>Translate tool.</summary>
    [McpServerTool(Name = "translate", ReadOnly = true), Description("Translates a text or Markdown between Korean and English (also ja, zh, es, fr, de), keeping code blocks, inline code, URLs, numbers and {placeholders} exactly; the host checks them. Returns JSON: translation, sourceLanguage, targetLanguage, mode.")]
    public static Task<string> Translate(
        IMcpDocumentScope scope,
        [Description("The text to translate.")] string text,
        [Description("Target language code: ko, en, ja, zh, es, fr or de.")] string to,
        [Description("Source language code; default: detect Korean or English.")] string? from = null,
        [Description("Fixed term translations, one 'source = target' per line.")] string? glossary = null,
        [Description(ModelDescription)] string? model = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(scope.Plugins, model, session => session.Plugins.Translate.TranslateAsync(session.Kernel, text, to, from, glossary, cancellationToken), cancellationToken);

    /// <summary>Sentiment tool.</summary>
    [McpServerTool(Name = "sentiment", ReadOnly = true, Idempotent = true), Description("Sentiment of a Korean or English text: label (positive, negative, neutral, mixed), score -1..1, confidence, phrases, aspects, language, mode (generative or lexicon). Returns JSON.")]
    public static Task<string> Sentiment(
        IMcpDocumentScope scope,
        [Description("The text to analyze, e.g. a customer message.")] string text,
        [Description("Language code: ko, en, or auto (default).")] string? language = null,
        [Description(ModelDescription)] string? model = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(scope.Plugins, model, session => session.Plugins.Sentiment.AnalyzeAsync(session.Kernel, text, language, cancellationToken), cancellationToken);

    /// <summary>Code review tool.</summary>
    [McpServerTool(Name = "code_review", ReadOnly = true), Description("Reviews code: a file's content, a unified diff, or a snippet. Returns JSON: summary, findings (severity, line in the original file or on the diff's new side, category bug|security|performance|style|maintainability, message, suggestion), mode.")]
    public static Task<string> CodeReview(
        IMcpDocumentScope scope,
        [Description("The code: a file's content, a unified diff, or a snippet.")] string code,
        [Description("Language hint such as csharp, python, typescript.")] string? language = null,
        [Description("The file's name, if known (e.g. Program.cs).")] string? fileName = null,
        [Description(ModelDescription)] string? model = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(scope.Plugins, model, session => session.Plugins.CodeReview.ReviewAsync(session.Kernel, code, language, fileName, cancellationToken), cancellationToken);

    /// <summary>Search tool.</summary>
    [McpServerTool(Name = "search_documents", ReadOnly = true, Idempotent = true), Description("Searches the user's indexed documents (Korean and English, hybrid keyword and vector search). Returns JSON: query and results, each with n, documentId, source file, section, page, score and the passage text.")]
    public static async Task<string> SearchDocuments(
        IMcpDocumentScope scope,
        [Description("What to search for.")] string query,
        [Description("How many passages to return (1 to 20, default 5).")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new McpException("query: the query is empty");
        if (top is < 1 or > 20) throw new McpException($"top: {top} is not between 1 and 20");
        var hits = await scope.Services.GetRequiredService<KnowledgeRetriever>().SearchAsync(query, top, SearchMode.Hybrid, scope.Filter, cancellationToken);
        return JsonSerializer.Serialize(new
        {
            query,
            results = hits.Select(h => new { n = h.Rank, documentId = h.DocumentId, source = h.Source, section = h.Section, page = h.Page, score = Math.Round(h.Score, 6), text = h.Text }),
        }, Output);
    }

    /// <summary>Ask tool.</summary>
    [McpServerTool(Name = "ask", ReadOnly = true), Description("Answers a question from the user's indexed documents, citing passages as [n]. Returns JSON: answer, mode (generative or extractive), found, sources (n, documentId, source, section, page, text).")]
    public static async Task<string> Ask(
        IMcpDocumentScope scope,
        [Description("The question, in Korean or English.")] string question,
        [Description("How many passages to retrieve (1 to 20, default 5).")] int top = 5,
        [Description(ModelDescription)] string? model = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new McpException("question: the question is empty");
        if (top is < 1 or > 20) throw new McpException($"top: {top} is not between 1 and 20");
        AnswerResult answer;
        try
        {
            answer = await scope.Services.GetRequiredService<AnswerService>().AnswerAsync(new AnswerRequest(question) { Top = top, Filter = scope.Filter, Profile = NullIfEmpty(model) }, cancellationToken);
        }
        catch (Exception ex) when (ex is ModelException or InvalidOperationException or UnknownModelProfileException)
        {
            throw new McpException(ex.Message, ex);
        }

        return JsonSerializer.Serialize(new
        {
            answer = answer.Answer,
            mode = answer.Mode,
            found = answer.Found,
            sources = answer.Sources.Select(c => new { n = c.N, documentId = c.Hit.DocumentId, source = c.Hit.Source, section = c.Hit.Section, page = c.Hit.Page, text = c.Hit.Text }),
        }, Output);
    }

    private static async Task<string> RunAsync<T>(AssistantPlugins plugins, string? model, Func<PluginSession, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            using var session = await plugins.OpenAsync(NullIfEmpty(model), cancellationToken);
            return JsonSerializer.Serialize(await call(session), Output);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ModelException or UnknownModelProfileException)
        {
            // The plugins' messages name the argument or the setting at fault; a tool error carries them to the caller.
            throw new McpException(ex.Message, ex);
        }
    }

    /// <summary>Clients often send "" for an optional string they leave blank; that means the default model, not a profile named "".</summary>
    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
