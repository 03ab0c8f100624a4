using System.ComponentModel;
using Assistant.Core.Retrieval;
using Assistant.Core.Storage;
using Assistant.Core.Text;
using Assistant.Plugins.Common;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Summarize;

/// <summary>
/// Summaries of a text, a file's text, or knowledge-base documents (by id or by a search), as Semantic Kernel
/// functions. With a chat model in the Kernel and the <c>Summarize</c> prompts given, a model writes the summary
/// (mode <c>generative</c>, map-reduce when the source is over the window); otherwise sentences are ranked offline
/// (mode <c>extractive</c>). Every point cites the numbered source parts it came from.
/// </summary>
/// <example><code>
/// kernel.ImportPluginFromObject(new SummarizePlugin(), SummarizePlugin.PluginName);
/// var result = await kernel.InvokeAsync(SummarizePlugin.PluginName, "summarize_text", new() { ["text"] = longText });
/// </code></example>
public sealed class SummarizePlugin
{
    /// <summary>The name to import the plugin under. Not "Summarize": that is the prompt plugin (<c>prompts/Summarize/</c>) a host kernel already holds.</summary>
    public const string PluginName = "Summarizer";

    /// <summary>The prompt folder under <c>prompts/</c>, holding <c>Map</c> and <c>Reduce</c>.</summary>
    public const string PromptsName = "Summarize";

    private readonly SummarizeOptions _options;
    private readonly GenerativeSummarizer? _model;
    private readonly ITokenCounter _tokens;
    private readonly IKnowledgeStore? _store;
    private readonly KnowledgeRetriever? _retriever;
    private readonly string? _knowledgeBase;

    /// <summary>Creates the plugin.</summary>
    /// <param name="options">Limits and window sizes; defaults when null.</param>
    /// <param name="prompts">The <c>Summarize</c> prompt plugin (e.g. from <see cref="LoadPrompts"/>); without it summaries are extractive.</param>
    /// <param name="tokens">Token counter for window budgets; o200k when null.</param>
    /// <param name="store">The knowledge base, for summaries of documents by id.</param>
    /// <param name="retriever">Search over the knowledge base, for summaries of the documents a query finds.</param>
    /// <param name="knowledgeBase">
    /// Only documents of this knowledge base (the name <c>ingest --kb</c> gives them) are read, by query or by id, as
    /// search and ask filter on it; null: every document of <paramref name="store"/>. The host sets it, never a caller.
    /// </param>
    public SummarizePlugin(SummarizeOptions? options = null, KernelPlugin? prompts = null, ITokenCounter? tokens = null, IKnowledgeStore? store = null, KnowledgeRetriever? retriever = null, string? knowledgeBase = null)
    {
        _options = options ?? new SummarizeOptions();
        PluginArguments.RequirePositive(_options.MaxInputChars, $"{SummarizeOptions.SectionName}:MaxInputChars");
        PluginArguments.RequirePositive(_options.ContextWindowTokens, $"{SummarizeOptions.SectionName}:ContextWindowTokens");
        PluginArguments.RequirePositive(_options.PartTokens, $"{SummarizeOptions.SectionName}:PartTokens");
        PluginArguments.RequirePositive(_options.MaxSearchDocuments, $"{SummarizeOptions.SectionName}:MaxSearchDocuments");
        PluginArguments.RequirePositive(_options.MaxRankedSentences, $"{SummarizeOptions.SectionName}:MaxRankedSentences");
        _tokens = tokens ?? O200kTokenCounter.Instance;
        _store = store;
        _retriever = retriever;
        _knowledgeBase = knowledgeBase;
        if (prompts is not null) _model = new GenerativeSummarizer(prompts["Map"], prompts["Reduce"], _tokens);
    }

    /// <summary>Loads the <c>Summarize</c> prompt plugin from <c>&lt;promptsRoot&gt;/Summarize/</c>.</summary>
    /// <param name="promptsRoot">The <c>prompts</c> folder.</param>
    public static KernelPlugin LoadPrompts(string promptsRoot) =>
        new Kernel().CreatePluginFromPromptDirectory(Path.Combine(promptsRoot, PromptsName));

    /// <summary>Whether a call on <paramref name="kernel"/> goes to a model (true) or to the offline ranking.</summary>
    /// <param name="kernel">The kernel the call would run on.</param>
    public bool UsesModel(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return _model is not null && ModelCall.HasChatModel(kernel);
    }

    /// <summary>Summarises a text.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel); its chat model, if any, is used.</param>
    /// <param name="text">The text.</param>
    /// <param name="length">short, medium (default), long, or a word budget such as 120.</param>
    /// <param name="style">bullets (default), paragraph or tldr.</param>
    /// <param name="language">Language code of the summary; null or auto for the source's language.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("summarize_text")]
    [Description("Summarizes a Korean or English text. Each point of the summary ends with the numbers of the source parts it came from, e.g. [2]. Returns summary, mode, language and sources (part number, offsets).")]
    public Task<SummaryResult> SummarizeTextAsync(
        Kernel kernel,
        [Description("The text to summarize.")] string text,
        [Description("short, medium (default), long, or a word budget such as 120.")] string? length = null,
        [Description("bullets (default), paragraph or tldr.")] string? style = null,
        [Description("Language code of the summary (ko, en, ...); auto (default) keeps the source's language.")] string? language = null,
        CancellationToken cancellationToken = default) =>
        SummarizeTextAsync(kernel, text, title: null, length, style, language, cancellationToken);

