namespace Assistant.Tests.TestSupport;

/// <summary>Finds the repository root and the shared/ folder that CI places beside the clone.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DocsCorpus => Path.Combine(Root, "docs-corpus");

    /// <summary>../shared/seeds when present (CI and developer machines), else null.</summary>
    public static string? Seeds => ExistingDir(Path.Combine(Root, "..", "shared", "seeds"));

    /// <summary>../shared/reference when present, else null.</summary>
    public static string? Reference => ExistingDir(Path.Combine(Root, "..", "shared", "reference"));

    private static string? ExistingDir(string path) => Directory.Exists(path) ? Path.GetFullPath(path) : null;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Assistant.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Assistant.sln not found above " + AppContext.BaseDirectory);
    }
}
