using System.Collections.Concurrent;

namespace Assistant.Core.Text;

/// <summary>
/// Remembers the token counts of texts that come back turn after turn: a popular passage is sent with many answers and
/// a conversation's earlier turns with every next one. Counting them again cost the server more per message than its
/// own HTTP handling (bench-server). Bounded: when full it starts over, which keeps memory flat under any traffic.
/// </summary>
/// <param name="tokens">The counter.</param>
/// <param name="measured">What is counted for a key (the key itself when null): the text as the prompt shows it.</param>
/// <param name="capacity">Texts remembered at most.</param>
public sealed class TokenCountCache(ITokenCounter tokens, Func<string, string>? measured = null, int capacity = TokenCountCache.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string key)
    {
        if (_counts.TryGetValue(key, out var known)) return known;
        var count = tokens.Count(measured is null ? key : measured(key));
        if (_counts.Count >= capacity) _counts.Clear();
        _counts[key] = count;
        return count;
    }
}
