using System.CommandLine;

namespace Assistant.Cli;

/// <summary>Options every command accepts, before or after the subcommand name.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Folder holding the index (default ./data; env ASSISTANT_DATA; appsettings DataDirectory).",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "An extra JSON settings file layered over appsettings.json.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Data);
        root.Options.Add(Config);
    }
}
