using System.Globalization;
using Assistant.Core.Documents;
using Assistant.Core.Retrieval;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Assistant.Core.Storage.Qdrant;

/// <summary>How chunks, document records and search filters map to Qdrant points, payloads and filters.</summary>
internal static class QdrantPayloads
{
    public const string DocumentId = "document_id";
    public const string ChunkIndex = "chunk_index";
    public const string Source = "source";
    public const string SourcePrefixes = "source_prefixes";
    public const string Tags = "tags";
    public const string KnowledgeBase = "knowledge_base";
    public const string ContentHash = "content_hash";
    public const string SectionPath = "section_path";
    public const string StartOffset = "start_offset";
    public const string EndOffset = "end_offset";
    public const string Tokens = "tokens";
    private const string SectionSeparator = " > ";

    /// <summary>Payload fields a search hit needs; source_prefixes and tags stay on the server.</summary>
    public static readonly string[] HitFields = [DocumentId, ChunkIndex, "text", "section", "page", Source];

    public static PointStruct ChunkPoint(DocumentRecord document, Chunk chunk, ReadOnlyMemory<float>? embedding, QdrantOptions options)
    {
        var point = new PointStruct
        {
            Id = Guid.Parse(QdrantPointIds.ForChunk(document.Id, chunk.Index)),
            Vectors = ChunkVectors(chunk.Text, embedding, options),
        };
        var p = point.Payload;
        p[DocumentId] = document.Id;
        p[ChunkIndex] = chunk.Index;
        p["text"] = chunk.Text;
        p["section"] = chunk.Section;
        // The joined "section" serves hits; the parts and offsets let GetChunks rebuild the chunk exactly.
        p[SectionPath] = chunk.SectionPath.ToArray();
        if (chunk.Page is { } page) p["page"] = page;
        p[StartOffset] = chunk.StartOffset;
        p[EndOffset] = chunk.EndOffset;
        p[Tokens] = chunk.Tokens;
        p[Source] = document.SourcePath;
        p[SourcePrefixes] = SourcePrefixTokens(document.SourcePath).ToArray();
        p[Tags] = document.Tags.ToArray();
        p[KnowledgeBase] = document.KnowledgeBase;
        return point;
    }

    /// <summary>
    /// A chunk's named vectors: the dense one when embedded, and the sparse BM25 one computed from the text (so a reindex
    /// or a migration can always rebuild it from the payload alone).
    /// </summary>
    public static Vectors ChunkVectors(string text, ReadOnlyMemory<float>? embedding, QdrantOptions options)
    {
        var named = new NamedVectors();
        if (embedding is { } e)
        {
            named.Vectors[options.VectorName] = Dense(e);
        }

        var sparse = SparseTextEncoder.EncodeDocument(text);
        if (!sparse.IsEmpty)
        {
            named.Vectors[options.SparseVectorName] = new Vector { Sparse = Sparse(sparse) };
        }

        return new Vectors { Vectors_ = named };
    }

    /// <summary>Document records live in a collection without vectors; the point carries only the payload.</summary>
    public static PointStruct DocumentPoint(DocumentRecord d)
    {
        var point = new PointStruct { Id = Guid.Parse(QdrantPointIds.ForDocument(d.Id)), Vectors = new Vectors { Vectors_ = new NamedVectors() } };
        var p = point.Payload;
        p[DocumentId] = d.Id;
        p[Source] = d.SourcePath;
        p["format"] = d.Format;
        p[ContentHash] = d.ContentHash;
        if (d.Title is not null) p["title"] = d.Title;
        p["chunk_count"] = d.ChunkCount;
        p["size_bytes"] = d.SizeBytes;
        p["indexed_at"] = d.IndexedAt.ToString("O", CultureInfo.InvariantCulture);
        p[Tags] = d.Tags.ToArray();
        p[KnowledgeBase] = d.KnowledgeBase;
        if (d.Fingerprint is not null) p["fingerprint"] = d.Fingerprint;
        return point;
    }

