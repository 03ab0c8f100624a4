namespace Assistant.Cli.Benchmarking;

/// <summary>
/// Word lists for the synthetic benchmark corpus: the everyday vocabulary of Korean and English work documents
/// (engineering, operations, business). Lists are ordered roughly from common to rare, because the generator
/// samples them with a Zipf distribution by position.
/// </summary>
internal static class ProseVocabulary
{
    public static readonly string[] EnglishNouns =
    [
        "system", "data", "team", "user", "service", "model", "report", "project", "request", "result",
        "process", "time", "customer", "policy", "change", "issue", "version", "server", "document", "test",
        "release", "cost", "feature", "query", "index", "search", "error", "account", "budget", "meeting",
        "review", "plan", "schedule", "network", "database", "cache", "file", "record", "update", "question",
        "answer", "product", "market", "price", "contract", "vendor", "partner", "office", "region", "quarter",
        "metric", "latency", "throughput", "memory", "storage", "backup", "cluster", "node", "container", "image",
        "pipeline", "workflow", "deadline", "milestone", "risk", "incident", "outage", "alert", "dashboard", "log",
        "config", "setting", "option", "parameter", "threshold", "limit", "quota", "capacity", "demand", "forecast",
        "sale", "invoice", "payment", "refund", "discount", "order", "shipment", "warehouse", "inventory", "supplier",
        "employee", "manager", "engineer", "designer", "analyst", "director", "candidate", "interview", "salary", "benefit",
        "training", "course", "lesson", "student", "teacher", "exam", "grade", "library", "module", "package",
        "interface", "endpoint", "protocol", "token", "session", "password", "permission", "role", "audit", "compliance",
        "security", "encryption", "certificate", "firewall", "gateway", "proxy", "router", "switch", "bandwidth", "packet",
        "experiment", "hypothesis", "sample", "survey", "feedback", "complaint", "ticket", "priority", "severity", "owner",
        "roadmap", "strategy", "goal", "objective", "outcome", "impact", "benchmark", "baseline", "estimate", "target",
        "design", "prototype", "draft", "template", "checklist", "guideline", "standard", "framework", "method", "approach",
        "algorithm", "function", "variable", "parser", "compiler", "runtime", "thread", "queue", "scheduler", "worker",
        "message", "event", "stream", "batch", "job", "task", "step", "stage", "phase", "cycle",
        "migration", "upgrade", "patch", "rollback", "deployment", "environment", "staging", "production", "sandbox", "mirror",
        "vector", "embedding", "chunk", "corpus", "passage", "citation", "summary", "translation", "language", "vocabulary",
        "client", "tenant", "workspace", "folder", "archive", "attachment", "spreadsheet", "slide", "chart", "table",
        "warranty", "license", "subscription", "renewal", "trial", "upgrade path", "support plan", "service level", "uptime", "downtime",
        "cooling", "power", "rack", "disk", "volume", "snapshot", "replica", "shard", "partition", "transaction",
        "ledger", "audit trail", "timeline", "calendar", "holiday", "travel", "expense", "receipt", "approval", "signature",
        "airport", "hotel", "restaurant", "kitchen", "recipe", "ingredient", "garden", "harvest", "weather", "river",
        "bridge", "tunnel", "highway", "traffic", "vehicle", "battery", "charger", "sensor", "camera", "drone",
        "satellite", "antenna", "signal", "frequency", "spectrum", "voltage", "circuit", "resistor", "magnet", "turbine",
        "hospital", "clinic", "patient", "doctor", "nurse", "symptom", "treatment", "dose", "vaccine", "diagnosis",
        "museum", "gallery", "painting", "sculpture", "concert", "orchestra", "festival", "ticket office", "audience", "stage door",
        "glacier", "volcano", "desert", "forest", "island", "harbor", "lighthouse", "canyon", "meadow", "orchard",
    ];

    /// <summary>Regular verbs only (the generator conjugates them by rule).</summary>
    public static readonly string[] EnglishVerbs =
    [
        "review", "update", "measure", "deploy", "improve", "require", "reduce", "increase", "support", "replace",
        "monitor", "schedule", "compare", "approve", "analyze", "configure", "design", "test", "release", "migrate",
        "index", "search", "store", "load", "track", "report", "share", "request", "handle", "process",
        "validate", "publish", "estimate", "cache", "compress", "encrypt", "document", "assign", "resolve", "collect",
        "export", "import", "archive", "restore", "verify", "inspect", "clean", "sort", "filter", "rank",
        "merge", "split", "label", "train", "tune", "evaluate", "summarize", "translate", "explain", "answer",
        "prepare", "organize", "present", "discuss", "decide", "confirm", "cancel", "order", "deliver", "return",
        "limit", "extend", "rename", "remove", "create", "generate", "render", "print", "sign", "invoice",
        "calibrate", "forecast", "budget", "hire", "interview", "mentor", "visit", "inform", "remind", "notify",
    ];

