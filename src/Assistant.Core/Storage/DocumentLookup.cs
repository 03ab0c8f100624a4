using Assistant.Core.Documents;

namespace Assistant.Core.Storage;

/// <summary>Finds an indexed document by what a user has at hand: its id, or its file path as `docs list` shows it.</summary>
public static class DocumentLookup
{
    /// <summary>
    /// The document whose id is <paramref name="idOrPath"/>, else the one indexed from that path (relative to
    /// <paramref name="currentDirectory"/>, or absolute); null when neither exists.
    /// </summary>
    public static async Task<DocumentRecord?> FindAsync(IKnowledgeStore store, string idOrPath, string currentDirectory, CancellationToken cancellationToken)
    {
        var documents = await store.ListDocumentsAsync(cancellationToken);
        var byId = documents.FirstOrDefault(d => string.Equals(d.Id, idOrPath, StringComparison.Ordinal));
        if (byId is not null) return byId;

        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(idOrPath, currentDirectory));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null; // not a path either
        }

        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return documents.FirstOrDefault(d => string.Equals(d.SourcePath, full, comparison));
    }
}
