namespace Assistant.Core.Hosting;

/// <summary>Arguments for the .NET host builders (Host, WebApplication) the surfaces create.</summary>
public static class HostArguments
{
    /// <summary>
    /// <paramref name="args"/> plus <c>hostBuilder:reloadConfigOnChange=false</c>. The default builders load the content
    /// root's appsettings.json with reload on, and the file watcher behind it watches the content root — the current
    /// folder — with every subfolder: `assistant serve` run from a home folder put an inotify watch on each folder
    /// under it (5,322 of them from /tmp here), and every SQLite write in the data folder below woke the watcher
    /// (bench-server: about a tenth of a core). Nothing here reloads settings anyway: options are read once at start.
    /// </summary>
    public static string[] WithoutConfigWatch(params string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];
}
