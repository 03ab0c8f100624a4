using Assistant.Core.KnowledgeBases;

namespace Assistant.Server.Apis;

/// <summary>How a document's source is shown to API callers: never the server's own folders.</summary>
internal static class DocumentPaths
{
    public static string Display(KnowledgeBase kb, string sourcePath)
    {
        var relative = Path.GetRelativePath(kb.UploadDirectory, sourcePath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.GetFileName(sourcePath)
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    public static bool IsUpload(KnowledgeBase kb, string sourcePath) =>
        Path.GetDirectoryName(Path.GetFullPath(sourcePath)) == kb.UploadDirectory;
}