    public static DocumentRecord ToDocument(MapField<string, Value> p) => new(
        Id: Str(p, DocumentId),
        SourcePath: Str(p, Source),
        Format: Str(p, "format"),
        ContentHash: Str(p, ContentHash),
        Title: OptionalStr(p, "title"),
        ChunkCount: (int)(OptionalInt(p, "chunk_count") ?? 0),
        SizeBytes: OptionalInt(p, "size_bytes") ?? 0,
        IndexedAt: DateTimeOffset.Parse(Str(p, "indexed_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Tags: Strings(p, Tags) ?? [],
        KnowledgeBase: OptionalStr(p, KnowledgeBase) ?? DocumentRecord.DefaultKnowledgeBase,
        Fingerprint: OptionalStr(p, "fingerprint"));

    /// <summary>
    /// The chunk a point stores. Points written before section_path and the offsets were stored get the path split
    /// from the joined section and zero offsets and token estimate.
    /// </summary>
    public static Chunk ToChunk(MapField<string, Value> p)
    {
        var section = OptionalStr(p, "section") ?? "";
        IReadOnlyList<string> path = Strings(p, SectionPath) ?? (section.Length == 0 ? [] : section.Split(SectionSeparator));
        return new Chunk(
            DocumentId: Str(p, DocumentId),
            Index: (int)(OptionalInt(p, ChunkIndex) ?? throw Missing(ChunkIndex)),
            Text: Str(p, "text"),
            SectionPath: path,
            Page: (int?)OptionalInt(p, "page"),
            StartOffset: (int)(OptionalInt(p, StartOffset) ?? 0),
            EndOffset: (int)(OptionalInt(p, EndOffset) ?? 0),
            Tokens: (int)(OptionalInt(p, Tokens) ?? 0));
    }

    /// <summary>What a chunk point's dense vector is made from; matches <see cref="Chunk.EmbeddingText"/> at ingest.</summary>
    public static string EmbeddingText(MapField<string, Value> p) => Chunk.EmbeddingTextOf(OptionalStr(p, "section") ?? "", Str(p, "text"));

    public static SearchHit ToHit(ScoredPoint point, int rank)
    {
        var p = point.Payload;
        return new SearchHit(
            Rank: rank,
            Score: point.Score,
            DocumentId: Str(p, DocumentId),
            Source: Str(p, Source),
            Section: OptionalStr(p, "section") ?? "",
            Page: (int?)OptionalInt(p, "page"),
            Text: Str(p, "text"),
            ChunkIndex: (int)(OptionalInt(p, ChunkIndex) ?? 0));
    }

    /// <summary>
    /// Qdrant has no prefix match on keyword payloads, so each chunk carries every directory prefix of its source
    /// ("docs", "docs/", "docs/guide", "docs/guide/", and the full path) and a prefix filter is an exact match on that array.
    /// A prefix therefore matches on whole path segments only; backslashes count as '/'.
    /// </summary>
    public static IEnumerable<string> SourcePrefixTokens(string sourcePath)
    {
        var path = NormalizePath(sourcePath);
        var set = new SortedSet<string>(StringComparer.Ordinal) { path };
        for (var i = path.IndexOf('/', 1); i > 0; i = path.IndexOf('/', i + 1))
        {
            set.Add(path[..i]);
            set.Add(path[..(i + 1)]);
        }

        return set;
    }

    public static string NormalizePath(string path) => path.Replace('\\', '/');

    /// <summary>A Qdrant Filter for the chunk collection, or null when nothing restricts the search.</summary>
    public static Filter? ChunkFilter(SearchFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var must = new Filter();
        if (filter.DocumentIds is { Count: > 0 } ids)
        {
            must.Must.Add(Match(DocumentId, ids.Distinct(StringComparer.Ordinal).ToList()));
        }

        if (!string.IsNullOrEmpty(filter.SourcePrefix))
        {
            must.Must.Add(MatchKeyword(SourcePrefixes, NormalizePath(filter.SourcePrefix)));
        }

        if (filter.Tags is { Count: > 0 } tags)
        {
            must.Must.Add(Match(Tags, tags.Distinct(StringComparer.Ordinal).ToList()));
        }

        if (!string.IsNullOrEmpty(filter.KnowledgeBase))
        {
            must.Must.Add(MatchKeyword(KnowledgeBase, filter.KnowledgeBase));
        }

        return must.Must.Count == 0 ? null : must;
    }

    public static Filter ByDocument(string documentId) => new() { Must = { MatchKeyword(DocumentId, documentId) } };

    public static Vector Dense(ReadOnlyMemory<float> values)
    {
        var dense = new DenseVector();
        dense.Data.Add(values.ToArray());
        return new Vector { Dense = dense };
    }

    public static SparseVector Sparse(SparseVectorData v)
    {
        var sparse = new SparseVector();
        sparse.Indices.Add(v.Indices);
        sparse.Values.Add(v.Values);
        return sparse;
    }

    private static string Str(MapField<string, Value> p, string key) => OptionalStr(p, key) ?? throw Missing(key);

    private static string? OptionalStr(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;

    private static long? OptionalInt(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) ? v.KindCase switch
        {
            Value.KindOneofCase.IntegerValue => v.IntegerValue,
            Value.KindOneofCase.DoubleValue => (long)v.DoubleValue,
            _ => null,
        } : null;

    private static string[]? Strings(MapField<string, Value> p, string key) =>
        p.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.ListValue
            ? v.ListValue.Values.Select(x => x.StringValue).ToArray()
            : null;

    private static QdrantException Missing(string key) => new($"Qdrant point payload lacks '{key}'; was the collection written by another program?");
}
