namespace Assistant.Core.Text;

/// <summary>Counts tokens the way a model's tokenizer does, for chunk sizes and prompt budgets.</summary>
public interface ITokenCounter
{
    /// <summary>The tokenizer's name, for reports ("o200k_base").</summary>
    string Name { get; }

    int Count(string text);

    /// <summary>
    /// How many leading characters of <paramref name="text"/> fit in <paramref name="maxTokens"/> tokens, never
    /// splitting a surrogate pair; 0 when even the first token does not fit.
    /// </summary>
    int LengthWithin(ReadOnlySpan<char> text, int maxTokens);
}
