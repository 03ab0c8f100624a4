using System.Text;
using Assistant.Core.Text;
using V = Assistant.Cli.Benchmarking.ProseVocabulary;

namespace Assistant.Cli.Benchmarking;

/// <summary>Samples list positions with probability ∝ 1 / rank^exponent, the shape of word frequencies in real text.</summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int count, double exponent)
    {
        _cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 1; rank <= count; rank++)
        {
            sum += 1.0 / Math.Pow(rank, exponent);
            _cumulative[rank - 1] = sum;
        }
    }

    public int Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return index >= 0 ? index : Math.Min(~index, _cumulative.Length - 1);
    }

    public T Pick<T>(IReadOnlyList<T> items, Random random) => items[Next(random)];
}

/// <summary>The made-up names shared by the corpus and the queries (derived from the seed, so both agree).</summary>
internal sealed class ProseNames
{
    public ProseNames(int seed, int count = 1500)
    {
        var random = new Random(seed);
        English = Distinct(count, () =>
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => V.EnglishNameSyllables[random.Next(V.EnglishNameSyllables.Length)]));
            return char.ToUpperInvariant(name[0]) + name[1..];
        });
        Korean = Distinct(count, () => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => V.KoreanNameSyllables[random.Next(V.KoreanNameSyllables.Length)])));
    }

    public IReadOnlyList<string> English { get; }

    public IReadOnlyList<string> Korean { get; }

    private static string[] Distinct(int count, Func<string> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 0; seen.Count < count && attempts < count * 20; attempts++) seen.Add(next());
        return [.. seen];
    }
}

internal enum ProseLanguage
{
    Korean,
    English,
    Mixed,
}

/// <summary>
/// Deterministic Korean / English / mixed work-document prose built from <see cref="ProseVocabulary"/>: sentences from
/// templates, Korean particles chosen by the final consonant, words drawn with a Zipf distribution plus a per-document
/// set of topic words and named entities (so terms cluster in documents the way they do in real ones, which is what
/// gives BM25 something to rank).
/// </summary>
internal sealed class MixedProseGenerator
{
    private const double ZipfExponent = 0.9;
    private const double TopicShare = 0.3;

    private static readonly ZipfSampler EnglishNounZipf = new(V.EnglishNouns.Length, ZipfExponent);
    private static readonly ZipfSampler EnglishVerbZipf = new(V.EnglishVerbs.Length, ZipfExponent);
    private static readonly ZipfSampler EnglishAdjectiveZipf = new(V.EnglishAdjectives.Length, ZipfExponent);
    private static readonly ZipfSampler KoreanNounZipf = new(V.KoreanNouns.Length, ZipfExponent);
    private static readonly ZipfSampler KoreanActionZipf = new(V.KoreanActions.Length, ZipfExponent);
    private static readonly ZipfSampler KoreanModifierZipf = new(V.KoreanModifiers.Length, ZipfExponent);

    private readonly Random _random;
    private readonly ProseNames _names;
    private string[] _topicEnglish = [];
    private string[] _topicKorean = [];
    private string[] _entitiesEnglish = [];
    private string[] _entitiesKorean = [];

    public MixedProseGenerator(int seed, ProseNames names)
    {
        _random = new Random(seed);
        _names = names;
        StartDocument();
    }

    public ProseLanguage Language { get; private set; }

    public Random Random => _random;

    /// <summary>Picks the next document's language mix, topic words and named entities.</summary>
    public void StartDocument()
    {
        var roll = _random.NextDouble();
        Language = roll < 0.4 ? ProseLanguage.Korean : roll < 0.75 ? ProseLanguage.English : ProseLanguage.Mixed;
        _topicEnglish = Enumerable.Range(0, 10).Select(_ => EnglishNounZipf.Pick(V.EnglishNouns, _random)).ToArray();
        _topicKorean = Enumerable.Range(0, 10).Select(_ => KoreanNounZipf.Pick(V.KoreanNouns, _random)).ToArray();
        _entitiesEnglish = Enumerable.Range(0, 3).Select(_ => _names.English[_random.Next(_names.English.Count)]).ToArray();
        _entitiesKorean = Enumerable.Range(0, 3).Select(_ => _names.Korean[_random.Next(_names.Korean.Count)]).ToArray();
    }

    /// <summary>Sentences until the paragraph reaches <paramref name="targetTokens"/> tokens.</summary>
    public string Paragraph(int targetTokens)
    {
        var sb = new StringBuilder();
        var tokens = 0;
        while (tokens < targetTokens)
        {
            var sentence = Sentence();
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(sentence);
            // The joining space merges into the next sentence's first token, so per-sentence counts add up to the paragraph's.
            tokens += O200kTokenCounter.Instance.Count(sentence);
        }

        return sb.ToString();
    }

