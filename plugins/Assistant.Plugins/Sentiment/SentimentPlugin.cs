using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Assistant.Plugins.Sentiment;

/// <summary>
/// Sentiment of customer messages in Korean and English, as Semantic Kernel functions. With a chat model in the Kernel
/// and the <c>Sentiment</c> prompts given, a model reads the text (mode <c>generative</c>); otherwise the offline
/// lexicon-and-rules analyser does (mode <c>lexicon</c>). Arguments are checked before either runs.
/// </summary>
/// <example><code>
/// kernel.ImportPluginFromObject(new SentimentPlugin(), SentimentPlugin.PluginName);
/// var result = await kernel.InvokeAsync("Sentiment", "analyze", new() { ["text"] = "배송이 빨라요" });
/// </code></example>
public sealed class SentimentPlugin
{
    /// <summary>The plugin name used for imports (and the prompt folder, <c>prompts/Sentiment/</c>).</summary>
    public const string PluginName = "Sentiment";

    private readonly SentimentOptions _options;
    private readonly ModelSentimentAnalyzer? _model;

    /// <summary>Creates the plugin.</summary>
    /// <param name="options">Size limits; defaults when null. A limit below 1 throws <see cref="SentimentArgumentException"/>.</param>
    /// <param name="prompts">
    /// The <c>Sentiment</c> prompt plugin (functions <c>Analyze</c> and <c>Repair</c>), e.g. from <see cref="LoadPrompts"/>.
    /// Without it the plugin always uses the lexicon analyser.
    /// </param>
    public SentimentPlugin(SentimentOptions? options = null, KernelPlugin? prompts = null)
    {
        _options = options ?? new SentimentOptions();
        // A zero limit would reject every text with a message about the text rather than about the setting.
        if (_options.MaxTextChars < 1) throw new SentimentArgumentException($"options: {SentimentOptions.SectionName}:MaxTextChars must be at least 1 (it is {_options.MaxTextChars})", nameof(options));
        if (_options.MaxBatchItems < 1) throw new SentimentArgumentException($"options: {SentimentOptions.SectionName}:MaxBatchItems must be at least 1 (it is {_options.MaxBatchItems})", nameof(options));
        if (prompts is not null)
        {
            _model = new ModelSentimentAnalyzer(prompts["Analyze"], prompts["Repair"]);
        }
    }

    /// <summary>Loads the <c>Sentiment</c> prompt plugin from <c>&lt;promptsRoot&gt;/Sentiment/</c>.</summary>
    /// <param name="promptsRoot">The <c>prompts</c> folder.</param>
    public static KernelPlugin LoadPrompts(string promptsRoot) =>
        new Kernel().CreatePluginFromPromptDirectory(Path.Combine(promptsRoot, PluginName));

    /// <summary>Whether a call on <paramref name="kernel"/> goes to a model (true) or to the lexicon analyser.</summary>
    /// <param name="kernel">The kernel the call would run on.</param>
    public bool UsesModel(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return _model is not null
            && (kernel.Services.GetService<IChatClient>() is not null || kernel.Services.GetService<IChatCompletionService>() is not null);
    }

    /// <summary>Analyses the sentiment of one text.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel); its chat model, if any, is used.</param>
    /// <param name="text">The text.</param>
    /// <param name="language">ko, en, or null/auto to detect.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("analyze")]
    [Description("Analyzes the sentiment of a Korean or English text: label (positive, negative, neutral, mixed), score from -1 to 1, confidence, the phrases that carry it, aspects with their own sentiment, and the language.")]
    public async Task<SentimentResult> AnalyzeAsync(
        Kernel kernel,
        [Description("The text to analyze, e.g. a customer message or review.")] string text,
        [Description("Language code of the text: ko, en, or auto (default) to detect it.")] string? language = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        SentimentArguments.ValidateText(text, _options);
        var code = SentimentArguments.ValidateLanguage(language);
        return await AnalyzeCheckedAsync(kernel, text, code, cancellationToken);
    }

    /// <summary>Analyses many short texts (e.g. support tickets), in order.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel).</param>
    /// <param name="texts">The texts.</param>
    /// <param name="language">ko, en, or null/auto to detect each text's language.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("analyze_batch")]
    [Description("Analyzes the sentiment of many short Korean or English texts (e.g. support tickets); returns one result per text, in order.")]
    public Task<IReadOnlyList<SentimentResult>> AnalyzeBatchAsync(
        Kernel kernel,
        [Description("The texts to analyze, one message each.")] IReadOnlyList<string> texts,
        [Description("Language code of every text: ko, en, or auto (default) to detect each.")] string? language = null,
        CancellationToken cancellationToken = default) =>
        AnalyzeBatchAsync(kernel, texts, language, progress: null, cancellationToken);

    /// <summary>
    /// Analyses many short texts in order, reporting after each one. Every text is checked before the first is analysed,
    /// so a bad item stops the batch before any model call.
    /// </summary>
    /// <param name="kernel">The kernel whose chat model, if any, is used.</param>
    /// <param name="texts">The texts.</param>
    /// <param name="language">ko, en, or null/auto to detect each text's language.</param>
    /// <param name="progress">Told after each text, synchronously and in order, with that text's result.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<SentimentResult>> AnalyzeBatchAsync(
        Kernel kernel, IReadOnlyList<string> texts, string? language, IProgress<SentimentBatchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (texts is null || texts.Count == 0) throw new SentimentArgumentException("texts: the batch is empty", nameof(texts));
        if (texts.Count > _options.MaxBatchItems)
        {
            throw new SentimentArgumentException($"texts: {texts.Count} texts is over the limit of {_options.MaxBatchItems} (Plugins:Sentiment:MaxBatchItems)", nameof(texts));
        }

        for (var i = 0; i < texts.Count; i++) SentimentArguments.ValidateText(texts[i], _options, $"texts[{i}]");
        var code = SentimentArguments.ValidateLanguage(language);
        var results = new List<SentimentResult>(texts.Count);
        foreach (var text in texts)
        {
            var result = await AnalyzeCheckedAsync(kernel, text, code, cancellationToken);
            results.Add(result);
            progress?.Report(new SentimentBatchProgress(results.Count, texts.Count, result));
        }

        return results;
    }

    private Task<SentimentResult> AnalyzeCheckedAsync(Kernel kernel, string text, string? language, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return UsesModel(kernel)
            ? _model!.AnalyzeAsync(kernel, text, language, cancellationToken)
            : Task.FromResult(LexiconSentimentAnalyzer.Analyze(text, language ?? SentimentArguments.Detect(text)));
    }
}
