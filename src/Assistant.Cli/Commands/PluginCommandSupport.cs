using Assistant.Core.Answering;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Plugins.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Cli.Commands;

/// <summary>What the plugin commands share: reading FILE or stdin within a bound, and opening a plugin session.</summary>
internal static class PluginCommandSupport
{
    /// <summary>
    /// The text of FILE, or of standard input for "-". With <paramref name="extract"/>, formats the knowledge base reads
    /// (.pdf, .docx, .html) go through the same extractors; otherwise the file is read as UTF-8 text, unchanged.
    /// A file far over <paramref name="maxChars"/> is refused before it is read, so memory stays bounded.
    /// </summary>
    public static async Task<(string Text, string? Title)> ReadAsync(string input, int maxChars, IServiceProvider services, bool extract, CancellationToken ct)
    {
        if (input == "-") return (await Console.In.ReadToEndAsync(ct), null);
        var file = new FileInfo(input);
        if (!file.Exists) throw new UsageException($"{input}: no such file (give a FILE, or - to read standard input)");
        // UTF-8 needs at most 4 bytes a character; a bigger file cannot fit the limit in any encoding.
        if (file.Length > (long)maxChars * 4) throw new UsageException($"{input}: {file.Length} bytes is over the input limit of {maxChars} characters");
        var extension = file.Extension.ToLowerInvariant();
        if (extract && extension is not (".md" or ".markdown" or ".txt") && services.GetRequiredService<ExtractorRegistry>().Find(file.FullName) is { } extractor)
        {
            try
            {
                return ((await extractor.ExtractAsync(file.FullName, ct)).FullText, file.Name);
            }
            catch (DocumentRejectedException ex)
            {
                throw new UsageException($"{input}: {ex.Message}");
            }
        }

        return (await File.ReadAllTextAsync(file.FullName, ct), file.Name);
    }

    /// <summary>
    /// Opens the plugins over --model (or the default choice); prints the selection's notice on stderr. With
    /// <paramref name="knowledgeBase"/> (--kb) summaries read only that base's documents, as search and ask do.
    /// </summary>
    public static async Task<PluginSession> OpenAsync(IServiceProvider services, string? model, CancellationToken ct, string? knowledgeBase = null)
    {
        try
        {
            var plugins = knowledgeBase is null
                ? services.GetRequiredService<AssistantPlugins>()
                : ActivatorUtilities.CreateInstance<AssistantPlugins>(services, knowledgeBase);
            var session = await plugins.OpenAsync(model, ct);
            if (session.Selection.Notice is not null) Console.Error.WriteLine(session.Selection.Notice);
            return session;
        }
        catch (UnknownModelProfileException ex)
        {
            throw new UsageException($"--model {ex.Profile}: no such profile (known: {string.Join(", ", ex.Known)})");
        }
    }
}
