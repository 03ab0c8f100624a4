using Assistant.Core.Ingestion;
using Assistant.Core.KnowledgeBases;
using Microsoft.Extensions.Options;

namespace Assistant.Server.Apis;

/// <summary>
/// Saves uploaded files into the knowledge base's upload folder and runs the same ingestion pipeline as
/// `assistant ingest` on them (its size, type and content limits, its per-file outcomes). A file the pipeline did
/// not index is removed again, so the upload folder holds what is indexed.
/// </summary>
public sealed partial class DocumentUploader(IOptions<ServerOptions> options, TimeProvider time, ILogger<DocumentUploader> logger)
{
    private const int MaxNameChars = 200;

    public async Task<IResult> UploadAsync(KnowledgeBase kb, IFormFileCollection files, CancellationToken ct)
    {
        var max = options.Value.Limits.MaxUploadFiles;
        if (files.Count == 0) return SearchApi.Validation("files", "files: the upload holds no file");
        if (files.Count > max) return SearchApi.Validation("files", $"files: {files.Count} files is over the limit of {max} per upload (Server:Limits:MaxUploadFiles)");

        var names = new List<string>(files.Count);
        foreach (var file in files)
        {
            if (SafeName(file.FileName) is not { } name) return SearchApi.Validation("files", $"files: '{file.FileName}' is not a usable file name");
            if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) return SearchApi.Validation("files", $"files: '{name}' appears twice in the upload");
            names.Add(name);
        }

        Directory.CreateDirectory(kb.UploadDirectory);
        IngestReport report;
        var saved = new List<(string Path, bool Existed)>();
        using (await IngestLock.ForWritingAsync(kb.StoreOptions, message => LogWaiting(logger, kb.Name, message), time, ct))
        {
            for (var i = 0; i < files.Count; i++)
            {
                var path = Path.Combine(kb.UploadDirectory, names[i]);
                var temp = Path.Combine(kb.UploadDirectory, $".upload-{Guid.NewGuid():N}");
                await using (var target = File.Create(temp))
                {
                    await files[i].CopyToAsync(target, ct);
                }

                var existed = File.Exists(path);
                File.Move(temp, path, overwrite: true);
                saved.Add((path, existed));
            }

            report = await kb.Pipeline.IngestAsync(new IngestRequest([.. saved.Select(s => s.Path)], KnowledgeBase: kb.Name), null, ct);
        }

        foreach (var (path, existed) in saved)
        {
            var outcome = report.Files.FirstOrDefault(f => f.Path == path)?.Outcome;
            if (!existed && outcome is IngestOutcome.Failed or IngestOutcome.Skipped) File.Delete(path);
        }

        var dtos = report.Files.Select(f => new UploadedFileDto(
            DocumentPaths.Display(kb, f.Path), f.Outcome.ToString().ToLowerInvariant(), f.Reason, f.Chunks, f.DocumentId)).ToList();
        return TypedResults.Ok(new UploadResponse(
            kb.Name, dtos, report.Count(IngestOutcome.Added), report.Count(IngestOutcome.Updated), report.Count(IngestOutcome.Unchanged),
            report.Count(IngestOutcome.Skipped), report.Count(IngestOutcome.Failed), report.Chunks, (long)report.Elapsed.TotalMilliseconds));
    }

    /// <summary>The file name alone (a client's folders never reach the server's), or null when nothing usable is left.</summary>
    internal static string? SafeName(string? uploaded)
    {
        var name = Path.GetFileName((uploaded ?? "").Replace('\\', '/')).Trim();
        if (name.Length is 0 or > MaxNameChars || name.StartsWith('.')) return null;
        return name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Any(char.IsControl) ? null : name;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload to knowledge base {KnowledgeBase}: {Message}")]
    private static partial void LogWaiting(ILogger logger, string knowledgeBase, string message);
}
