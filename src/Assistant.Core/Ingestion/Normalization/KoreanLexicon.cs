namespace Assistant.Core.Ingestion.Normalization;

/// <summary>
/// Which Hangul syllables follow each other inside common Korean words. A sequence that lost bytes often fits
/// several syllables (cp1253 turns both 수 and 의 into a bare "μ"); the neighbours decide. The words are general
/// everyday and technical vocabulary plus frequent verb endings and particles, written for this purpose.
/// </summary>
internal static class KoreanLexicon
{
    private const string Words =
        "것 하다 있다 있는 있고 있어 있을 있습니다 있으며 있도록 있지만 수 없다 없는 없이 않다 않는 않고 않은 않습니다 사람 사람들 우리 아니다 아니라 보다 보는 보고 보면 같다 같은 같이 주다 주는 주고 대하다 대한 대해 대해서 가다 가는 년 말 일 때문 때문에 말하다 위하다 위한 위해 위해서 그러나 오다 알다 알고 그렇다 그런 그래서 그리고 그러면 하지만 따라서 또한 크다 큰 사회 많다 많은 좋다 좋은 받다 받는 그것 문제 살다 못하다 생각 생각하다 모르다 만들다 만드는 만들어 경우 어떤 잘 자신 문화 정도 다시 다른 이런 이러한 여러 시간 사실 부분 다음 가장 바로 먼저 모든 모두 각각 함께 이미 아직 매우 아주 특히 주로 보통 일반 일반적 일반적으로 대부분 통해 통한 통하여 " +
        "합니다 입니다 습니다 됩니다 했다 한다 하는 하고 하여 해서 하면 하지 하기 하며 하여야 해야 했던 했습니다 할 함 하게 하였다 되다 된다 되는 되어 되고 되며 되었다 되면 되지 되기 된 될 이다 이며 이고 이라 이라는 이란 으로 으로서 으로써 에서 에서는 에게 에는 에도 에서도 까지 부터 처럼 마다 라고 라는 다는 다고 하는데 는데 지만 면서 으면 려면 도록 기도 기에 것이 것은 것을 것으로 것이다 것입니다 수도 " +
        "사용 사용자 사용하다 사용할 사용하여 이용 활용 적용 기반 기본 기능 기술 기존 기업 개발 개발자 개선 개념 개인 구조 구성 구현 구축 관리 관련 관계 과정 결과 결정 경험 계산 계획 고객 공개 공간 공유 교육 규칙 그림 글 단어 단계 대표 대화 데이터 도구 동작 목표 목적 목록 문서 문장 문자 방법 방식 방향 버전 변경 변화 변환 분석 분류 비교 비용 사전 상태 상황 생성 서비스 선택 설명 설정 설계 성능 세계 세부 속도 수정 수준 시스템 시작 실행 실제 실험 언어 연결 연구 영역 예측 예제 오류 요청 요약 요소 용도 원리 원인 웹 응답 응용 의미 이해 인간 인공 인공지능 인식 입력 출력 자동 자료 작업 작성 장점 단점 저장 전체 정보 정확 정확도 제공 제한 조건 주요 중요 중요한 지식 지원 지정 질문 답변 차이 처리 최적 최적화 추가 추출 측정 코드 텍스트 토큰 특징 특성 파일 판단 패턴 평가 포함 표현 프로그램 프로젝트 필요 필요한 학습 한계 해결 핵심 향상 형식 형태 확인 확장 환경 활동 효과 효율 효율적 훈련 " +
        "모델 모델을 모델의 모델이 네트워크 신경망 알고리즘 벡터 임베딩 검색 문맥 맥락 프롬프트 파라미터 매개변수 가중치 레이어 계층 트랜스포머 어텐션 인코더 디코더 번역 분야 질의 응답 생성형 대규모 거대 언어모델 자연어 기계 기계학습 딥러닝 머신러닝 컴퓨터 서버 클라우드 인터넷 온라인 플랫폼 라이브러리 프레임워크 소프트웨어 하드웨어 메모리 그래픽 카드 비트 바이트 연산 병렬 배포 운영 보안 개인정보 저작권 상업 상업적 무료 유료 가격 회사 제품 시장 사업 경쟁 업계 오픈 소스 공개형 폐쇄형 튜닝 미세 조정 강화 보상 피드백 인간 정렬 안전 윤리 편향 환각 한국어 영어 다국어 번역기 챗봇 대화형 비서 예시 예를 들어 들면 실습 설치 환경 명령 실행 결과 출력 입력 함수 변수 클래스 객체 호출 반환 " +
        "오늘 내일 어제 지금 현재 과거 미래 처음 마지막 이후 이전 동안 사이 위 아래 안 밖 앞 뒤 옆 가운데 중 중에 중심 주변 근처 나라 국가 세상 지역 도시 마을 집 학교 회사 가족 친구 아이 어른 남자 여자 부모 선생님 학생 사람 이름 얼굴 마음 몸 손 눈 물 불 밥 음식 옷 차 길 산 바다 하늘 날씨 계절 봄 여름 가을 겨울 아침 저녁 밤 낮 시작 끝 하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열 백 천 만 억 첫째 둘째 번째 가지 개 명 번 번의 정말 진짜 너무 조금 많이 적게 빨리 천천히 쉽게 어렵게 새로운 새로 오래 높은 낮은 작은 긴 짧은 넓은 좁은 빠른 느린 쉬운 어려운 다양한 다양 가능 가능한 가능성 불가능 가능하다 " +
        "알려진 알려져 나타나다 나타내다 나오다 들어가다 들어오다 올라가다 내려가다 돌아가다 이루어지다 이루어진 만들어진 주어진 정해진 결정된 제시 제안 제시된 발표 발견 발전 발생 변하다 늘다 줄다 높다 낮다 넓다 쉽다 어렵다 빠르다 느리다 다르다 비슷하다 비슷한 뛰어나다 뛰어난 우수 우수한 강력 강력한 복잡 복잡한 간단 간단한 단순 단순한 충분 충분히 정확히 직접 간접 자세히 자세한 쉽고 어떻게 무엇 무엇인가 누구 언제 어디 왜 얼마나 어느 이것 저것 여기 저기 거기 그것은 이것은 우리는 나는 너는 저는 제가 그는 그녀 그들 당신 여러분 모두 서로 스스로 자기 각자";

    /// <summary>Particles and endings that close a word but never open one.</summary>
    private const string Closers = "은 는 이 가 을 를 의 에 도 만 로 와 과 나 다 요 며 고 서 면 지 게 듯";

    /// <summary>Stands for the edge of a word (a space, ASCII or the end of the run) in <see cref="Follows"/>.</summary>
    public const int Boundary = 0xAC00 + 11172;

    private static readonly HashSet<int> Pairs = Build();

    /// <summary>
    /// Whether <paramref name="second"/> follows <paramref name="first"/> inside some listed word; either may be
    /// <see cref="Boundary"/> to ask whether a syllable starts or ends a word.
    /// </summary>
    public static bool Follows(int first, int second) => Pairs.Contains(Key(first, second));

    private static int Key(int first, int second) => (first - 0xAC00) * 11173 + (second - 0xAC00);

    private static HashSet<int> Build()
    {
        var pairs = new HashSet<int>();
        foreach (var word in Words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            pairs.Add(Key(Boundary, word[0]));
            pairs.Add(Key(word[^1], Boundary));
            for (var i = 1; i < word.Length; i++)
            {
                pairs.Add(Key(word[i - 1], word[i]));
            }
        }

        foreach (var closer in Closers.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            pairs.Add(Key(closer[0], Boundary));
        }

        return pairs;
    }
}
