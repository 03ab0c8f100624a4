using System.CommandLine;
using Assistant.Core.Retrieval;

namespace Assistant.Cli.Commands;

/// <summary>The search filters shared by `search` and `ask`: the same knowledge base, tags and folders `ingest` assigns.</summary>
internal sealed class FilterOptions
{
    private readonly Option<string?> _knowledgeBase = new("--kb") { Description = "Only this knowledge base (tenant), as given to 'ingest --kb'." };
    private readonly Option<string[]> _tags = new("--tag") { Description = "Only documents with this tag (repeatable: any of them)." };
    private readonly Option<string?> _under = new("--under") { Description = "Only documents whose path starts with this file or folder." };
    private readonly Option<string[]> _documents = new("--doc") { Description = "Only this document id (repeatable; see 'assistant docs list')." };

    public void AddTo(Command command)
    {
        command.Options.Add(_knowledgeBase);
        command.Options.Add(_tags);
        command.Options.Add(_under);
        command.Options.Add(_documents);
    }

    /// <returns>Null when no filter option was given.</returns>
    public SearchFilter? Read(ParseResult parse)
    {
        var knowledgeBase = parse.GetValue(_knowledgeBase);
        var tags = parse.GetValue(_tags) ?? [];
        var under = parse.GetValue(_under);
        var documents = parse.GetValue(_documents) ?? [];
        if (knowledgeBase is null && tags.Length == 0 && under is null && documents.Length == 0) return null;
        if (knowledgeBase is { Length: 0 }) throw new UsageException("--kb needs a knowledge base name");
        if (under is { Length: 0 }) throw new UsageException("--under needs a file or folder path");

        // Sources are stored as full paths, so a relative --under is resolved the way ingest resolved the files.
        return new SearchFilter(
            documents.Length > 0 ? documents : null,
            under is null ? null : Path.GetFullPath(under),
            tags.Length > 0 ? tags : null,
            knowledgeBase);
    }
}