    public static readonly string[] EnglishAdjectives =
    [
        "new", "current", "main", "important", "simple", "complex", "fast", "slow", "large", "small",
        "stable", "reliable", "secure", "public", "private", "internal", "external", "daily", "weekly", "monthly",
        "annual", "previous", "final", "initial", "average", "maximum", "minimum", "local", "remote", "shared",
        "critical", "minor", "major", "expensive", "cheap", "accurate", "precise", "detailed", "brief", "clear",
        "manual", "automatic", "optional", "mandatory", "temporary", "permanent", "regional", "global", "early", "late",
        "quiet", "busy", "noisy", "sparse", "dense", "hybrid", "legacy", "modern", "experimental", "deprecated",
        "encrypted", "compressed", "duplicate", "missing", "broken", "healthy", "idle", "overloaded", "redundant", "portable",
    ];

    public static readonly string[] EnglishAdverbs =
    [
        "quickly", "carefully", "usually", "often", "rarely", "automatically", "manually", "daily", "again", "already",
        "currently", "finally", "gradually", "safely", "briefly", "clearly", "mostly", "partly", "directly", "early",
    ];

    public static readonly string[] EnglishPrepositions = ["for", "with", "from", "in", "on", "after", "before", "during", "across", "under", "without", "through"];

    public static readonly string[] EnglishConnectives =
    [
        "However", "Therefore", "In addition", "For example", "As a result", "Meanwhile", "First", "Next", "Finally", "In practice",
        "On the other hand", "In short", "Since then", "By contrast", "Until now",
    ];

    public static readonly string[] EnglishModals = ["should", "must", "can", "will", "may", "could", "would"];

    public static readonly string[] EnglishDocumentKinds =
    [
        "guide", "plan", "report", "notes", "handbook", "overview", "checklist", "proposal", "review", "specification",
        "runbook", "policy", "summary", "retrospective", "FAQ",
    ];

    public static readonly string[] KoreanNouns =
    [
        "데이터", "시스템", "사용자", "서비스", "모델", "보고서", "프로젝트", "요청", "결과", "과정",
        "시간", "고객", "정책", "변경", "문제", "버전", "서버", "문서", "테스트", "배포",
        "비용", "기능", "검색", "색인", "오류", "계정", "예산", "회의", "검토", "계획",
        "일정", "네트워크", "데이터베이스", "캐시", "파일", "기록", "질문", "답변", "제품", "시장",
        "가격", "계약", "업체", "협력사", "사무실", "지역", "분기", "지표", "지연", "처리량",
        "메모리", "저장소", "백업", "클러스터", "노드", "컨테이너", "이미지", "파이프라인", "작업", "마감",
        "위험", "장애", "경고", "대시보드", "로그", "설정", "옵션", "매개변수", "임계값", "한도",
        "할당량", "용량", "수요", "예측", "매출", "청구서", "결제", "환불", "할인", "주문",
        "배송", "창고", "재고", "공급업체", "직원", "관리자", "개발자", "디자이너", "분석가", "이사",
        "지원자", "면접", "급여", "복지", "교육", "강의", "수업", "학생", "선생님", "시험",
        "성적", "도서관", "모듈", "패키지", "인터페이스", "프로토콜", "토큰", "세션", "비밀번호", "권한",
        "역할", "감사", "규정", "보안", "암호화", "인증서", "방화벽", "게이트웨이", "대역폭", "실험",
        "가설", "표본", "설문", "의견", "불만", "티켓", "우선순위", "심각도", "담당자", "로드맵",
        "전략", "목표", "성과", "영향", "기준", "추정", "설계", "시제품", "초안", "양식",
        "점검표", "지침", "표준", "방법", "접근", "알고리즘", "함수", "변수", "구문", "컴파일러",
        "스레드", "대기열", "스케줄러", "메시지", "이벤트", "스트림", "단계", "주기", "이전", "업그레이드",
        "패치", "롤백", "환경", "운영", "벡터", "임베딩", "청크", "말뭉치", "문단", "인용",
        "요약", "번역", "언어", "어휘", "고객사", "작업공간", "폴더", "보관함", "첨부파일", "스프레드시트",
        "발표", "차트", "표", "보증", "라이선스", "구독", "갱신", "체험", "가동률", "중단",
        "냉각", "전력", "디스크", "볼륨", "스냅샷", "복제본", "샤드", "파티션", "트랜잭션", "원장",
        "일정표", "휴가", "출장", "경비", "영수증", "승인", "서명", "공항", "호텔", "식당",
        "주방", "요리법", "재료", "정원", "수확", "날씨", "강", "다리", "터널", "고속도로",
        "교통", "차량", "배터리", "충전기", "센서", "카메라", "드론", "위성", "안테나", "신호",
        "주파수", "전압", "회로", "자석", "터빈", "병원", "진료소", "환자", "의사", "간호사",
        "증상", "치료", "용량표", "백신", "진단", "박물관", "미술관", "그림", "조각", "공연",
        "관현악단", "축제", "매표소", "관객", "무대", "빙하", "화산", "사막", "숲", "섬",
        "항구", "등대", "협곡", "초원", "과수원", "소나무", "단풍", "김치", "된장", "비빔밥",
    ];

