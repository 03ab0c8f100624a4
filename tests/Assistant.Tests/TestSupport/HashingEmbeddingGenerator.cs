using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;

namespace Assistant.Tests.TestSupport;

/// <summary>
/// A deterministic test double for an embedding model: NOT semantic. It hashes surface features into
/// <see cref="Dimensions"/> signed buckets (feature hashing) and L2-normalises:
/// Hangul runs → character bigrams (so "서울에서" and "서울의" share "서울"); Latin words → a crude stem plus
/// character 3-grams. Texts that share features get higher cosine, nothing more. A test that needs
/// paraphrases to match passes a tiny synonym table, which maps whole words (or a Hangul word's prefix,
/// so particles may follow) to a canonical form before hashing, and should say so.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "hashing-test-double";

    private readonly IReadOnlyDictionary<string, string> _synonyms;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly string _modelId;

    /// <param name="modelId">Reported as the model name, so tests can play "the user switched models".</param>
    public HashingEmbeddingGenerator(int dimensions = 256, IReadOnlyDictionary<string, string>? synonyms = null, string modelId = ModelId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        Dimensions = dimensions;
        _synonyms = synonyms ?? new Dictionary<string, string>();
        _metadata = new EmbeddingGeneratorMetadata("hashing-test", providerUri: null, modelId, dimensions);
        _modelId = modelId;
    }

    public int Dimensions { get; }

    /// <summary>How many texts were embedded, so tests can assert batching and caching.</summary>
    public int EmbeddedCount { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            embeddings.Add(new Embedding<float>(Embed(text)) { ModelId = _modelId, CreatedAt = DateTimeOffset.UnixEpoch });
            EmbeddedCount++;
        }

        return Task.FromResult(embeddings);
    }

    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            var token = Canonical(word);
            if (ContainsHangul(token))
            {
                AddHangulFeatures(token, vector);
            }
            else
            {
                var stem = Stem(token);
                AddFeature("w:" + stem, 1f, vector);
                var padded = "^" + stem + "$";
                for (var i = 0; i + 3 <= padded.Length; i++)
                {
                    AddFeature("c:" + padded.Substring(i, 3), 0.5f, vector);
                }
            }
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0f)
        {
            // Empty or feature-less text still gets a valid unit vector, the same for all such texts.
            AddFeature("<empty>", 1f, vector);
            norm = 1f;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private string Canonical(string word)
    {
        if (_synonyms.TryGetValue(word, out var exact))
        {
            return exact;
        }

        if (!ContainsHangul(word))
        {
            return word;
        }

        // Korean attaches particles (은/는/을/를/에서…) to nouns, so match the longest synonym prefix.
        for (var length = word.Length - 1; length >= 1; length--)
        {
            if (_synonyms.TryGetValue(word[..length], out var prefixed))
            {
                return prefixed + word[length..];
            }
        }

        return word;
    }

    private void AddHangulFeatures(string token, float[] vector)
    {
        if (token.Length == 1)
        {
            AddFeature("h:" + token, 1f, vector);
            return;
        }

        for (var i = 0; i + 2 <= token.Length; i++)
        {
            AddFeature("h:" + token.Substring(i, 2), 1f, vector);
        }
    }

    private void AddFeature(string feature, float weight, float[] vector)
    {
        // FNV-1a 64: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in feature)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var bucket = (int)(hash % (ulong)vector.Length);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static bool ContainsHangul(string token) => token.Any(static c => c is >= '\uAC00' and <= '\uD7A3');

    /// <summary>Strips a few English suffixes; enough for "indexes"/"indexing"/"indexed" to meet.</summary>
    private static string Stem(string word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}
