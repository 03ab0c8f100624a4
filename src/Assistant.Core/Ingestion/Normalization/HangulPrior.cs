namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// A rough prior over Hangul syllables, used only to choose between the handful of syllables that fit a UTF-8
/// sequence whose missing bytes are known to come from a small set. The list is general knowledge of which
/// syllables are common in modern Korean (most frequent first for roughly the first hundred, then a broad set
/// of everyday and technical syllables); syllables outside it are scored by how common their jamo are.
/// </summary>
internal static class HangulPrior
{
    private const string Common =
        "이다는의에하고을가로지서사기한리자도어대를수나인시아일해게정적구부국상여보과원전주제있스것들은개성그라내만동우문히면장소신유화니경었생발으미무세요비치학방행교위회마같연물실안각식민저관계오모진러분까했체간공선속말중통령용조산업명드르운트데터당결심영본점알되았음크및단현작바등야년때더없후또째처품프와님변역예입출른름활력법능반표양호별질차증준최추타특파필형확환효네새너밖좋많높" +
        "갈감강거건걸검격견겠곳광괴군권귀규균극근글금급긴길김깊꼭꾸끝날남넣노놓누눈뉴느달담답덕던독돌된될두둘뒤든듯디딩따떤뜻락란람랑래랜램략량런럼렇레렉렌려련렬례록론롭료루류률릅린릴림립링막망매맥맨머먼멀메멘며몇목몸못뭐므밀받밝배백버번벌범베벤벨병복볼봉북불붙뷰브블빌빠빨살삼새색석설섬세센셀셋손솔송쇼숙순술숫쉬슈슨슬습승십싱싶쓰씨악앞애액앱약얻얼엄엇엔엘열염엽옥온올옵완왜외울움웃워월웨웹윈육윤응익임잇잔잘잠재잭쟁절접젝젠져족존종좌죄죽줄즈즉즘직집짜쪽착찬찰참창찾채책척천철첨첫청쳐초촉총축충취측층칙친칠침칭카칼캐커컨컬컴케켜코콘콜쿠쿼큰클큼키킨킬킹탁탄탈탐탑태택턴털테텍텐텔템토톤투툴튼틀티틱팀팅판팔패팩퍼펙편평폐포폭폰폴푸풀품퓨플피픽핑할함합항핵향허험헤혈협혜혹혼홈황획훈훨휴흐흔흘흥희힘";

    private const int SyllableCount = 11172;
    private const int TopRanked = 100;

    private static readonly double[] Scores = Build();

    /// <summary>Higher is more likely; listed syllables score 3–5, others 0–2 from their jamo.</summary>
    public static double Score(int cp) => cp is >= 0xAC00 and <= 0xD7A3 ? Scores[cp - 0xAC00] : 0;

    private static double[] Build()
    {
        var rank = new Dictionary<int, int>();
        foreach (var c in Common)
        {
            rank.TryAdd(c, rank.Count);
        }

        // Jamo marginals from the listed syllables, with add-one smoothing, give unlisted syllables an order.
        var initial = Ones(19);
        var medial = Ones(21);
        var final = Ones(28);
        foreach (var cp in rank.Keys)
        {
            var index = cp - 0xAC00;
            initial[index / (21 * 28)]++;
            medial[index / 28 % 21]++;
            final[index % 28]++;
        }

        var scores = new double[SyllableCount];
        var logs = new double[SyllableCount];
        var min = double.MaxValue;
        var max = double.MinValue;
        for (var i = 0; i < SyllableCount; i++)
        {
            logs[i] = Math.Log(initial[i / (21 * 28)]) + Math.Log(medial[i / 28 % 21]) + Math.Log(final[i % 28]);
            min = Math.Min(min, logs[i]);
            max = Math.Max(max, logs[i]);
        }

        for (var i = 0; i < SyllableCount; i++)
        {
            var jamo = 2 * (logs[i] - min) / (max - min);
            scores[i] = rank.TryGetValue(0xAC00 + i, out var r)
                ? (r < TopRanked ? 5 - r / (double)TopRanked : 3) + jamo / 4
                : jamo;
        }

        return scores;
    }

    private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();
}
