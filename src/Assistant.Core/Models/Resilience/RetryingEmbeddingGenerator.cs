using Microsoft.Extensions.AI;

namespace Assistant.Core.Models.Resilience;

/// <summary>Retries transient embedding failures and bounds each attempt by the profile timeout.</summary>
public sealed class RetryingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly RetryPolicy _policy;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string _profile;

    public RetryingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, RetryPolicy policy, string profile, TimeSpan timeout, TimeProvider time)
        : base(inner)
    {
        _policy = policy;
        _profile = profile;
        _timeout = timeout;
        _time = time;
    }

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values as IList<string> ?? values.ToList();
        return _policy.ExecuteAsync(async ct =>
        {
            using var timer = new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            try
            {
                return await base.GenerateAsync(list, options, linked.Token);
            }
            catch (Exception e) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new ModelException(ModelErrorKind.Timeout, $"Embedding profile '{_profile}' timed out after {_timeout.TotalSeconds:0.###} s.", e) { Profile = _profile };
            }
        }, cancellationToken);
    }
}
