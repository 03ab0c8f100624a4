using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Assistant.Core.Documents;
using Assistant.Core.Ingestion.Chunking;
using Assistant.Core.Ingestion.Deduplication;
using Assistant.Core.Ingestion.Extraction;
using Assistant.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Core.Ingestion;

/// <summary>
/// extract → normalise → deduplicate → chunk → (embed) → store, one file at a time. A file that fails is
/// reported with its path and reason and the batch goes on; each stored document is one atomic write.
/// </summary>
public sealed partial class IngestionPipeline(
    IKnowledgeStore store,
    ExtractorRegistry extractors,
    DocumentNormalizer normalizer,
    StructureAwareChunker chunker,
    IngestionOptions options,
    TimeProvider timeProvider,
    IEmbeddingGenerator<string, Embedding<float>>? embedder = null,
    ILogger<IngestionPipeline>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<IngestionPipeline>.Instance;

    public async Task<IngestReport> IngestAsync(IngestRequest request, IIngestProgress? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await store.InitializeAsync(cancellationToken);

        var walk = new FileWalker(extractors, options).Walk(request.Paths);
        var files = walk.Files;
        var results = walk.PassedOver.ToList();
        progress?.Started(files.Count + results.Count);
        foreach (var early in results) progress?.FileCompleted(early);

        // Checked before any file is read: mixing two models' vectors in one index would quietly break search.
        var embedding = new EmbeddingSession(store, embedder, await store.GetEmbeddingStateAsync(cancellationToken));
        var known = (await store.ListDocumentsAsync(cancellationToken)).ToList();
        // Reading, extracting, normalising and chunking a file needs nothing from the index, so the next file is
        // prepared on another thread while this one is deduplicated, embedded and stored (FTS5 indexing alone is
        // about half the work); decisions still happen one file at a time, in order, against the live index.
        var atStart = new IndexSnapshot(known, request.AllowDuplicates);
        var next = files.Count > 0 ? PrepareInBackground(files[0], atStart, cancellationToken) : null;
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prepared = await next!;
            next = i + 1 < files.Count ? PrepareInBackground(files[i + 1], atStart, cancellationToken) : null;
            progress?.FileStarted(prepared.Path);
            var result = await IngestFileAsync(prepared, request, known, embedding, cancellationToken);
            if (result.Outcome == IngestOutcome.Failed) LogFailed(_logger, result.Path, result.Reason);
            results.Add(result);
            progress?.FileCompleted(result);
        }

        if (request.Sync)
        {
            foreach (var removed in await SyncAsync(request.Paths, cancellationToken))
            {
                results.Add(removed);
                progress?.FileCompleted(removed);
            }
        }

        if (store is IIndexMaintenance maintenance && results.Any(r => r.Outcome is IngestOutcome.Added or IngestOutcome.Updated or IngestOutcome.Removed))
        {
            progress?.Compacting();
            await maintenance.CompactAsync(cancellationToken);
        }

        return new IngestReport(results, stopwatch.Elapsed) { Warnings = walk.Warnings };
    }

    /// <summary>Stable id of the document at <paramref name="fullPath"/>: re-ingesting the same path updates the same document.</summary>
    public static string DocumentIdFor(string fullPath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..16];

    private Task<PreparedFile> PrepareInBackground(string file, IndexSnapshot atStart, CancellationToken cancellationToken) =>
        Task.Run(() => PrepareAsync(file, atStart, cancellationToken), cancellationToken);

    /// <summary>Everything about a file that does not depend on the index as it changes during the batch.</summary>
    private async Task<PreparedFile> PrepareAsync(string path, IndexSnapshot atStart, CancellationToken cancellationToken)
    {
        var extractor = extractors.Find(path);
        if (extractor is null)
        {
            return PreparedFile.Failed(path, $"unsupported file type '{Path.GetExtension(path)}' (supported: {string.Join(", ", extractors.SupportedExtensions.Order())})");
        }

        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(path, options.MaxFileBytes, cancellationToken);
        }
        catch (FileTooLargeException ex)
        {
            return PreparedFile.Failed(path, $"file is {ex.Size}, over the {options.MaxFileSizeMegabytes} MB limit (Ingestion:MaxFileSizeMegabytes)");
        }
        catch (UnauthorizedAccessException)
        {
            return PreparedFile.Failed(path, "permission denied: the file cannot be read");
        }
        catch (IOException ex)
        {
            return PreparedFile.Failed(path, $"cannot read the file: {ex.Message}");
        }

        if (bytes.Length == 0) return PreparedFile.Failed(path, "empty file (0 bytes)");
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var documentId = DocumentIdFor(path);
        // Files the index already held at the start are most likely unchanged or exact duplicates: not extracted
        // here (re-ingesting a folder stays a matter of hashing); IngestFileAsync extracts them if they are not.
        var content = atStart.LikelySkipped(documentId, hash) ? null : await ReadContentAsync(extractor, path, bytes, documentId, cancellationToken);
        // Only the size travels on: holding the bytes while the file is stored and the next one read doubled the peak.
        return new PreparedFile(path, extractor, null, bytes.LongLength, hash, documentId, content);
    }

    /// <summary>
    /// Extracts, normalises, fingerprints and chunks a file within <see cref="IngestionOptions.MaxSecondsPerFile"/>.
    /// The work runs on its own task: a step that cannot be interrupted (Markdig's parser, one PDF page) still cannot
    /// hold the batch past the budget. The file fails with the reason, the batch goes on, and the abandoned work ends
    /// on its own, its result unused.
    /// </summary>
    private async Task<FileContent> ReadContentAsync(IDocumentExtractor extractor, string path, byte[] bytes, string documentId, CancellationToken cancellationToken)
    {
        var budget = TimeSpan.FromSeconds(options.MaxSecondsPerFile);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        var work = Task.Run(() => ExtractContentAsync(extractor, path, bytes, documentId, timeout.Token), CancellationToken.None);
        try
        {
            return await work.WaitAsync(budget, timeProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return FileContent.Failed(new IngestFileResult(path, IngestOutcome.Failed, $"reading the file took longer than {options.MaxSecondsPerFile} s (Ingestion:MaxSecondsPerFile); the rest of the batch went on"));
        }
    }

    /// <summary>
    /// A file that looked unchanged at the start of the batch but must be indexed after all: its bytes were let go after
    /// hashing, so it is read again (bounded) and must still have the hash the decisions were made on.
    /// </summary>
    private async Task<FileContent> ReadAgainAsync(PreparedFile prepared, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(prepared.Path, options.MaxFileBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileTooLargeException)
        {
            // Whatever it is now, it is not what was hashed.
            return FileContent.Failed(new IngestFileResult(prepared.Path, IngestOutcome.Failed, $"the file changed while it was being ingested ({ex.Message}); run ingest again"));
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != prepared.Hash)
        {
            return FileContent.Failed(new IngestFileResult(prepared.Path, IngestOutcome.Failed, "the file changed while it was being ingested; run ingest again"));
        }

        return await ReadContentAsync(prepared.Extractor!, prepared.Path, bytes, prepared.DocumentId, cancellationToken);
    }

    private async Task<FileContent> ExtractContentAsync(IDocumentExtractor extractor, string path, byte[] bytes, string documentId, CancellationToken cancellationToken)
    {
        NormalizedDocument normalized;
        try
        {
            var extracted = await extractor.ExtractAsync(path, bytes, cancellationToken);
            // Text formats are estimated before parsing; this holds every format to the same cap.
            BlockBudget.Check(extracted.Blocks.Count, options.MaxBlocksPerFile);
            cancellationToken.ThrowIfCancellationRequested();
            normalized = normalizer.Normalize(extracted);
        }
        catch (DocumentRejectedException ex)
        {
            return FileContent.Failed(new IngestFileResult(path, IngestOutcome.Failed, ex.Reason));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return FileContent.Failed(new IngestFileResult(path, IngestOutcome.Failed, $"could not extract text: {ex.GetType().Name}: {ex.Message}"));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fingerprint = NearDuplicateDetector.Fingerprint(normalized.Document.FullText);
        return new FileContent(normalized, fingerprint, chunker.Chunk(documentId, normalized.Document, cancellationToken), null);
    }

    private async Task<IngestFileResult> IngestFileAsync(PreparedFile prepared, IngestRequest request, List<DocumentRecord> known, EmbeddingSession embedding, CancellationToken cancellationToken)
    {
        if (prepared.Failure is { } failure) return failure;
        var (path, size, hash, documentId) = (prepared.Path, prepared.Size, prepared.Hash, prepared.DocumentId);
        var existing = known.FirstOrDefault(d => d.Id == documentId);
        if (existing is not null && existing.ContentHash == hash)
        {
            return new IngestFileResult(path, IngestOutcome.Unchanged, null, existing.ChunkCount, documentId, Bytes: size);
        }

        if (!request.AllowDuplicates && known.FirstOrDefault(d => d.ContentHash == hash && d.Id != documentId) is { } twin)
        {
            return DuplicateOf(twin, path, documentId, size);
        }

        var content = prepared.Content ?? await ReadAgainAsync(prepared, cancellationToken);
        if (content.Failure is { } unreadable) return unreadable;
        var normalized = content.Normalized!;
        var text = normalized.Document.FullText;
        if (text.Length == 0)
        {
            return new IngestFileResult(path, IngestOutcome.Failed, "no text found in the file (a scanned PDF needs OCR first)");
        }

        if (normalized.GarbageShare > options.MaxGarbageShare)
        {
            return new IngestFileResult(path, IngestOutcome.Failed, $"text is still garbled after repair ({normalized.GarbageShare:P0} unreadable characters; limit {options.MaxGarbageShare:P0}): check the file's encoding");
        }

        var fingerprint = content.Fingerprint!;
        DocumentRecord? replaces = null;
        if (!request.AllowDuplicates)
        {
            var nearest = Nearest(fingerprint, documentId, known);
            if (nearest.Doc is not null && nearest.Similarity >= options.NearDuplicateThreshold)
            {
                // A clean original beats a repaired damaged copy of it: index the original and drop the copy.
                if (!normalized.Repaired && nearest.Doc.RecoveredShare is not null)
                {
                    replaces = nearest.Doc;
                }
                else
                {
                    var repairNote = normalized.Repaired ? $"; its text was repaired from {normalized.RepairedFrom} mojibake, {normalized.RecoveredShare:P0} recovered" : string.Empty;
                    return new IngestFileResult(path, IngestOutcome.Skipped, $"near-duplicate of {nearest.Doc.SourcePath} (similarity {nearest.Similarity:0.00}){repairNote}; use --allow-duplicates to index it anyway", DocumentId: documentId, RecoveredShare: normalized.Repaired ? normalized.RecoveredShare : null, Bytes: size);
                }
            }
        }

        var chunks = content.Chunks!;
        var embeddings = await embedding.EmbedAsync(chunks, options.EmbeddingBatchSize, cancellationToken);
        var record = new DocumentRecord(
            documentId,
            path,
            normalized.Document.Format,
            hash,
            normalized.Document.Title,
            chunks.Count,
            size,
            timeProvider.GetUtcNow(),
            request.Tags ?? [],
            request.KnowledgeBase,
            fingerprint,
            normalized.Repaired ? normalized.RecoveredShare : null);
        if (request.AllowDuplicates)
        {
            await store.UpsertDocumentAsync(record, chunks, embeddings, cancellationToken);
        }
        else if (await store.UpsertUnlessDuplicateAsync(record, chunks, embeddings, cancellationToken) is { } lateTwin)
        {
            // Another process stored the same bytes under another path since this batch read the index.
            known.Add(lateTwin);
            return DuplicateOf(lateTwin, path, documentId, size);
        }

        if (replaces is not null) await store.DeleteDocumentAsync(replaces.Id, cancellationToken);

        known.RemoveAll(d => d.Id == documentId || d.Id == replaces?.Id);
        known.Add(record);
        var reason = normalized.Repaired
            ? $"repaired {normalized.RepairedFrom} mojibake: {normalized.RecoveredShare:P0} of damaged text recovered with confidence"
            : replaces is not null ? $"replaces {replaces.SourcePath}, a repaired damaged copy of this document" : null;
        return new IngestFileResult(path, existing is null ? IngestOutcome.Added : IngestOutcome.Updated, reason, chunks.Count, documentId, normalized.Repaired ? normalized.RecoveredShare : null, size);
    }

    private static IngestFileResult DuplicateOf(DocumentRecord twin, string path, string documentId, long bytes) =>
        new(path, IngestOutcome.Skipped, $"duplicate of {twin.SourcePath} (identical content)", DocumentId: documentId, Bytes: bytes);

    /// <summary>
    /// The file's bytes, never more than <paramref name="limit"/>: the size is taken from the opened file (a symbolic
    /// link's own size says nothing), and reading stops past the limit whatever the size said, so a file that grows
    /// while it is read, or a device behind a link, cannot exhaust memory.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(string path, long limit, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var reported = stream.CanSeek ? stream.Length : 0;
        if (reported > limit) throw new FileTooLargeException($"{reported / 1048576.0:0.#} MB");
        var buffer = new MemoryStream(reported > 0 ? (int)reported : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw new FileTooLargeException($"over {limit / 1048576.0:0.#} MB (it grew while being read)");
            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private sealed class FileTooLargeException(string size) : Exception(size)
    {
        public string Size { get; } = size;
    }

    /// <summary>The indexed document most similar to <paramref name="fingerprint"/> (the first of equals), compared with every other one.</summary>
    /// <remarks>A plain loop: this runs once per file against every indexed document, and LINQ's ordering cost more than the comparisons.</remarks>
    private static (DocumentRecord? Doc, double Similarity) Nearest(string fingerprint, string documentId, List<DocumentRecord> known)
    {
        (DocumentRecord? Doc, double Similarity) nearest = (null, 0);
        foreach (var d in known)
        {
            if (d.Id == documentId || d.Fingerprint is null) continue;
            var similarity = NearDuplicateDetector.Similarity(fingerprint, d.Fingerprint);
            if (nearest.Doc is null || similarity > nearest.Similarity) nearest = (d, similarity);
        }

        return nearest;
    }

    private async Task<IReadOnlyList<IngestFileResult>> SyncAsync(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        var removed = new List<IngestFileResult>();
        var folders = roots.Select(Path.GetFullPath).Where(Directory.Exists).Select(f => f.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToList();
        foreach (var doc in await store.ListDocumentsAsync(cancellationToken))
        {
            if (folders.Any(f => doc.SourcePath.StartsWith(f, StringComparison.Ordinal)) && !File.Exists(doc.SourcePath))
            {
                await store.DeleteDocumentAsync(doc.Id, cancellationToken);
                removed.Add(new IngestFileResult(doc.SourcePath, IngestOutcome.Removed, "file no longer exists", doc.ChunkCount, doc.Id));
            }
        }

        return removed;
    }

    /// <summary>A file read and hashed; <see cref="Content"/> is null when it was not extracted ahead (see <see cref="IndexSnapshot"/>).</summary>
    private sealed record PreparedFile(string Path, IDocumentExtractor? Extractor, IngestFileResult? Failure, long Size, string Hash, string DocumentId, FileContent? Content)
    {
        public static PreparedFile Failed(string path, string reason) => new(path, null, new IngestFileResult(path, IngestOutcome.Failed, reason), 0, string.Empty, string.Empty, null);
    }

    /// <summary>A file's normalised text, fingerprint and chunks, or why its text could not be extracted.</summary>
    private sealed record FileContent(NormalizedDocument? Normalized, string? Fingerprint, IReadOnlyList<Chunk>? Chunks, IngestFileResult? Failure)
    {
        public static FileContent Failed(IngestFileResult failure) => new(null, null, null, failure);
    }

    /// <summary>The content hashes indexed when the batch started, read by the preparing thread (the live list is not).</summary>
    private sealed class IndexSnapshot(IReadOnlyList<DocumentRecord> known, bool allowDuplicates)
    {
        private readonly Dictionary<string, string> _hashById = known.ToDictionary(d => d.Id, d => d.ContentHash, StringComparer.Ordinal);
        private readonly HashSet<string> _hashes = known.Select(d => d.ContentHash).ToHashSet(StringComparer.Ordinal);

        public bool LikelySkipped(string documentId, string hash) =>
            (_hashById.TryGetValue(documentId, out var indexed) && indexed == hash) || (!allowDuplicates && _hashes.Contains(hash));
    }

    /// <summary>
    /// Embeds chunks for one ingest run and makes sure the model matches the index: the model name is checked up
    /// front, the dimensions with the first real vector, which is also when an empty index records its model.
    /// </summary>
    private sealed class EmbeddingSession
    {
        private readonly IKnowledgeStore _store;
        private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
        private readonly EmbeddingState _state;
        private bool _confirmed;

        public EmbeddingSession(IKnowledgeStore store, IEmbeddingGenerator<string, Embedding<float>>? embedder, EmbeddingState state)
        {
            _store = store;
            _embedder = embedder;
            _state = state;
            EmbeddingCompatibility.ThrowIfIncompatible(state, embedder is null ? null : EmbeddingSpace.ModelName(embedder), null, EmbeddingUse.Ingest);
        }

        public async Task<IReadOnlyList<ReadOnlyMemory<float>>?> EmbedAsync(IReadOnlyList<Chunk> chunks, int batchSize, CancellationToken cancellationToken)
        {
            if (_embedder is null || chunks.Count == 0) return null;
            var vectors = new List<ReadOnlyMemory<float>>(chunks.Count);
            foreach (var batch in chunks.Chunk(batchSize))
            {
                var generated = await _embedder.GenerateAsync(batch.Select(c => c.EmbeddingText), cancellationToken: cancellationToken);
                if (generated.Count != batch.Length)
                {
                    throw new InvalidOperationException($"The embedding model returned {generated.Count} vectors for {batch.Length} texts.");
                }

                vectors.AddRange(generated.Select(e => e.Vector));
            }

            await ConfirmSpaceAsync(vectors[0].Length, cancellationToken);
            return vectors;
        }

        private async Task ConfirmSpaceAsync(int dimensions, CancellationToken cancellationToken)
        {
            if (_confirmed) return;
            var space = EmbeddingSpace.Of(_embedder!, dimensions);
            EmbeddingCompatibility.ThrowIfIncompatible(_state, space.Model, dimensions, EmbeddingUse.Ingest);
            if (_state.Space != space) await _store.SetEmbeddingSpaceAsync(space, cancellationToken);
            _confirmed = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not indexed: {Path}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string path, string? reason);
}
