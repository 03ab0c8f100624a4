namespace Assistant.Core.KernelHost;

/// <summary>
/// A prompt folder under <c>prompts/</c> that Semantic Kernel cannot load. The message starts with the file at fault,
/// so a surface can print it as one line and stop (the CLI exits 2, as for bad configuration).
/// </summary>
public sealed class InvalidPromptException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    public string PromptPath { get; } = path;
}
