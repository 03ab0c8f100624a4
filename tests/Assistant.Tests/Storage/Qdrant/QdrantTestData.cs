using Assistant.Core.Documents;

namespace Assistant.Tests.Storage.Qdrant;

internal static class QdrantTestData
{
    public static DocumentRecord Document(string id = "doc-1", string source = "docs/guide/intro.md", string hash = "hash-1", params string[] tags) =>
        new(id, source, "markdown", hash, "Intro", 0, 1234, new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero), tags, "default", "fp");

    public static IReadOnlyList<Chunk> Chunks(string documentId, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new Chunk(documentId, i, $"Chunk {i} about the 모델 benchmark", ["Guide", "Part " + i], i + 1, i * 10, i * 10 + 9, 8))
            .ToList();

    public static IReadOnlyList<ReadOnlyMemory<float>> Vectors(int count, int dims = 4) =>
        Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<float>)Enumerable.Range(0, dims).Select(d => (float)((i + d) % 3) + 0.5f).ToArray()).ToList();
}
