namespace Assistant.Core.Models.Ollama;

/// <summary>Ollama-only knobs: context size (<c>options.num_ctx</c>) and how long the model stays loaded (<c>keep_alive</c>, e.g. "5m").</summary>
public sealed record OllamaChatClientSettings(int? ContextWindow = null, string? KeepAlive = null);
