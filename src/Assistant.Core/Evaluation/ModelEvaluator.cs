using System.Text.RegularExpressions;
using Assistant.Core.Answering;
using Assistant.Core.Models;
using Assistant.Core.Text;

namespace Assistant.Core.Evaluation;

/// <summary>One question to put to one profile, in one repeat, with its cache key.</summary>
public sealed record EvalWorkItem(EvalQuestion Question, int Repeat, string CacheKey);

/// <summary>
/// Puts questions to one profile through <see cref="IEvalAnswerer"/> and measures each answer: time to first text
/// (from the call, so retrieval is included, the same for every model), total time, tokens, the cited sources and the
/// citation check's verdicts. A model failure becomes an answer with <see cref="EvalAnswer.Error"/>, never an exception:
/// one bad answer must not end a bake-off.
/// </summary>
public sealed partial class ModelEvaluator(IEvalAnswerer answerer, ITokenCounter tokens, TimeProvider timeProvider)
{
    /// <summary>Answers <paramref name="work"/> with <paramref name="concurrency"/> in flight; cached answers are returned without asking.</summary>
    public async Task<IReadOnlyList<EvalAnswer>> RunAsync(
        string profile,
        int top,
        IReadOnlyList<EvalWorkItem> work,
        int concurrency,
        EvalAnswerCache? cache,
        Action? onAnswered,
        CancellationToken cancellationToken)
    {
        var results = new EvalAnswer[work.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var item = work[i];
                var cached = cache is null ? null : await cache.GetAsync(item.CacheKey, ct);
                if (cached is not null)
                {
                    results[i] = cached with { QuestionId = item.Question.Id, Repeat = item.Repeat, Profile = profile, Cached = true };
                }
                else
                {
                    results[i] = await AskAsync(profile, top, item, ct);
                    if (cache is not null) await cache.PutAsync(item.CacheKey, results[i], ct);
                }

                onAnswered?.Invoke();
            });
        return results;
    }

    public async Task<EvalAnswer> AskAsync(string profile, int top, EvalWorkItem item, CancellationToken cancellationToken)
    {
        var measured = new EvalAnswer(item.Question.Id, item.Repeat, profile);
        var started = timeProvider.GetTimestamp();
        double? firstText = null;
        AnswerResult result;
        try
        {
            result = await answerer.AnswerAsync(profile, item.Question.Question, top, piece =>
            {
                if (piece.Length > 0) firstText ??= timeProvider.GetElapsedTime(started).TotalMilliseconds;
            }, cancellationToken);
        }
        catch (UnknownModelProfileException)
        {
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var model = ModelException.Find(ex);
            return measured with
            {
                Error = model?.Message ?? ex.GetType().Name + ": " + ex.Message,
                TimedOut = model?.Kind == ModelErrorKind.Timeout || ex is TimeoutException or TaskCanceledException,
                TotalMs = timeProvider.GetElapsedTime(started).TotalMilliseconds,
            };
        }

        var total = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var cited = Markers().Matches(result.Answer)
            .Select(m => int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture))
            .Select(n => result.Sources.FirstOrDefault(s => s.N == n)?.Hit.Source)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return measured with
        {
            Model = result.Model ?? answerer.Describe(profile)?.Model,
            Answer = result.Answer,
            Found = result.Found,
            CitedSources = cited,
            SupportedCitations = result.CitationChecks.Count(c => c.Supported),
            CheckedCitations = result.CitationChecks.Count,
            TtftMs = Math.Round(firstText ?? total, 2),
            TotalMs = Math.Round(total, 2),
            InputTokens = result.Usage?.InputTokens ?? 0,
            OutputTokens = result.Usage?.OutputTokens ?? tokens.Count(result.Answer),
            ReportedUsage = result.Usage?.OutputTokens is not null,
        };
    }

    [GeneratedRegex(@"\[(\d{1,9})\]")]
    private static partial Regex Markers();
}