    public string Sentence() => NextIsKorean() ? KoreanSentence() : EnglishSentence();

    /// <summary>
    /// A search query of 2–3 corpus words: Korean (40 %), English (30 %) or mixed. Each word is drawn uniformly from
    /// the vocabulary lists (people search for specific things, so a query word is as likely to be rare as common);
    /// about one in seven is a name. Korean nouns sometimes carry a particle ("정책은"), as typed questions do.
    /// </summary>
    public string Query()
    {
        var roll = _random.NextDouble();
        var terms = _random.Next(2, 4);
        var words = new List<string>(terms);
        for (var i = 0; i < terms; i++)
        {
            var korean = roll < 0.4 || (roll >= 0.7 && i % 2 == 0);
            words.Add(korean ? KoreanQueryTerm() : EnglishQueryTerm());
        }

        return string.Join(' ', words);
    }

    private string KoreanQueryTerm()
    {
        var roll = _random.NextDouble();
        var word = roll < 0.15 ? _names.Korean[_random.Next(_names.Korean.Count)]
            : roll < 0.3 ? Pick(V.KoreanActions)
            : Pick(V.KoreanNouns);
        return _random.NextDouble() < 0.25 ? (_random.Next(2) == 0 ? word.Topic() : word.Object()) : word;
    }

    private string EnglishQueryTerm()
    {
        var roll = _random.NextDouble();
        return roll < 0.15 ? _names.English[_random.Next(_names.English.Count)]
            : roll < 0.3 ? Pick(V.EnglishVerbs)
            : Pick(V.EnglishNouns);
    }

    public string Title() => NextIsKorean()
        ? $"{Entity(korean: true)} {KoreanNoun()} {Pick(V.KoreanDocumentKinds)}"
        : Capitalize($"{Entity(korean: false)} {EnglishNoun()} {Pick(V.EnglishDocumentKinds)}");

    public string Heading() => NextIsKorean()
        ? _random.Next(3) switch
        {
            0 => $"{KoreanNoun()} {KoreanNoun()}",
            1 => $"{KoreanModifier()} {KoreanNoun()}",
            _ => $"{EnglishNoun()} {KoreanNoun()} {Pick(V.KoreanActions)}",
        }
        : Capitalize(_random.Next(2) == 0 ? $"{EnglishAdjective()} {EnglishNoun()} {EnglishNoun()}" : $"{EnglishNoun()} {Pick(V.EnglishPrepositions)} {EnglishNoun()}s");

    private bool NextIsKorean() => Language switch
    {
        ProseLanguage.Korean => _random.NextDouble() < 0.85,
        ProseLanguage.English => _random.NextDouble() < 0.1,
        _ => _random.NextDouble() < 0.5,
    };

    private string KoreanSentence() => _random.Next(9) switch
    {
        0 => $"{KoreanNoun().Topic()} {KoreanNoun().Object()} {KoreanAction()}.",
        1 => $"{KoreanModifier()} {KoreanNoun().Subject()} {KoreanNoun()}에서 {KoreanAction()}.",
        2 => $"{Pick(V.KoreanConnectives)} {KoreanNoun().With()} {KoreanNoun()}의 {KoreanNoun().Object()} {KoreanAction()}.",
        3 => $"{KoreanNoun()}에 따라 {KoreanNoun().Subject()} {Pick(V.KoreanPredicates)}.",
        4 => $"{EnglishNoun()} {KoreanNoun().Object()} {KoreanAction()}.",
        5 => $"{Entity(korean: true).Topic()} {KoreanModifier()} {KoreanNoun().Object()} {Pick(V.KoreanVerbs)}.",
        6 => $"{KoreanNoun()} {KoreanNoun().Subject()} 약 {_random.Next(2, 95)}% {(_random.Next(2) == 0 ? "증가" : "감소")}했습니다.",
        7 => $"{KoreanNoun()}의 {KoreanNoun().Topic()} 무엇입니까?",
        _ => $"{Entity(korean: false)} {KoreanNoun().Topic()} {KoreanNoun().Direction()} {KoreanAction()}.",
    };

