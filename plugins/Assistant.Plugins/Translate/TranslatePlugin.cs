using System.ComponentModel;
using System.Text;
using Assistant.Core.Text;
using Assistant.Plugins.Common;
using Microsoft.SemanticKernel;

namespace Assistant.Plugins.Translate;

/// <summary>
/// Translation (Korean⇄English and a few more) as a Semantic Kernel function. Long texts are cut at paragraph and
/// sentence boundaries; each part goes to the <c>Translate/Translate</c> prompt, and the host then checks the reply
/// keeps the part's code blocks, inline code, URLs, numbers, placeholders, Markdown structure and glossary terms.
/// A reply that breaks any of them gets one repair retry naming what broke; a second failure is an error.
/// Needs a chat model: without one it fails before doing anything, saying how to configure one.
/// </summary>
public sealed class TranslatePlugin
{
    /// <summary>The name to import the plugin under. Not "Translate": that is the prompt plugin (<c>prompts/Translate/</c>).</summary>
    public const string PluginName = "Translator";

    /// <summary>The prompt folder under <c>prompts/</c>, holding <c>Translate</c>.</summary>
    public const string PromptsName = "Translate";

    private readonly TranslateOptions _options;
    private readonly KernelFunction? _translate;
    private readonly ITokenCounter _tokens;

    /// <summary>Creates the plugin.</summary>
    /// <param name="options">Limits and chunk size; defaults when null.</param>
    /// <param name="prompts">The <c>Translate</c> prompt plugin (e.g. from <see cref="LoadPrompts"/>); required to translate.</param>
    /// <param name="tokens">Token counter for chunk sizes; o200k when null.</param>
    public TranslatePlugin(TranslateOptions? options = null, KernelPlugin? prompts = null, ITokenCounter? tokens = null)
    {
        _options = options ?? new TranslateOptions();
        PluginArguments.RequirePositive(_options.MaxInputChars, $"{TranslateOptions.SectionName}:MaxInputChars");
        PluginArguments.RequirePositive(_options.ChunkTokens, $"{TranslateOptions.SectionName}:ChunkTokens");
        PluginArguments.RequirePositive(_options.MaxGlossaryTerms, $"{TranslateOptions.SectionName}:MaxGlossaryTerms");
        _translate = prompts?["Translate"];
        _tokens = tokens ?? O200kTokenCounter.Instance;
    }

    /// <summary>Loads the <c>Translate</c> prompt plugin from <c>&lt;promptsRoot&gt;/Translate/</c>.</summary>
    /// <param name="promptsRoot">The <c>prompts</c> folder.</param>
    public static KernelPlugin LoadPrompts(string promptsRoot) =>
        new Kernel().CreatePluginFromPromptDirectory(Path.Combine(promptsRoot, PromptsName));

    /// <summary>Translates a text.</summary>
    /// <param name="kernel">The kernel (supplied by Semantic Kernel); it must have a chat model.</param>
    /// <param name="text">The text (plain or Markdown).</param>
    /// <param name="to">Target language code.</param>
    /// <param name="from">Source language code; null or auto to detect Korean or English.</param>
    /// <param name="glossary">Fixed term translations: "source = target" lines or a JSON object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [KernelFunction("translate")]
    [Description("Translates a text (plain or Markdown) between Korean and English (also ja, zh, es, fr, de), keeping code blocks, inline code, URLs, numbers and {placeholders} exactly; an optional glossary fixes term translations. Returns translation, sourceLanguage, targetLanguage, mode.")]
    public Task<TranslationResult> TranslateAsync(
        Kernel kernel,
        [Description("The text to translate.")] string text,
        [Description("Target language code: ko, en, ja, zh, es, fr or de.")] string to,
        [Description("Source language code; auto (default) detects Korean or English.")] string? from = null,
        [Description("Optional fixed term translations, one 'source = target' per line, or a JSON object.")] string? glossary = null,
        CancellationToken cancellationToken = default) =>
        TranslateAsync(kernel, text, to, from, Glossary.Parse(glossary, _options.MaxGlossaryTerms), cancellationToken);

