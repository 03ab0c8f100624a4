using System.Text.RegularExpressions;

namespace Assistant.Core.Answering.Extractive;

/// <summary>What kind of answer a question asks for, read from its question words (English and Korean).</summary>
public enum AnswerKind
{
    /// <summary>No particular form: "what is…", "how do I…", "어떻게…".</summary>
    Any,

    /// <summary>A number, duration, amount or date: "how many/long/much", "when", "몇", "며칠", "얼마", "언제".</summary>
    Quantity,

    /// <summary>A name, code, place or menu: "who", "which", "where", "누가", "어느", "어디".</summary>
    Name,

    /// <summary>A yes/no question: "can I…", "is there…", "…있나요?" without a question word.</summary>
    YesNo,
}

/// <summary>Classifies questions and tells whether a sentence has the kind of answer asked for.</summary>
public static partial class QuestionKind
{
    private static readonly string[] QuantityCues =
    [
        "how long", "how many", "how much", "how often", "how far", "how big", "how large", "how old", "when ", "what time", "what year", "what date",
        "얼마", "며칠", "몇", "언제",
    ];

    private static readonly string[] NameCues = ["who ", "whom ", "whose ", "which ", "where ", "what is the name", "what do you call", "누가", "누구", "어느", "어디", "이름은", "약칭"];

    private static readonly string[] YesNoStarts = ["is ", "are ", "can ", "could ", "do ", "does ", "did ", "will ", "should ", "has ", "have ", "may ", "was ", "were "];

    private static readonly string[] KoreanWhWords = ["무엇", "무슨", "어떻게", "어떤", "왜", "뭐", "누구", "누가", "어느", "어디", "언제", "얼마", "몇", "며칠"];

    private static readonly string[] KoreanYesNoEndings = ["있나요", "없나요", "되나요", "있습니까", "됩니까", "하나요", "맞나요", "가능한가요", "나요", "ㄹ까요", "을까요", "를까요"];

    public static AnswerKind Of(string question)
    {
        var q = " " + question.Trim().ToLowerInvariant() + " ";
        if (QuantityCues.Any(cue => q.Contains(cue.StartsWith("when", StringComparison.Ordinal) ? " " + cue : cue, StringComparison.Ordinal))) return AnswerKind.Quantity;
        if (NameCues.Any(cue => q.Contains(cue.EndsWith(' ') ? " " + cue : cue, StringComparison.Ordinal))) return AnswerKind.Name;
        if (YesNoStarts.Any(s => q.TrimStart().StartsWith(s, StringComparison.Ordinal))) return AnswerKind.YesNo;
        var trimmed = q.Trim().TrimEnd('?', '？', '.', ' ');
        if (Text.TextAnalyzer.ContainsHangul(trimmed) && !KoreanWhWords.Any(w => trimmed.Contains(w, StringComparison.Ordinal))
            && KoreanYesNoEndings.Any(e => trimmed.EndsWith(e, StringComparison.Ordinal)))
        {
            return AnswerKind.YesNo;
        }

        return AnswerKind.Any;
    }

    /// <summary>
    /// Whether <paramref name="sentence"/> has the form of an answer of kind <paramref name="kind"/>: a digit for a
    /// quantity; for a name, a capitalised or coded word past the first ("Frankfurt", "E204", "ROUGE-L"), a Latin word in
    /// Korean text, a quotation or a menu path ("Settings > Security"). Any statement fits the other kinds.
    /// </summary>
    public static bool Fits(AnswerKind kind, string sentence) => kind switch
    {
        AnswerKind.Quantity => sentence.Any(char.IsAsciiDigit) || SpelledQuantity().IsMatch(sentence),
        AnswerKind.Name => HasName(sentence),
        _ => true,
    };

    private static bool HasName(string sentence)
    {
        if (sentence.Contains(" > ", StringComparison.Ordinal) || sentence.Contains('"') || sentence.Contains('“') || sentence.Contains('\'')) return true;
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var korean = Text.TextAnalyzer.ContainsHangul(sentence);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i].Trim('(', ')', ',', '.', ':', ';', '*', '`');
            if (w.Length == 0 || !char.IsAsciiLetter(w[0])) continue;
            if (korean) return true;
            if (i > 0 && (char.IsUpper(w[0]) || w.Any(char.IsAsciiDigit))) return true;
        }

        return false;
    }

    // "half", "twice", "a third", "every quarter": quantities written in words. Korean numerals in words (한 번, 두 배) too.
    [GeneratedRegex(@"\b(?:once|twice|half|third|quarter|dozen|hundred|thousand|million|billion|one|two|three|four|five|six|seven|eight|nine|ten|daily|weekly|monthly|yearly|annually|hourly)\b|[한두세네]\s?(?:번|배|가지|개|명)|[백천만억]\s?(?:개|명|원)|절반|매월|매년|매주", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpelledQuantity();
}
