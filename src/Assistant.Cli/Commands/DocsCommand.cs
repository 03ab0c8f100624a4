using System.CommandLine;
using Assistant.Cli.Output;
using Assistant.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Assistant.Cli.Commands;

internal static class DocsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the documents as a JSON array." };
        var list = new Command("list", "List indexed documents.") { json };
        list.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var docs = await services.GetRequiredService<IKnowledgeStore>().ListDocumentsAsync(ct);
            var cwd = Directory.GetCurrentDirectory();
            if (parse.GetValue(json))
            {
                Json.Write(docs.Select(d => new DocumentJson(d.Id, Json.DisplayPath(d.SourcePath, cwd), d.Format, d.Title, d.ChunkCount, d.SizeBytes, d.IndexedAt, d.Tags, d.KnowledgeBase)).ToList());
                return CliRunner.Success;
            }

            if (docs.Count == 0)
            {
                Console.WriteLine("The index is empty. Add documents with 'assistant ingest PATH'.");
                return CliRunner.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "id", "source", "format", "chunks", "size (KB)", "indexed" }) table.AddColumn(c);
            foreach (var d in docs)
            {
                table.AddRow(d.Id, Markup.Escape(Json.DisplayPath(d.SourcePath, cwd)), d.Format, d.ChunkCount.ToString(), (d.SizeBytes / 1024.0).ToString("0.#"), d.IndexedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"));
            }

            AnsiConsole.Write(table);
            var state = await services.GetRequiredService<IKnowledgeStore>().GetEmbeddingStateAsync(ct);
            Console.WriteLine(Summary(docs.Count, state));
            return CliRunner.Success;
        });

        var id = new Argument<string>("document") { Description = "Document id or file path, as shown by 'assistant docs list'." };
        var remove = new Command("remove", "Remove a document and its passages from the index.") { id };
        remove.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.BuildServices(parse);
            var store = services.GetRequiredService<IKnowledgeStore>();
            var given = parse.GetValue(id)!;
            var cwd = Directory.GetCurrentDirectory();
            if (await DocumentLookup.FindAsync(store, given, cwd, ct) is { } document && await store.DeleteDocumentAsync(document.Id, ct))
            {
                Console.WriteLine($"Removed {document.Id} ({Json.DisplayPath(document.SourcePath, cwd)}).");
                return CliRunner.Success;
            }

            Console.Error.WriteLine($"error: no document with id or path '{given}' (see 'assistant docs list')");
            return CliRunner.PartialFailure;
        });

        return new Command("docs", "List or remove indexed documents.") { list, remove };
    }

    /// <summary>One line under the table, so a user can see which embedding model the index needs.</summary>
    internal static string Summary(int documents, EmbeddingState state)
    {
        var vectors = state.Space is null
            ? "no vectors (keyword search only)"
            : $"vectors from {state.Space} on {state.ChunksWithVectors} of {state.Chunks} chunks";
        var pending = state.PendingReindex is { } p ? $"; unfinished reindex to {p} (run `assistant reindex`)" : string.Empty;
        return $"{documents} documents, {state.Chunks} chunks; {vectors}{pending}.";
    }
}

internal sealed record DocumentJson(string Id, string Source, string Format, string? Title, int Chunks, long SizeBytes, DateTimeOffset IndexedAt, IReadOnlyList<string> Tags, string KnowledgeBase);
