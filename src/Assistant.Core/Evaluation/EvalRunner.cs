using System.Security.Cryptography;
using System.Text;
using Assistant.Core.Evaluation.Evaluators;
using Assistant.Core.KernelHost;
using Assistant.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Assistant.Core.Evaluation;

/// <summary>
/// The bake-off: loads the set, measures retrieval, then puts every question to every profile (answers cached per
/// profile, question, prompt version and index version), scores them with the M.E.AI.Evaluation evaluators, optionally
/// has a judge grade them, measures load levels and reads Ollama memory. Returns <see cref="EvalResults"/>; never prints.
/// </summary>
public sealed class EvalRunner(
    IKnowledgeStore store,
    RetrievalEvaluator retrieval,
    ModelEvaluator models,
    IEvalAnswerer answerer,
    PromptLibrary? prompts = null,
    JudgeEvaluator? judgeEvaluator = null,
    Func<string, IChatClient>? createChatClient = null,
    IModelMemoryProbe? memory = null)
{
    private static readonly IEvaluator Scoring = new CompositeEvaluator(new KeyFactEvaluator(), new TokenF1Evaluator());

    public async Task<EvalResults> RunAsync(EvalRequest request, IProgress<EvalProgress>? progress, CancellationToken cancellationToken)
    {
        if (!request.RetrievalOnly)
        {
            // Before any work: a typo in --models or --judge should not surface after an hour of answers.
            foreach (var profile in request.Profiles.Append(request.Judge).OfType<string>())
            {
                if (!answerer.KnownProfiles.Contains(profile, StringComparer.OrdinalIgnoreCase)) throw new Answering.UnknownModelProfileException(profile, answerer.KnownProfiles);
            }
        }

        var questions = EvalSetLoader.Load(request.SetPath);
        var byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        await store.InitializeAsync(cancellationToken);
        var retrievalResults = await retrieval.EvaluateAsync(questions, request.Top, progress, cancellationToken);
        var results = new EvalResults(Path.GetFileName(Path.TrimEndingDirectorySeparator(request.SetPath)), questions.Count, retrievalResults, [])
        {
            Answerable = questions.Count(q => q.Answerable),
            Unanswerable = questions.Count(q => !q.Answerable),
        };
        if (request.RetrievalOnly) return results;

        using var cache = request.CachePath is null ? null : new EvalAnswerCache(request.CachePath);
        var indexVersion = await IndexVersionAsync(cancellationToken);
        var modelResults = new List<ModelResults>();
        foreach (var profile in request.Profiles)
        {
            var promptVersion = PromptVersion(profile);
            var work = Enumerable.Range(1, request.Repeat)
                .SelectMany(r => questions.Select(q => new EvalWorkItem(q, r, EvalAnswerCache.Key(profile, q.Question, r.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Top.ToString(System.Globalization.CultureInfo.InvariantCulture), promptVersion, indexVersion))))
                .ToList();
            var done = 0;
            var answers = await models.RunAsync(profile, request.Top, work, request.Concurrency[0], cache,
                () => progress?.Report(new EvalProgress(profile, Interlocked.Increment(ref done), work.Count)), cancellationToken);
            var scored = new List<EvalAnswer>(answers.Count);
            foreach (var answer in answers) scored.Add(await ScoreAsync(answer, byId[answer.QuestionId], cancellationToken));
            if (request.Judge is { } judge) scored = await JudgeAsync(judge, scored, byId, cache, progress, cancellationToken);

            var load = new List<LoadPoint>();
            if (request.MeasureLoad)
            {
                foreach (var level in request.Concurrency)
                {
                    var loadWork = questions.Select(q => new EvalWorkItem(q, 1, "")).ToList();
                    var loadDone = 0;
                    var started = Environment.TickCount64;
                    var measured = await models.RunAsync(profile, request.Top, loadWork, level, null,
                        () => progress?.Report(new EvalProgress($"{profile} ×{level}", Interlocked.Increment(ref loadDone), loadWork.Count)), cancellationToken);
                    var wall = Math.Max(1, Environment.TickCount64 - started) / 1000.0;
                    var ok = measured.Where(a => a.Error is null).ToList();
                    load.Add(new LoadPoint(level, measured.Count, ModelScorer.Latency(ok), ModelScorer.TokensPerSecond(ok), Math.Round(ok.Sum(a => a.OutputTokens) / wall, 1), measured.Count - ok.Count));
                }
            }

            long? memoryBytes = memory is null ? null : await memory.GetMemoryBytesAsync(profile, cancellationToken);
            modelResults.Add(Summarise(profile, scored, byId) with { Load = load, MemoryBytes = memoryBytes });
        }

        return results with { Models = modelResults };
    }

    private ModelResults Summarise(string profile, IReadOnlyList<EvalAnswer> answers, IReadOnlyDictionary<string, EvalQuestion> byId)
    {
        var all = ModelScorer.Slice(answers, byId);
        var input = answers.Sum(a => a.InputTokens);
        var output = answers.Sum(a => a.OutputTokens);
        var described = answerer.Describe(profile);
        // The extractive answerer costs nothing; a model profile without prices has an unknown cost (null).
        var cost = described is null && IsExtractive(profile) ? 0m : described?.EstimateCost(input, output);
        return new ModelResults(
            profile,
            answers.Select(a => a.Model).FirstOrDefault(m => m is not null) ?? described?.Model,
            all.Latency,
            all.TokensPerSecond,
            all.Accuracy,
            all.CitationPrecision,
            all.RefusalRate,
            all.FalseAnswerRate,
            ModelScorer.Consistency(answers),
            all.Errors,
            new TokenResults(input, output),
            cost is { } c ? Math.Round(c, 6) : null,
            answers.GroupBy(a => byId[a.QuestionId].Lang, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => ModelScorer.Slice(g.ToList(), byId), StringComparer.Ordinal))
        {
            Timeouts = answers.Count(a => a.TimedOut),
            Answers = answers.Count,
            CachedAnswers = answers.Count(a => a.Cached),
            // Per answer asked (repeats included), so profiles run with different --repeat compare.
            CostPer100Questions = cost is { } total && answers.Count > 0 ? Math.Round(total / answers.Count * 100, 6) : null,
            ByTag = answers.SelectMany(a => byId[a.QuestionId].Tags.Select(t => (Tag: t, Answer: a))).GroupBy(x => x.Tag, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => ModelScorer.Slice(g.Select(x => x.Answer).ToList(), byId), StringComparer.Ordinal),
            ErrorSamples = answers.Where(a => a.Error is not null).Select(a => $"{a.QuestionId}: {a.Error}").Take(5).ToList(),
        };
    }

    private static async Task<EvalAnswer> ScoreAsync(EvalAnswer answer, EvalQuestion question, CancellationToken cancellationToken)
    {
        if (answer.Error is not null || !question.Answerable) return answer;
        var result = await Scoring.EvaluateAsync(
            [new ChatMessage(ChatRole.User, question.Question)],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Answer)),
            additionalContext: [new KeyFactsContext(question.KeyFacts)],
            cancellationToken: cancellationToken);
        return answer with
        {
            KeyFacts = result.Get<NumericMetric>(KeyFactEvaluator.MetricName).Value,
            TokenF1 = result.Get<NumericMetric>(TokenF1Evaluator.MetricName).Value,
        };
    }

    private async Task<List<EvalAnswer>> JudgeAsync(string judge, List<EvalAnswer> answers, IReadOnlyDictionary<string, EvalQuestion> byId, EvalAnswerCache? cache, IProgress<EvalProgress>? progress, CancellationToken cancellationToken)
    {
        if (judgeEvaluator is null || createChatClient is null) throw new InvalidOperationException("no judge is available in this host");
        using var client = createChatClient(judge);
        var configuration = new ChatConfiguration(client);
        var judgeVersion = PromptVersion(judge, JudgeEvaluator.PluginName, JudgeEvaluator.FunctionName);
        var judged = new List<EvalAnswer>(answers.Count);
        var done = 0;
        foreach (var answer in answers)
        {
            progress?.Report(new EvalProgress($"judge {judge}", ++done, answers.Count));
            if (answer.Error is not null)
            {
                judged.Add(answer);
                continue;
            }

            var question = byId[answer.QuestionId];
            var key = EvalAnswerCache.Key("judge", judge, judgeVersion, question.Question, string.Join("\n", question.KeyFacts), answer.Answer);
            var score = cache is null ? null : (await cache.GetAsync(key, cancellationToken))?.Judge;
            if (score is null)
            {
                try
                {
                    var result = await judgeEvaluator.EvaluateAsync(
                        [new ChatMessage(ChatRole.User, question.Question)],
                        new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Answer)),
                        configuration,
                        [new KeyFactsContext(question.KeyFacts)],
                        cancellationToken);
                    score = result.Get<NumericMetric>(JudgeEvaluator.MetricName).Value;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Models.ModelException.Find(ex) is not null)
                {
                    // A judge that fails leaves this answer ungraded; the judge average covers the graded ones.
                    score = null;
                }

                if (score is not null && cache is not null) await cache.PutAsync(key, new EvalAnswer(answer.QuestionId, 0, "judge:" + judge) { Judge = score }, cancellationToken);
            }

            judged.Add(answer with { Judge = score });
        }

        return judged;
    }

    private static bool IsExtractive(string profile) => string.Equals(profile, AnswerServiceEvalAnswerer.ExtractiveProfile, StringComparison.OrdinalIgnoreCase);

    /// <summary>Documents and their content hashes: a re-ingest that changes anything changes the version.</summary>
    private async Task<string> IndexVersionAsync(CancellationToken cancellationToken)
    {
        var documents = await store.ListDocumentsAsync(cancellationToken);
        var stats = await store.GetStatsAsync(cancellationToken);
        var text = string.Join("\n", documents.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id} {d.ContentHash} {d.ChunkCount}")) + "\n" + stats.EmbeddingModel;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>
    /// The prompt files the profile's answers come from, hashed. The extractive answerer has no prompt: its version is the
    /// build of the answering code, so a changed answerer is asked again.
    /// </summary>
    private string PromptVersion(string profile, string plugin = Answering.GenerativeAnswerer.PluginName, string function = Answering.GenerativeAnswerer.FunctionName)
    {
        if (answerer.Describe(profile) is null && IsExtractive(profile))
        {
            return "extractive:" + typeof(Answering.ExtractiveAnswerer).Assembly.ManifestModule.ModuleVersionId;
        }

        if (prompts is null) return "no-prompts";
        var folder = Path.Combine(prompts.Root, plugin, function);
        if (!Directory.Exists(folder)) return "missing";
        var text = string.Join("\n", Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
