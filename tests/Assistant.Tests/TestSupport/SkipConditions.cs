namespace Assistant.Tests.TestSupport;

/// <summary>A fact that needs the real seed documents (../shared/seeds); skipped, visibly, where they are absent.</summary>
public sealed class SeedsFactAttribute : FactAttribute
{
    public SeedsFactAttribute()
    {
        if (RepoPaths.Seeds is null) Skip = "seed documents not found: expected ../shared/seeds beside the repository";
    }
}

/// <summary>
/// A fact about files the process cannot read. Root reads files whatever their mode (and the CI container runs
/// as root), so there it is skipped with that reason rather than passing vacuously.
/// </summary>
public sealed class UnreadableFilesFactAttribute : FactAttribute
{
    public UnreadableFilesFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "needs Unix file modes";
        else if (CanReadMode000File()) Skip = $"running as '{Environment.UserName}', who can read a chmod 000 file (root ignores file modes)";
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool CanReadMode000File()
    {
        var path = Path.Combine(Path.GetTempPath(), "assistant-mode-probe-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "probe");
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Delete(path);
        }
    }
}