    /// <summary>Sino-Korean action nouns that take 하다 ("분석" → "분석합니다").</summary>
    public static readonly string[] KoreanActions =
    [
        "분석", "검토", "개선", "배포", "측정", "관리", "설계", "구현", "확인", "변경",
        "저장", "공유", "요청", "승인", "처리", "준비", "정리", "비교", "평가", "운영",
        "점검", "보고", "수정", "삭제", "생성", "추가", "제거", "설치", "업데이트", "모니터링",
        "예약", "취소", "결정", "논의", "발표", "조정", "최적화", "검증", "복구", "이전",
        "백업", "압축", "번역", "요약", "기록", "정의", "선택", "연결", "제한", "확장",
    ];

    /// <summary>Endings after an action noun: 분석 + "합니다".</summary>
    public static readonly string[] KoreanActionEndings =
    [
        "합니다", "했습니다", "해야 합니다", "할 수 있습니다", "하고 있습니다", "하지 않았습니다", "한다", "했다",
        "하기로 했습니다", "할 예정입니다", "해 주세요", "하는 것이 좋습니다", "된다", "되었습니다", "됩니다",
    ];

    /// <summary>Native verbs, already conjugated in the polite or plain declarative.</summary>
    public static readonly string[] KoreanVerbs =
    [
        "봅니다", "만듭니다", "찾았습니다", "보냅니다", "읽었습니다", "씁니다", "바꿨습니다", "줄였습니다", "늘렸습니다", "걸립니다",
        "나옵니다", "들어갑니다", "맞춥니다", "모읍니다", "나눕니다", "올렸습니다", "내렸습니다", "남깁니다", "고쳤습니다", "막습니다",
    ];

    /// <summary>Adjectives in the form that goes before a noun ("새로운 기능").</summary>
    public static readonly string[] KoreanModifiers =
    [
        "새로운", "중요한", "빠른", "느린", "복잡한", "간단한", "안정적인", "효율적인", "기존의", "다양한",
        "정확한", "큰", "작은", "오래된", "최신", "핵심적인", "필요한", "불필요한", "일반적인", "구체적인",
        "충분한", "부족한", "높은", "낮은", "비싼", "저렴한", "긴", "짧은", "어려운", "쉬운",
        "내부", "외부", "공개", "비공개", "임시", "영구적인", "지역별", "전체", "월간", "주간",
    ];

    /// <summary>Predicative adjectives ending a sentence ("비용이 높습니다").</summary>
    public static readonly string[] KoreanPredicates =
    [
        "중요합니다", "빠릅니다", "느립니다", "복잡합니다", "간단합니다", "충분합니다", "부족합니다", "높습니다", "낮습니다", "필요합니다",
        "가능합니다", "어렵습니다", "쉽습니다", "안정적입니다", "명확합니다", "많습니다", "적습니다", "비쌉니다", "저렴합니다", "정확합니다",
    ];

    public static readonly string[] KoreanConnectives =
    [
        "그리고", "하지만", "따라서", "또한", "그래서", "특히", "예를 들어", "결과적으로", "반면에", "먼저",
        "다음으로", "마지막으로", "현재", "지난주에", "올해는", "이번 분기에는", "일반적으로", "실제로",
    ];

    public static readonly string[] KoreanDocumentKinds =
    [
        "가이드", "계획서", "보고서", "회의록", "안내서", "개요", "점검표", "제안서", "검토서", "명세서",
        "운영 매뉴얼", "정책", "요약", "회고", "자주 묻는 질문",
    ];

    /// <summary>Syllables for made-up names ("벨로라 프로젝트"): the long tail of rare terms that real documents have.</summary>
    public static readonly string[] KoreanNameSyllables =
    [
        "가", "나", "다", "라", "마", "바", "사", "아", "자", "하", "한", "서", "민", "지", "현", "수", "영", "진", "호", "준",
        "윤", "성", "재", "은", "혜", "도", "경", "태", "훈", "미", "연", "우", "소", "주", "희", "정", "빛", "솔", "별", "온",
        "새", "결", "늘", "달", "루", "린", "모", "보", "비", "설", "세", "시", "아름", "여", "용", "유", "이", "채", "초", "파",
    ];

    public static readonly string[] EnglishNameSyllables =
    [
        "ka", "lo", "ve", "ra", "mi", "tor", "sen", "da", "ri", "on", "bel", "fa", "nu", "quin", "zal", "ter", "vo", "lin", "mar", "des",
        "ar", "co", "ne", "sto", "pha", "gri", "el", "mon", "tae", "vik", "sol", "ren", "bra", "ix", "cal", "dor", "fen", "hal", "jo", "kes",
    ];
}
