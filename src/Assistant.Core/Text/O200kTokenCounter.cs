using Microsoft.ML.Tokenizers;

namespace Assistant.Core.Text;

/// <summary>
/// Tokens counted with OpenAI's o200k_base vocabulary (GPT-4o and later) through Microsoft.ML.Tokenizers; the vocabulary
/// ships inside the Microsoft.ML.Tokenizers.Data.O200kBase package, so nothing is downloaded.
/// </summary>
/// <remarks>
/// A proxy for whichever chat model answers: Llama, Qwen or Gemma tokenizers served by Ollama differ, and usually spend
/// more tokens on Korean. It replaced a character-class estimate that ran 30–40 % high for Korean and English.
/// Loading takes ~300 ms, so the one shared tokenizer is built on first use; it is safe to call from many threads
/// (its word cache is synchronised).
/// </remarks>
public sealed class O200kTokenCounter : ITokenCounter
{
    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static O200kTokenCounter Instance { get; } = new();

    private O200kTokenCounter()
    {
    }

    public string Name => "o200k_base";

    public int Count(string text) => text.Length == 0 ? 0 : Tokenizer.Value.CountTokens(text, considerPreTokenization: true, considerNormalization: false);

    public int LengthWithin(ReadOnlySpan<char> text, int maxTokens)
    {
        if (text.Length == 0 || maxTokens <= 0) return 0;
        return Tokenizer.Value.GetIndexByTokenCount(text, maxTokens, out _, out _, considerPreTokenization: true, considerNormalization: false);
    }
}
