namespace Assistant.Plugins.Sentiment;

/// <summary>
/// The offline analyser's word lists, written for customer messages (delivery, support, product quality).
/// English entries are whole lower-case words; Korean entries are stems matched at the start of an eojeol
/// (the space-separated word), so "좋" covers 좋아요, 좋은, 좋았어요. Weights: 0.3 faint … 2 strong.
/// </summary>
internal static class SentimentLexicon
{
    public static readonly IReadOnlyDictionary<string, double> English = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["good"] = 1, ["great"] = 1.5, ["excellent"] = 2, ["perfect"] = 2, ["perfectly"] = 2, ["amazing"] = 2, ["fantastic"] = 2,
        ["awesome"] = 2, ["wonderful"] = 2, ["love"] = 1.5, ["loved"] = 1.5, ["like"] = 1, ["liked"] = 1, ["nice"] = 1, ["happy"] = 1,
        ["pleased"] = 1, ["satisfied"] = 1.5, ["helpful"] = 1.5, ["friendly"] = 1, ["fast"] = 1, ["quick"] = 1, ["easy"] = 1,
        ["clear"] = 1, ["simple"] = 0.5, ["delicious"] = 1.5, ["comfortable"] = 1, ["clean"] = 1, ["lovely"] = 1.5,
        ["beautiful"] = 1.5, ["impressed"] = 1.5, ["recommend"] = 1.5, ["best"] = 1.5, ["thanks"] = 0.5, ["thank"] = 0.5,
        ["solved"] = 1, ["okay"] = 0.3, ["ok"] = 0.3, ["fine"] = 0.5, ["smooth"] = 1, ["reliable"] = 1, ["worth"] = 1,
        ["bad"] = -1, ["terrible"] = -2, ["awful"] = -2, ["horrible"] = -2, ["worst"] = -2, ["poor"] = -1.5, ["broken"] = -1.5,
        ["broke"] = -1.5, ["slow"] = -1, ["rude"] = -1.5, ["useless"] = -1.5, ["disappointed"] = -1.5, ["disappointing"] = -1.5,
        ["frustrating"] = -1.5, ["frustrated"] = -1.5, ["hate"] = -1.5, ["crash"] = -1.5, ["crashes"] = -1.5, ["crashing"] = -1.5,
        ["expensive"] = -1, ["cheap"] = -0.5, ["weak"] = -1, ["late"] = -0.5, ["hassle"] = -1.5, ["problem"] = -1,
        ["unhappy"] = -1.5, ["angry"] = -1.5, ["annoying"] = -1.5, ["difficult"] = -1, ["dies"] = -1, ["lost"] = -1, ["wrong"] = -1,
        ["damaged"] = -1.5, ["refused"] = -1, ["ugly"] = -1.5, ["noisy"] = -1,
    };

    /// <summary>Multi-word expressions, matched on the lower-case words of a clause before the single words.</summary>
    public static readonly IReadOnlyDictionary<string, double> EnglishPhrases = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["never again"] = -2, ["stopped working"] = -1.5, ["never replied"] = -1.5, ["nobody answered"] = -1.5, ["no reply"] = -1.5,
        ["waste of money"] = -2, ["buy again"] = 1.5, ["not working"] = -1.5,
    };

    public static readonly IReadOnlySet<string> EnglishNegators = new HashSet<string>(StringComparer.Ordinal)
    {
        "not", "no", "never", "cannot", "hardly", "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "won't",
        "can't", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", "nothing",
    };

    public static readonly IReadOnlyDictionary<string, double> EnglishIntensifiers = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["very"] = 1.5, ["really"] = 1.5, ["so"] = 1.5, ["extremely"] = 1.8, ["absolutely"] = 1.8, ["totally"] = 1.5, ["super"] = 1.5,
        ["quite"] = 1.2, ["little"] = 0.5, ["slightly"] = 0.5, ["somewhat"] = 0.6, ["bit"] = 0.5,
    };

    public static readonly IReadOnlySet<string> EnglishContrasts = new HashSet<string>(StringComparer.Ordinal) { "but", "however", "although", "though", "yet", "whereas" };

    public static readonly IReadOnlyDictionary<string, double> Korean = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["좋"] = 1, ["최고"] = 2, ["만족"] = 1.5, ["친절"] = 1.5, ["훌륭"] = 2, ["예쁘"] = 1, ["예쁜"] = 1, ["예뻐"] = 1, ["편리"] = 1,
        ["편하"] = 1, ["편해"] = 1, ["깔끔"] = 1, ["꼼꼼"] = 1, ["맛있"] = 1.5, ["괜찮"] = 0.7, ["감사"] = 1, ["고마"] = 1, ["추천"] = 1.5,
        ["빠르"] = 1, ["빠른"] = 1, ["빨라"] = 1, ["가볍"] = 0.5, ["가벼"] = 0.5, ["해결"] = 1, ["사랑"] = 1.5, ["완벽"] = 2, ["멋지"] = 1.5,
        ["멋있"] = 1.5, ["싼"] = 0.5, ["저렴"] = 1, ["행복"] = 1.5, ["기쁘"] = 1.5, ["기뻐"] = 1.5, ["든든"] = 1,
        ["최악"] = -2, ["나쁘"] = -1, ["나빠"] = -1, ["나쁜"] = -1, ["실망"] = -1.5, ["불량"] = -1.5, ["불친절"] = -1.5, ["불편"] = -1,
        ["불만"] = -1.5, ["짜증"] = -1.5, ["화가"] = -1.5, ["화나"] = -1.5, ["답답"] = -1.5, ["느리"] = -1, ["느려"] = -1, ["느렸"] = -1,
        ["느린"] = -1, ["늦"] = -1, ["비싸"] = -1, ["비싼"] = -1, ["고장"] = -1.5, ["엉망"] = -2, ["형편없"] = -2, ["무거"] = -0.5,
        ["무겁"] = -0.5, ["어두"] = -0.5, ["작아"] = -0.5, ["작고"] = -0.5, ["작은"] = -0.5, ["적었"] = -0.5, ["적어"] = -0.5, ["적고"] = -0.5,
        ["닳"] = -1, ["꺼져"] = -1, ["꺼지"] = -1, ["멈춰"] = -1.5, ["멈추"] = -1.5, ["멈췄"] = -1.5, ["달라"] = -1, ["싫"] = -1.5,
        ["후회"] = -1.5, ["아쉽"] = -1, ["아쉬"] = -1, ["없어서"] = -0.5, ["파손"] = -1.5, ["지연"] = -1, ["별로"] = -1,
    };

    public static readonly IReadOnlyDictionary<string, double> KoreanPhrases = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["다시는 안"] = -2, ["또 살"] = 1.5, ["재구매"] = 1.5, ["딱 맞"] = 1, ["문제 없"] = 1, ["문제없"] = 1, ["문제가 있"] = -1,
        ["안 돼"] = -1, ["안 되"] = -1, ["마음에 들"] = 1.5, ["마음에 안"] = -1.5,
    };

    public static readonly IReadOnlyDictionary<string, double> KoreanIntensifiers = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["너무"] = 1.5, ["정말"] = 1.5, ["진짜"] = 1.5, ["완전"] = 1.5, ["아주"] = 1.5, ["매우"] = 1.5, ["엄청"] = 1.7, ["굉장히"] = 1.7,
        ["되게"] = 1.5, ["참"] = 1.3, ["조금"] = 0.6, ["좀"] = 0.6, ["약간"] = 0.6,
    };

    /// <summary>Pre-verbal negators ("안 좋아요", "못 써요"); "-지 않/못" is handled as a rule.</summary>
    public static readonly IReadOnlySet<string> KoreanNegators = new HashSet<string>(StringComparer.Ordinal) { "안", "못" };

    public static readonly IReadOnlySet<string> KoreanContrasts = new HashSet<string>(StringComparer.Ordinal) { "하지만", "그런데", "근데", "그러나", "그렇지만", "반면" };

    public static readonly IReadOnlyList<string> EnglishAspects =
    [
        "delivery", "shipping", "parcel", "packaging", "package", "price", "quality", "battery", "charger", "screen", "camera", "sound",
        "speakers", "design", "app", "update", "interface", "support", "service", "staff", "agent", "food", "room", "view", "size",
        "color", "colour", "refund", "setup", "installation", "keyboard", "headphones", "buttons", "product", "item", "weight",
    ];

    public static readonly IReadOnlyList<string> KoreanAspects =
    [
        "배송", "가격", "품질", "배터리", "화면", "카메라", "소리", "디자인", "앱", "서비스", "직원", "상담원", "응대", "음식", "맛",
        "양", "사이즈", "색상", "포장", "환불", "무게", "제품", "매장", "답변",
    ];
}
