using System.Collections.Concurrent;
using System.Text;

namespace Assistant.Core.Storage.Sqlite;

/// <summary>
/// An in-memory copy of the FTS5 keyword index that ranks exactly as FTS5's <c>bm25()</c> does: same IDF, same
/// per-column weights, same document lengths, same arithmetic in the same order, so scores agree to the last bit.
/// </summary>
/// <remarks>
/// Why it exists: FTS5 has no top-k pruning, so an OR query calls <c>bm25()</c> on every matching row, and on the
/// 10k-chunk server benchmark a 3-term question matches about 2,300 rows: 1.5 ms of a 1.9 ms search was that ranking
/// (bench-server), and every support message searches twice. Here the same ranking is a walk over the query terms'
/// posting arrays. It answers only what it can answer exactly (see <see cref="CanRank"/>); FTS5 answers the rest.
/// The copy is built from FTS5's stored text and then checked against FTS5's own numbers: every row's token count
/// per column (the docsize table) and every term's row and instance counts per column (fts5vocab). Any difference and
/// no copy is made.
/// </remarks>
internal sealed class KeywordMemoryIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly long[] _rowIds;
    private readonly int[] _lengths;
    private readonly int[] _bases;
    private readonly string[] _baseNames;
    private readonly Dictionary<string, Postings> _terms;
    private readonly double _averageLength;
    private readonly ConcurrentBag<double[]> _accumulators = [];

    private KeywordMemoryIndex(long generation, long[] rowIds, int[] lengths, int[] bases, string[] baseNames, Dictionary<string, Postings> terms, long totalTokens)
    {
        Generation = generation;
        _rowIds = rowIds;
        _lengths = lengths;
        _bases = bases;
        _baseNames = baseNames;
        _terms = terms;
        // FTS5: avgdl = xColumnTotalSize(-1) / xRowCount, both as doubles.
        _averageLength = rowIds.Length == 0 ? 0 : (double)totalTokens / rowIds.Length;
    }

    /// <summary>The index generation (see the schema's triggers) the copy was read at; a search at another generation goes to FTS5.</summary>
    public long Generation { get; }

    public int Rows => _rowIds.Length;

    /// <summary>Approximate bytes held, for the README's figures and the tests.</summary>
    public long EstimatedBytes => (long)_rowIds.Length * (8 + 4 + 4) + _terms.Sum(t => 48L + (t.Key.Length * 2) + (t.Value.Rows.Length * 8L));

    /// <summary>One term's rows (ordinals into the row arrays, ascending) and its weighted frequency in each.</summary>
    private sealed record Postings(int[] Rows, float[] Frequencies);

    /// <summary>
    /// Terms this copy ranks exactly as FTS5: each must be one unicode61 token that case folding leaves alone, i.e. made
    /// only of ASCII lower-case letters and digits, Hangul, kana or CJK ideographs (what English and Korean questions
    /// become). Anything else — an apostrophe that FTS5 would split into a two-token phrase, an accented letter whose
    /// folding would have to be reproduced — is left to FTS5.
    /// </summary>
    public static bool CanRank(IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            if (!IsPlainTerm(term)) return false;
        }

        return true;
    }

    private static bool IsPlainTerm(string term)
    {
        if (term.Length == 0) return false;
        foreach (var c in term)
        {
            if (!IsPlain(c)) return false;
        }

        return true;
    }

    private static bool IsPlain(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9'
        or >= '\uAC00' and <= '\uD7A3' // Hangul syllables
        or >= '\u3131' and <= '\u318E' // Hangul compatibility jamo (letters only)
        or >= '\u4E00' and <= '\u9FFF' // CJK unified ideographs
        or >= '\u3041' and <= '\u3096' or >= '\u30A1' and <= '\u30FA'; // hiragana, katakana letters

    /// <summary>
    /// The best <paramref name="limit"/> rows for the OR of <paramref name="terms"/>, best first, with FTS5's score
    /// negated (higher is better); ties go to the lower rowid. <paramref name="knowledgeBase"/> restricts the rows, not
    /// the statistics, as FTS5's join does.
    /// </summary>
    public IReadOnlyList<(long RowId, double Score)> Search(IReadOnlyList<string> terms, string? knowledgeBase, int limit)
    {
        if (limit <= 0 || _rowIds.Length == 0) return [];
        var baseOrdinal = -1;
        if (knowledgeBase is not null)
        {
            baseOrdinal = Array.IndexOf(_baseNames, knowledgeBase);
            if (baseOrdinal < 0) return [];
        }

        var scores = _accumulators.TryTake(out var rented) ? rented : new double[_rowIds.Length];
        var touched = new List<int>();
        try
        {
            var rowCount = (double)_rowIds.Length;
            // Phrase by phrase in query order, as bm25() sums them; a phrase absent from a row adds nothing there.
            foreach (var term in terms)
            {
                if (!_terms.TryGetValue(term, out var postings)) continue;
                double hits = postings.Rows.Length;
                var idf = Math.Log((rowCount - hits + 0.5) / (hits + 0.5));
                if (idf <= 0.0) idf = 1e-6;
                var rows = postings.Rows;
                var frequencies = postings.Frequencies;
                for (var i = 0; i < rows.Length; i++)
                {
                    var row = rows[i];
                    if (baseOrdinal >= 0 && _bases[row] != baseOrdinal) continue;
                    double frequency = frequencies[i];
                    var length = (double)_lengths[row];
                    var add = idf * ((frequency * (K1 + 1.0)) / (frequency + (K1 * (1 - B + (B * length / _averageLength)))));
                    // Every added share is > 0 (idf ≥ 1e-6, frequency > 0), so 0 marks a row not yet seen.
                    if (scores[row] == 0) touched.Add(row);
                    scores[row] += add;
                }
            }

            return Best(scores, touched, limit);
        }
        finally
        {
            foreach (var row in touched) scores[row] = 0;
            _accumulators.Add(scores);
        }
    }

    private List<(long RowId, double Score)> Best(double[] scores, List<int> touched, int limit)
    {
        // A bounded heap whose root is the worst kept row: lower score, then higher rowid.
        var heap = new PriorityQueue<int, (double Score, long RowId)>(limit + 1, WorstFirst.Instance);
        foreach (var row in touched)
        {
            var key = (scores[row], _rowIds[row]);
            if (heap.Count < limit) heap.Enqueue(row, key);
            else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(key, worst) > 0) heap.EnqueueDequeue(row, key);
        }

        var best = new List<(long RowId, double Score)>(heap.Count);
        while (heap.TryDequeue(out var row, out _)) best.Add((_rowIds[row], scores[row]));
        best.Reverse();
        return best;
    }

    private sealed class WorstFirst : IComparer<(double Score, long RowId)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, long RowId) x, (double Score, long RowId) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.RowId.CompareTo(x.RowId);
        }
    }

    /// <summary>Collects the rows (in rowid order) and checks them against FTS5's own counts before a copy is made.</summary>
    public sealed class Builder(long generation, double headingWeight, double bodyWeight)
    {
        private readonly List<long> _rowIds = [];
        private readonly List<int> _lengths = [];
        private readonly List<int> _bases = [];
        private readonly List<string> _baseNames = [];
        private readonly Dictionary<string, TermBuilder> _terms = new(StringComparer.Ordinal);
        private long _totalTokens;
        private readonly List<string> _tokens = [];

        /// <summary>Why the copy cannot be trusted, once a check failed; null while every check holds.</summary>
        public string? Mismatch { get; private set; }

        private sealed class TermBuilder
        {
            public List<int> Rows { get; } = [];
            public List<float> Frequencies { get; } = [];
            public long[] RowsPerColumn { get; } = new long[2];
            public long[] InstancesPerColumn { get; } = new long[2];

            public int[] LastRow { get; } = [-1, -1];
        }

        /// <param name="headingTokens">FTS5's token count of the heading column for this row (its docsize record).</param>
        /// <param name="bodyTokens">Likewise for the body column.</param>
        public void Add(long rowId, string heading, string body, string knowledgeBase, int headingTokens, int bodyTokens)
        {
            if (Mismatch is not null) return;
            if (_rowIds.Count > 0 && rowId <= _rowIds[^1])
            {
                Mismatch = "rows out of rowid order";
                return;
            }

            var row = _rowIds.Count;
            var baseOrdinal = _baseNames.IndexOf(knowledgeBase);
            if (baseOrdinal < 0)
            {
                baseOrdinal = _baseNames.Count;
                _baseNames.Add(knowledgeBase);
            }

            var inHeading = AddColumn(row, heading, 0, headingWeight);
            var inBody = AddColumn(row, body, 1, bodyWeight);
            if (inHeading != headingTokens || inBody != bodyTokens)
            {
                Mismatch = $"row {rowId}: {inHeading}+{inBody} tokens here, {headingTokens}+{bodyTokens} in FTS5";
                return;
            }

            _rowIds.Add(rowId);
            _lengths.Add(inHeading + inBody);
            _bases.Add(baseOrdinal);
            _totalTokens += inHeading + inBody;
        }

        private int AddColumn(int row, string text, int column, double weight)
        {
            Tokenize(text, _tokens);
            foreach (var token in _tokens)
            {
                // A token FTS5 might fold differently is never looked up (CanRank refuses such terms); it still counts
                // towards the row's length, which is all bm25() needs of it.
                if (!IsPlainTerm(token)) continue;
                if (!_terms.TryGetValue(token, out var term))
                {
                    term = new TermBuilder();
                    _terms.Add(token, term);
                }

                if (term.Rows.Count == 0 || term.Rows[^1] != row)
                {
                    term.Rows.Add(row);
                    term.Frequencies.Add(0);
                }

                if (term.LastRow[column] != row)
                {
                    term.LastRow[column] = row;
                    term.RowsPerColumn[column]++;
                }

                term.InstancesPerColumn[column]++;
                term.Frequencies[^1] += (float)weight;
            }

            return _tokens.Count;
        }

        /// <summary>Checks one term's FTS5 counts (fts5vocab 'col': rows holding it and instances, per column).</summary>
        public void CheckTerm(string term, int column, long rows, long instances)
        {
            if (Mismatch is not null || !IsPlainTerm(term)) return;
            if (!_terms.TryGetValue(term, out var built) || built.RowsPerColumn[column] != rows || built.InstancesPerColumn[column] != instances)
            {
                Mismatch = $"term '{term}' column {column}: FTS5 counts {rows} rows / {instances} instances";
                return;
            }

            _checked.Add((term, column));
        }

        private readonly HashSet<(string, int)> _checked = [];

        /// <summary>The copy, or null with <see cref="Mismatch"/> set when FTS5's numbers and the copy's differ.</summary>
        public KeywordMemoryIndex? Build()
        {
            if (Mismatch is null)
            {
                // Every plain term of the copy must have been confirmed by FTS5, column by column.
                foreach (var (token, term) in _terms)
                {
                    for (var column = 0; column < 2; column++)
                    {
                        if (term.RowsPerColumn[column] > 0 && !_checked.Contains((token, column)))
                        {
                            Mismatch = $"term '{token}' column {column} is not in FTS5's vocabulary";
                            break;
                        }
                    }

                    if (Mismatch is not null) break;
                }
            }

            if (Mismatch is not null) return null;
            var terms = new Dictionary<string, Postings>(_terms.Count, StringComparer.Ordinal);
            foreach (var (token, term) in _terms) terms[token] = new Postings([.. term.Rows], [.. term.Frequencies]);
            return new KeywordMemoryIndex(generation, [.. _rowIds], [.. _lengths], [.. _bases], [.. _baseNames], terms, _totalTokens);
        }
    }

    /// <summary>
    /// unicode61's split: a token is a run of letters, numbers and private-use characters; everything else separates.
    /// The stored text is already analysed (lower-case words and Hangul bigrams joined by spaces), so in practice
    /// this splits on spaces and apostrophes; the docsize check catches any character the two disagree on.
    /// </summary>
    internal static void Tokenize(string text, List<string> tokens)
    {
        tokens.Clear();
        var start = -1;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var isToken = Rune.GetUnicodeCategory(rune) is
                System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
                or System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
                or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.DecimalDigitNumber
                or System.Globalization.UnicodeCategory.LetterNumber or System.Globalization.UnicodeCategory.OtherNumber
                or System.Globalization.UnicodeCategory.PrivateUse;
            if (isToken && start < 0) start = index;
            else if (!isToken && start >= 0)
            {
                tokens.Add(text[start..index]);
                start = -1;
            }

            index += rune.Utf16SequenceLength;
        }

        if (start >= 0) tokens.Add(text[start..]);
    }
}
