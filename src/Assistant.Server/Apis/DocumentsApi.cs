using Assistant.Core.Ingestion;
using Microsoft.Extensions.AI;
using Assistant.Server.Limits;
using Assistant.Server.Security;

namespace Assistant.Server.Apis;

/// <summary>Knowledge-base administration (role admin), always on the key's own knowledge base.</summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").RequireAuthorization(ApiPolicies.Admin).WithTags("Documents");
        documents.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("List the knowledge base's documents");
        documents.MapPost("/", UploadAsync)
            .WithName("UploadDocuments")
            .WithSummary("Upload and index documents (multipart/form-data, one or more files)")
            .WithDescription("Each file is saved to the knowledge base's upload folder and goes through the ingestion pipeline; the response reports every file's outcome.")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces<UploadResponse>()
            .WithMetadata(new UploadBodyLimit());
        documents.MapDelete("/{id}", DeleteAsync).WithName("DeleteDocument").WithSummary("Remove a document from the index");
        documents.MapPost("/reindex", ReindexAsync)
            .WithName("ReindexDocuments")
            .WithSummary("Re-embed every chunk with the configured embedding model (as 'assistant reindex')");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, CancellationToken ct)
    {
        var kb = context.KnowledgeBase();
        var docs = await kb.ListDocumentsAsync(ct);
        return TypedResults.Ok(docs.Select(d => new DocumentDto(d.Id, DocumentPaths.Display(kb, d.SourcePath), d.Format, d.Title, d.ChunkCount, d.SizeBytes, d.IndexedAt, d.Tags, d.KnowledgeBase)).ToList());
    }

    private static async Task<IResult> UploadAsync(HttpContext context, DocumentUploader uploader, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType) return SearchApi.Validation("files", "files: send the documents as multipart/form-data");
        var form = await context.Request.ReadFormAsync(ct);
        return await uploader.UploadAsync(context.KnowledgeBase(), form.Files, ct);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, CancellationToken ct)
    {
        var kb = context.KnowledgeBase();
        // Looked up in the key's base only: another base's id is simply not found.
        if (await kb.GetDocumentAsync(id, ct) is not { } document)
        {
            return TypedResults.Problem(title: "Document not found", detail: $"No document '{id}' in this knowledge base.", statusCode: StatusCodes.Status404NotFound);
        }

        using (await IngestLock.ForWritingAsync(kb.StoreOptions, _ => { }, TimeProvider.System, ct))
        {
            await kb.Store.DeleteDocumentAsync(document.Id, ct);
        }

        if (DocumentPaths.IsUpload(kb, document.SourcePath)) File.Delete(document.SourcePath);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReindexAsync(HttpContext context, bool? dropVectors, bool? force, CancellationToken ct)
    {
        var kb = context.KnowledgeBase();
        if (dropVectors != true && kb.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is null)
        {
            return TypedResults.Problem(
                title: "No embedding model",
                detail: "No embedding model is configured (Models:DefaultEmbedding), so there is nothing to embed with; set one, or reindex with dropVectors=true to make the index keyword-only.",
                statusCode: StatusCodes.Status409Conflict);
        }

        ReindexReport report;
        using (await IngestLock.ForWritingAsync(kb.StoreOptions, _ => { }, TimeProvider.System, ct))
        {
            report = await kb.Reindexer.ReindexAsync(new ReindexRequest(dropVectors ?? false, force ?? false), null, ct);
        }

        return TypedResults.Ok(new ReindexResponse(
            report.Outcome.ToString(), report.Previous?.Model, report.Current?.Model, report.Documents, report.Chunks, (long)report.Elapsed.TotalMilliseconds));
    }
}

public sealed record DocumentDto(string Id, string Source, string Format, string? Title, int Chunks, long SizeBytes, DateTimeOffset IndexedAt, IReadOnlyList<string> Tags, string KnowledgeBase);

public sealed record UploadedFileDto(string Name, string Outcome, string? Reason, int Chunks, string? DocumentId);

public sealed record UploadResponse(string KnowledgeBase, IReadOnlyList<UploadedFileDto> Files, int Added, int Updated, int Unchanged, int Skipped, int Failed, int Chunks, long ElapsedMs);

public sealed record ReindexResponse(string Outcome, string? PreviousModel, string? Model, int Documents, int Chunks, long ElapsedMs);
