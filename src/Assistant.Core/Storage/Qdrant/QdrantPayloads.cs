using System.Globalization;
using System.Text.Json.Nodes;
using Assistant.Core.Documents;
using Assistant.Core.Retrieval;

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

    public static JsonObject ChunkPoint(DocumentRecord document, Chunk chunk, ReadOnlyMemory<float>? embedding, QdrantOptions options)
    {
        var vectors = new JsonObject();
        if (embedding is { } e)
        {
            vectors[options.VectorName] = FloatArray(e.Span);
        }

        var sparse = SparseTextEncoder.EncodeDocument(chunk.Text);
        if (!sparse.IsEmpty)
        {
            vectors[options.SparseVectorName] = Sparse(sparse);
        }

        return new JsonObject
        {
            ["id"] = QdrantPointIds.ForChunk(document.Id, chunk.Index),
            ["vector"] = vectors,
            ["payload"] = new JsonObject
            {
                [DocumentId] = document.Id,
                [ChunkIndex] = chunk.Index,
                ["text"] = chunk.Text,
                ["section"] = chunk.Section,
                // The joined "section" serves hits; the parts and offsets let GetChunks rebuild the chunk exactly.
                [SectionPath] = Strings(chunk.SectionPath),
                ["page"] = chunk.Page,
                [StartOffset] = chunk.StartOffset,
                [EndOffset] = chunk.EndOffset,
                [Tokens] = chunk.TokenEstimate,
                [Source] = document.SourcePath,
                [SourcePrefixes] = Strings(SourcePrefixTokens(document.SourcePath)),
                [Tags] = Strings(document.Tags),
                [KnowledgeBase] = document.KnowledgeBase,
            },
        };
    }

    /// <summary>Document records live in a collection without vectors; the point carries only the payload.</summary>
    public static JsonObject DocumentPoint(DocumentRecord d) => new()
    {
        ["id"] = QdrantPointIds.ForDocument(d.Id),
        ["vector"] = new JsonObject(),
        ["payload"] = new JsonObject
        {
            [DocumentId] = d.Id,
            [Source] = d.SourcePath,
            ["format"] = d.Format,
            [ContentHash] = d.ContentHash,
            ["title"] = d.Title,
            ["chunk_count"] = d.ChunkCount,
            ["size_bytes"] = d.SizeBytes,
            ["indexed_at"] = d.IndexedAt.ToString("O", CultureInfo.InvariantCulture),
            [Tags] = Strings(d.Tags),
            [KnowledgeBase] = d.KnowledgeBase,
            ["fingerprint"] = d.Fingerprint,
        },
    };

    public static DocumentRecord ToDocument(JsonNode point)
    {
        var p = point["payload"] ?? throw new QdrantException("Qdrant returned a document point without payload.");
        return new DocumentRecord(
            Id: Str(p, DocumentId),
            SourcePath: Str(p, Source),
            Format: Str(p, "format"),
            ContentHash: Str(p, ContentHash),
            Title: p["title"]?.GetValue<string>(),
            ChunkCount: p["chunk_count"]?.GetValue<int>() ?? 0,
            SizeBytes: p["size_bytes"]?.GetValue<long>() ?? 0,
            IndexedAt: DateTimeOffset.Parse(Str(p, "indexed_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Tags: (p[Tags] as JsonArray)?.Select(t => t!.GetValue<string>()).ToArray() ?? [],
            KnowledgeBase: p[KnowledgeBase]?.GetValue<string>() ?? DocumentRecord.DefaultKnowledgeBase,
            Fingerprint: p["fingerprint"]?.GetValue<string>());
    }

    /// <summary>
    /// The chunk a point stores. Points written before section_path and the offsets were stored get the path split
    /// from the joined section and zero offsets and token estimate.
    /// </summary>
    public static Chunk ToChunk(JsonNode point)
    {
        var p = point["payload"] ?? throw new QdrantException("Qdrant returned a chunk point without payload.");
        var section = p["section"]?.GetValue<string>() ?? "";
        IReadOnlyList<string> path = p[SectionPath] is JsonArray parts
            ? parts.Select(x => x!.GetValue<string>()).ToArray()
            : section.Length == 0 ? [] : section.Split(SectionSeparator);
        return new Chunk(
            DocumentId: Str(p, DocumentId),
            Index: p[ChunkIndex]?.GetValue<int>() ?? throw new QdrantException($"Qdrant point payload lacks '{ChunkIndex}'; was the collection written by another program?"),
            Text: Str(p, "text"),
            SectionPath: path,
            Page: p["page"] is JsonValue page ? page.GetValue<int>() : null,
            StartOffset: p[StartOffset]?.GetValue<int>() ?? 0,
            EndOffset: p[EndOffset]?.GetValue<int>() ?? 0,
            TokenEstimate: p[Tokens]?.GetValue<int>() ?? 0);
    }

    /// <summary>What a chunk point's dense vector is made from; matches <see cref="Chunk.EmbeddingText"/> at ingest.</summary>
    public static string EmbeddingText(JsonNode point)
    {
        var p = point["payload"] ?? throw new QdrantException("Qdrant returned a chunk point without payload.");
        return Chunk.EmbeddingTextOf(p["section"]?.GetValue<string>() ?? "", Str(p, "text"));
    }

    public static SearchHit ToHit(JsonNode point, int rank)
    {
        var p = point["payload"] ?? throw new QdrantException("Qdrant returned a scored point without payload.");
        return new SearchHit(
            Rank: rank,
            Score: point["score"]?.GetValue<double>() ?? 0,
            DocumentId: Str(p, DocumentId),
            Source: Str(p, Source),
            Section: p["section"]?.GetValue<string>() ?? "",
            Page: p["page"] is JsonValue page ? page.GetValue<int>() : null,
            Text: Str(p, "text"),
            ChunkIndex: p[ChunkIndex]?.GetValue<int>() ?? 0);
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
    public static JsonObject? ChunkFilter(SearchFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var must = new JsonArray();
        if (filter.DocumentIds is { Count: > 0 } ids)
        {
            must.Add(MatchAny(DocumentId, ids));
        }

        if (!string.IsNullOrEmpty(filter.SourcePrefix))
        {
            must.Add(MatchValue(SourcePrefixes, NormalizePath(filter.SourcePrefix)));
        }

        if (filter.Tags is { Count: > 0 } tags)
        {
            must.Add(MatchAny(Tags, tags));
        }

        if (!string.IsNullOrEmpty(filter.KnowledgeBase))
        {
            must.Add(MatchValue(KnowledgeBase, filter.KnowledgeBase));
        }

        return must.Count == 0 ? null : new JsonObject { ["must"] = must };
    }

    public static JsonObject MatchValue(string key, string value) =>
        new() { ["key"] = key, ["match"] = new JsonObject { ["value"] = value } };

    public static JsonObject MatchAny(string key, IEnumerable<string> values) =>
        new() { ["key"] = key, ["match"] = new JsonObject { ["any"] = Strings(values.Distinct(StringComparer.Ordinal)) } };

    public static JsonObject Must(params JsonObject[] conditions) => new() { ["must"] = new JsonArray(conditions) };

    public static JsonArray FloatArray(ReadOnlySpan<float> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(v);
        }

        return array;
    }

    public static JsonObject Sparse(SparseVectorData v) => new()
    {
        ["indices"] = new JsonArray(v.Indices.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        ["values"] = new JsonArray(v.Values.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string Str(JsonNode payload, string key) =>
        payload[key]?.GetValue<string>() ?? throw new QdrantException($"Qdrant point payload lacks '{key}'; was the collection written by another program?");
}