    /// <summary>Translates a text with a glossary already parsed.</summary>
    /// <param name="kernel">The kernel; it must have a chat model.</param>
    /// <param name="text">The text.</param>
    /// <param name="to">Target language code.</param>
    /// <param name="from">Source language code; null to detect.</param>
    /// <param name="glossary">Fixed term translations (source term → target term).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<TranslationResult> TranslateAsync(Kernel kernel, string text, string to, string? from, IReadOnlyDictionary<string, string> glossary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(glossary);
        PluginArguments.RequireText(text, _options.MaxInputChars, $"{TranslateOptions.SectionName}:MaxInputChars");
        var target = LanguageCodes.Validate(to, nameof(to)) ?? throw new PluginArgumentException("to: a target language code is required", nameof(to));
        var source = LanguageCodes.Validate(from, nameof(from));
        if (source == target) throw new PluginArgumentException($"from: the source and target language are both '{target}'", nameof(from));
        if (source is null && LanguageCodes.Detect(text) is var detected && detected == target)
        {
            throw new PluginArgumentException($"from: the text looks like {LanguageCodes.NameOf(target)} already; pass the source language to translate it anyway", nameof(from));
        }

        source ??= LanguageCodes.Detect(text);
        if (glossary.Count > _options.MaxGlossaryTerms)
        {
            throw new PluginArgumentException($"glossary: {glossary.Count} entries is over the limit of {_options.MaxGlossaryTerms} ({TranslateOptions.SectionName}:MaxGlossaryTerms)", nameof(glossary));
        }

        if (_translate is null || !ModelCall.HasChatModel(kernel)) throw new ModelRequiredException("translate");

        var output = new StringBuilder(text.Length * 2);
        var at = 0;
        foreach (var (start, end) in TranslationChunker.Split(text, _options.ChunkTokens, _tokens))
        {
            output.Append(text, at, start - at);
            output.Append(await TranslatePartAsync(kernel, text[start..end], source, target, glossary, cancellationToken));
            at = end;
        }

        output.Append(text, at, text.Length - at);
        return new TranslationResult(output.ToString(), source, target, "generative");
    }

    private Task<string> TranslatePartAsync(Kernel kernel, string part, string source, string target, IReadOnlyDictionary<string, string> glossary, CancellationToken cancellationToken)
    {
        var inventory = MarkdownInventory.Of(part);
        var used = glossary.Where(g => Occurs(part, g.Key)).ToList();

        // A code block (the chunker makes each its own part) has nothing to translate; sending it would only risk the code.
        if (inventory.CodeBlocks.Count > 0 && MarkdownInventory.OnlyCode(part)) return Task.FromResult(part);

        var arguments = new KernelArguments
        {
            ["text"] = part,
            ["source"] = LanguageCodes.NameOf(source),
            ["target"] = LanguageCodes.NameOf(target),
            ["glossary"] = used.Count == 0 ? "(none)" : string.Join("\n", used.Select(g => $"{g.Key} => {g.Value}")),
        };
        return ModelCall.InvokeCheckedAsync(kernel, _translate!, arguments, reply => Check(part, inventory, used, reply), "translation", cancellationToken);
    }

    /// <summary>The host's check of one translated part: null error when everything that must survive did.</summary>
    internal static (string? Value, string? Error) Check(string part, MarkdownInventory inventory, IReadOnlyList<KeyValuePair<string, string>> glossary, string reply)
    {
        var translation = reply.Trim();
        // A model may wrap its whole answer in a fence; unwrap it unless the source itself starts with one.
        if (translation.StartsWith("```", StringComparison.Ordinal) && !part.TrimStart().StartsWith("```", StringComparison.Ordinal)) translation = JsonReply.StripFence(translation);
        if (translation.Length == 0) return (null, "the reply is empty");

        var problems = inventory.Compare(MarkdownInventory.Of(translation)).ToList();
        foreach (var (term, fixedTranslation) in glossary)
        {
            if (!Occurs(translation, fixedTranslation)) problems.Add($"glossary: '{term}' must be translated as '{fixedTranslation}', which the translation does not contain");
        }

        return problems.Count == 0 ? (translation, null) : (null, string.Join("; ", problems));
    }

    private static bool Occurs(string text, string term) => text.Contains(term, StringComparison.OrdinalIgnoreCase);
}