    private string EnglishSentence() => Capitalize(_random.Next(8) switch
    {
        0 => $"the {EnglishAdjective()} {EnglishNoun()} {EnglishVerb().ThirdPerson()} the {EnglishNoun()} {Pick(V.EnglishPrepositions)} the {EnglishNoun()}.",
        1 => $"{Pick(V.EnglishConnectives)}, the team {EnglishVerb().Past()} {Article(EnglishAdjective())} {EnglishNoun()} {Pick(V.EnglishPrepositions)} {Entity(korean: false)}.",
        2 => $"we {Pick(V.EnglishModals)} {EnglishVerb()} the {EnglishNoun()} {Pick(V.EnglishAdverbs)} before the {EnglishNoun()} {EnglishNoun()}.",
        3 => $"{Entity(korean: false)} {EnglishVerb().Past()} {_random.Next(2, 500)} {EnglishNoun().Plural()} {Pick(V.EnglishPrepositions)} the {EnglishAdjective()} {EnglishNoun()}.",
        4 => $"each {EnglishNoun()} {EnglishVerb().ThirdPerson()} its own {EnglishNoun()} and {EnglishNoun()}.",
        5 => $"the {EnglishNoun()} {EnglishNoun()} is {EnglishAdjective()} because the {EnglishNoun()} {EnglishVerb().Past()} {Pick(V.EnglishAdverbs)}.",
        6 => $"why does the {EnglishNoun()} {EnglishVerb()} the {EnglishAdjective()} {EnglishNoun()}?",
        _ => $"{Article(EnglishAdjective())} {EnglishNoun()} {Pick(V.EnglishModals)} {EnglishVerb()} {EnglishNoun().Plural()} {Pick(V.EnglishPrepositions)} {Entity(korean: true)}.",
    });

    private string EnglishNoun() => _random.NextDouble() < TopicShare ? Pick(_topicEnglish) : EnglishNounZipf.Pick(V.EnglishNouns, _random);

    private string KoreanNoun() => _random.NextDouble() < TopicShare ? Pick(_topicKorean) : KoreanNounZipf.Pick(V.KoreanNouns, _random);

    private string EnglishVerb() => EnglishVerbZipf.Pick(V.EnglishVerbs, _random);

    private string EnglishAdjective() => EnglishAdjectiveZipf.Pick(V.EnglishAdjectives, _random);

    private string KoreanModifier() => KoreanModifierZipf.Pick(V.KoreanModifiers, _random);

    // The ending attaches to the action noun: 분석 + 해야 합니다 → "분석해야 합니다".
    private string KoreanAction() => KoreanActionZipf.Pick(V.KoreanActions, _random) + Pick(V.KoreanActionEndings);

    private string Entity(bool korean) => korean ? Pick(_entitiesKorean) : Pick(_entitiesEnglish);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Article(string word) => ("aeiou".Contains(word[0]) ? "an " : "a ") + word;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>Korean particles by final consonant, English inflection by spelling rule: enough grammar to read naturally.</summary>
internal static class ProseGrammar
{
    /// <summary>True when the last syllable has a final consonant (받침): 책 → 책은, 모델 → 모델은 but 데이터 → 데이터는.</summary>
    public static bool HasFinalConsonant(string word)
    {
        var last = word[^1];
        return last is >= '\uAC00' and <= '\uD7A3' && (last - 0xAC00) % 28 != 0;
    }

    private static bool EndsInRieul(string word) => word[^1] is >= '\uAC00' and <= '\uD7A3' && (word[^1] - 0xAC00) % 28 == 8;

    public static string Topic(this string noun) => noun + (HasFinalConsonant(noun) ? "은" : "는");

    public static string Subject(this string noun) => noun + (HasFinalConsonant(noun) ? "이" : "가");

    public static string Object(this string noun) => noun + (HasFinalConsonant(noun) ? "을" : "를");

    public static string With(this string noun) => noun + (HasFinalConsonant(noun) ? "과" : "와");

    public static string Direction(this string noun) => noun + (HasFinalConsonant(noun) && !EndsInRieul(noun) ? "으로" : "로");

    public static string ThirdPerson(this string verb) => Suffix(verb);

    public static string Plural(this string noun) => Suffix(noun);

    public static string Past(this string verb) =>
        verb.EndsWith('e') ? verb + "d" : EndsConsonantY(verb) ? verb[..^1] + "ied" : verb + "ed";

    private static string Suffix(string word) =>
        word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("sh", StringComparison.Ordinal) || word.EndsWith("ch", StringComparison.Ordinal) ? word + "es"
        : EndsConsonantY(word) ? word[..^1] + "ies"
        : word + "s";

    private static bool EndsConsonantY(string word) => word.Length > 1 && word[^1] == 'y' && !"aeiou".Contains(word[^2]);
}