    /// <summary>Summarises a text, naming its title (a file name) in the sources.</summary>
    /// <param name="kernel">The kernel whose chat model, if any, is used.</param>
    /// <param name="text">The text.</param>
    /// <param name="title">The title or file name to show in the sources.</param>
    /// <param name="length">short, medium, long, or a word budget.</param>
    /// <param name="style">bullets, paragraph or tldr.</param>
    /// <param name="language">Language code of the summary; null for the source's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SummaryResult> SummarizeTextAsync(Kernel kernel, string text, string? title, string? length, string? style, string? language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        PluginArguments.RequireText(text, _options.MaxInputChars, $"{SummarizeOptions.SectionName}:MaxInputChars");
        var spec = SummarySpec.Parse(length, style, language);
        var parts = SummaryParts.FromText(text, title, _options.PartTokens, _tokens);
        return await SummarizePartsAsync(kernel, parts, spec, cancellationToken);
    }

    /// <summary>Summarises knowledge-base documents: one by id, or those a search query finds.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel); its chat model, if any, is used.</param>
    /// <param name="documentId">The id of one indexed document.</param>
    /// <param name="query">A search query; the best-matching documents are summarised together.</param>
    /// <param name="length">short, medium (default), long, or a word budget.</param>
    /// <param name="style">bullets (default), paragraph or tldr.</param>
    /// <param name="language">Language code of the summary; null or auto for the source's language.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("summarize_documents")]
    [Description("Summarizes documents of the knowledge base: one by its id, or the documents a search query finds. Each point cites the numbered document parts it came from; sources name the document, section and offsets.")]
    public async Task<SummaryResult> SummarizeDocumentsAsync(
        Kernel kernel,
        [Description("The id of an indexed document (see search results or 'assistant docs').")] string? documentId = null,
        [Description("A search query; the best-matching documents are summarized.")] string? query = null,
        [Description("short, medium (default), long, or a word budget such as 120.")] string? length = null,
        [Description("bullets (default), paragraph or tldr.")] string? style = null,
        [Description("Language code of the summary (ko, en, ...); auto (default) keeps the source's language.")] string? language = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var byId = !string.IsNullOrWhiteSpace(documentId);
        var byQuery = !string.IsNullOrWhiteSpace(query);
        if (byId == byQuery) throw new PluginArgumentException("documentId: give either a document id or a search query (exactly one)", nameof(documentId));
        var spec = SummarySpec.Parse(length, style, language);
        if (_store is null) throw new PluginArgumentException("documentId: this plugin has no knowledge base to read documents from", nameof(documentId));

        var ids = new List<string>();
        if (byId)
        {
            ids.Add(documentId!.Trim());
        }
        else
        {
            if (_retriever is null) throw new PluginArgumentException("query: this plugin has no search to find documents with", nameof(query));
            var scope = _knowledgeBase is null ? null : new SearchFilter(KnowledgeBase: _knowledgeBase);
            var hits = await _retriever.SearchAsync(query!, _options.MaxSearchDocuments * 4, filter: scope, cancellationToken: cancellationToken);
            ids.AddRange(hits.Select(h => h.DocumentId).Distinct().Take(_options.MaxSearchDocuments));
            if (ids.Count == 0) throw new PluginArgumentException($"query: no document matches '{query}'", nameof(query));
        }

        var parts = new List<SummaryPart>();
        foreach (var id in ids)
        {
            var document = await _store.GetDocumentAsync(id, cancellationToken);
            // Another base's document is "no document" here, as it is for search: its existence is not confirmed either.
            if (document is null || (_knowledgeBase is not null && !string.Equals(document.KnowledgeBase, _knowledgeBase, StringComparison.Ordinal)))
            {
                throw new PluginArgumentException($"documentId: no document '{id}' in the knowledge base ('assistant docs' lists them)", nameof(documentId));
            }


            SummaryParts.AddChunks(parts, document, await _store.GetChunksAsync(id, cancellationToken));
        }

        if (parts.Count == 0) throw new PluginArgumentException("documentId: the document has no text", nameof(documentId));
        if (parts.Sum(p => (long)p.Text.Length) > _options.MaxInputChars)
        {
            throw new PluginArgumentException($"documentId: the documents hold more than {_options.MaxInputChars} characters ({SummarizeOptions.SectionName}:MaxInputChars)", nameof(documentId));
        }

        return await SummarizePartsAsync(kernel, parts, spec, cancellationToken);
    }

    private async Task<SummaryResult> SummarizePartsAsync(Kernel kernel, IReadOnlyList<SummaryPart> parts, SummarySpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sourceLanguage = LanguageCodes.Detect(string.Concat(parts.Take(20).Select(p => p.Text)));
        IReadOnlyList<SummaryPoint> points;
        string mode, language;
        if (UsesModel(kernel))
        {
            language = spec.Language ?? sourceLanguage;
            points = await _model!.SummarizeAsync(kernel, parts, spec, language, _options.ContextWindowTokens, _options.ReservedTokens, cancellationToken);
            mode = SummaryResult.GenerativeMode;
        }
        else
        {
            // Sentences picked from the source stay in its language, whatever language was asked for.
            language = sourceLanguage;
            points = ExtractiveSummarizer.Summarize(parts, spec, _options.MaxRankedSentences);
            mode = SummaryResult.ExtractiveMode;
        }

        var cited = points.SelectMany(p => p.Sources).ToHashSet();
        return new SummaryResult(spec.Render(points), mode, language, [.. parts.Where(p => cited.Contains(p.N)).Select(p => p.ToSource())]);
    }
}
