using Assistant.Core.Answering;
using Assistant.Core.Retrieval;

namespace Assistant.Core.Agents;

/// <summary>
/// Every passage one turn shows the model, under one id sequence: the given passages are [1]…[n] and each search adds
/// the passages it has not shown yet as [n+1]…, while a passage found again keeps its first id. So the ids in the
/// fenced text, in the answer's citations and in <see cref="Sources"/> agree, however many searches ran, in parallel or not.
/// One nonce fences the whole turn (the system message names it). Bounded by <c>maxPassages</c>.
/// </summary>
internal sealed class PassageLedger(string nonce, int maxPassages)
{
    private readonly Lock _lock = new();
    private readonly List<Citation> _sources = [];
    private readonly Dictionary<(string DocumentId, int ChunkIndex), int> _ids = [];

    public string Nonce => nonce;

    public IReadOnlyList<Citation> Sources
    {
        get
        {
            lock (_lock) return [.. _sources];
        }
    }

    /// <summary>
    /// Registers <paramref name="hits"/> and returns them renumbered with their turn ids, in the order given.
    /// A hit whose text names the nonce is withheld (it could close its own fence); hits beyond the budget are dropped.
    /// </summary>
    public (IReadOnlyList<SearchHit> Hits, int Dropped) Add(IEnumerable<SearchHit> hits)
    {
        var added = new List<SearchHit>();
        var dropped = 0;
        lock (_lock)
        {
            foreach (var hit in hits)
            {
                if (Mentions(hit)) continue;
                var key = (hit.DocumentId, hit.ChunkIndex);
                if (_ids.TryGetValue(key, out var known))
                {
                    if (added.All(h => h.Rank != known)) added.Add(hit with { Rank = known });
                    continue;
                }

                if (_sources.Count >= maxPassages)
                {
                    dropped++;
                    continue;
                }

                var id = _sources.Count + 1;
                var numbered = hit with { Rank = id };
                _ids[key] = id;
                _sources.Add(new Citation(id, numbered));
                added.Add(numbered);
            }
        }

        return (added, dropped);
    }

    public bool IsFull
    {
        get
        {
            lock (_lock) return _sources.Count >= maxPassages;
        }
    }

    /// <summary>The passages fenced with the turn's nonce (see <see cref="PassageFence"/>).</summary>
    public string Fence(IReadOnlyList<SearchHit> hits) =>
        hits.Count == 0 ? string.Empty : PassageFence.Fence(hits, () => nonce).Text;

    private bool Mentions(SearchHit hit) =>
        hit.Text.Contains(nonce, StringComparison.OrdinalIgnoreCase)
        || hit.Section.Contains(nonce, StringComparison.OrdinalIgnoreCase)
        || hit.Source.Contains(nonce, StringComparison.OrdinalIgnoreCase);
}
