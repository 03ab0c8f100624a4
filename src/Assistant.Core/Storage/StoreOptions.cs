using System.ComponentModel.DataAnnotations;

namespace Assistant.Core.Storage;

public enum VectorStoreKind
{
    /// <summary>SQLite file under the data folder: zero set-up.</summary>
    Embedded,

    /// <summary>A Qdrant server (see QdrantOptions): scales out across machines.</summary>
    Qdrant,
}

/// <summary>Where the index lives. Bound from the root keys "DataDirectory" and "VectorStore".</summary>
public sealed class StoreOptions
{
    /// <summary>Folder for the embedded store and its catalog; `--data` and ASSISTANT_DATA override it.</summary>
    [Required]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Relative to the current folder. Only this index gets the sample corpus on first use (SampleCorpusBootstrap).</summary>
    public const string DefaultDataDirectory = "data";

    public VectorStoreKind VectorStore { get; set; } = VectorStoreKind.Embedded;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "assistant.db");
}
