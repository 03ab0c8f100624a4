#!/usr/bin/env python3
"""Generate the binary sample documents of docs-corpus/ (one .docx, one .pdf).

Standard library only, so a fresh clone can regenerate them without pip. Output is deterministic
(fixed ZIP timestamps, no PDF creation date) so re-running the script does not dirty the worktree.

Usage: python3 tools/make-binary-samples.py [repo-root]
"""
import sys
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

# --------------------------------------------------------------------------------------------
# Content. Kinds: "title", "h1", "h2", "p", and for the docx also "table" (list of rows).
# --------------------------------------------------------------------------------------------

DOCX_CONTENT = [
    ("title", "사내 LLM 도입을 위한 평가 체크리스트"),
    ("p", "이 체크리스트는 고객 상담 챗봇에 쓸 LLM을 고르기 위해 4주 동안 진행한 파일럿에서 실제로 사용한 평가 항목을 정리한 것입니다. "
          "후보는 상용 API 모델 두 개와 사내 GPU 서버에서 돌리는 오픈소스 모델 한 개였습니다. 다른 팀이 비슷한 평가를 할 때 그대로 가져다 쓸 수 있도록 "
          "항목마다 측정 방법과 목표 기준을 함께 적었습니다."),
    ("h1", "1. 평가 준비"),
    ("h2", "평가 세트 구성"),
    ("p", "최근 6개월 상담 로그에서 자주 들어온 문의 200개를 뽑아 평가 세트를 만들었습니다. 이름, 전화번호, 주문 번호 같은 개인정보는 모두 가린 뒤 사용했고, "
          "질문마다 상담원 두 명이 모범 답안을 따로 작성한 다음 서로 검토해 하나로 확정했습니다. 실제 고객이 쓰는 말투를 살리기 위해 맞춤법이 틀린 문장도 일부러 고치지 않았습니다."),
    ("h2", "평가 환경 고정"),
    ("p", "모델 간 비교가 공정하도록 모든 후보에 같은 시스템 프롬프트를 쓰고, temperature는 0, 최대 출력 토큰은 1,024로 고정했습니다. "
          "검색 증강 생성(RAG)을 쓰는 시나리오에서는 검색 단계의 결과를 미리 저장해 두고 모든 모델에 똑같은 근거 문서를 넣었습니다."),
    ("h1", "2. 성능 지표"),
    ("h2", "응답 속도(Latency)"),
    ("p", "질문을 보낸 시점부터 응답이 끝날 때까지의 평균 시간을 밀리초(ms) 단위로 기록했습니다. 스트리밍 화면에서는 첫 글자가 보이기까지의 시간이 체감 속도를 좌우하므로 "
          "첫 토큰까지의 시간(TTFT)도 따로 쟀습니다. 평균만 보면 느린 응답이 가려지기 때문에 95번째 백분위수(p95)를 함께 보고, p95 응답 시간 3초 이내를 합격 기준으로 삼았습니다."),
    ("h2", "처리량(TPS)"),
    ("p", "TPS(Tokens per Second)는 모델이 1초 동안 생성하거나 처리하는 토큰의 수입니다. 계산식은 TPS = 총 처리 토큰 수 ÷ 걸린 시간(초)입니다. "
          "예를 들어 12초 동안 1,800개의 토큰을 생성했다면 처리량은 150 TPS입니다. 사람이 글을 읽는 속도를 고려하면 스트리밍 응답은 초당 20토큰 이상이면 답답함을 느끼지 않습니다."),
    ("h2", "정확성(Accuracy)"),
    ("p", "모범 답안과 비교한 정답률을 기본 지표로 삼고, 요약형 답변에는 BLEU와 ROUGE 점수를 보조 지표로 함께 계산했습니다. 표현만 다르고 내용이 맞는 답이 낮은 점수를 받는 문제를 "
          "보완하기 위해, 강한 모델을 채점자로 세워 답안을 평가한 결과도 나란히 비교했습니다."),
    ("h2", "일관성(Consistency)"),
    ("p", "같은 질문을 다섯 번씩 반복해서 보내고 최종 결론이 같은 비율을 측정했습니다. 환불 가능 여부처럼 답이 하나로 정해진 질문에서 답이 흔들리면 고객 신뢰가 크게 떨어지므로 "
          "일치율 90% 이상을 목표로 했습니다."),
    ("h2", "메모리 사용량"),
    ("p", "온프레미스 후보 모델은 실행 중에 차지하는 RAM과 GPU 메모리(VRAM)를 nvidia-smi와 시스템 모니터링 도구로 기록했습니다. 동시 요청이 늘면 KV 캐시가 커지므로 "
          "최대 부하 시점의 값을 기준으로 삼았습니다."),
    ("h2", "확장성"),
    ("p", "동시 요청 수를 1, 10, 50으로 단계적으로 늘리면서 응답 시간과 오류율이 어떻게 변하는지 확인했습니다. 상용 API는 분당 요청 한도에 걸리는 지점을, "
          "자체 서버는 GPU 메모리가 부족해지는 지점을 찾는 것이 목적입니다."),
    ("h2", "다국어 지원"),
    ("p", "한국어 답변의 자연스러움, 존댓말이 끝까지 유지되는지, 한국어와 영어가 섞인 질문을 제대로 이해하는지를 따로 점검했습니다. 공급사의 언어 지원 가이드도 함께 참고했습니다."),
    ("h1", "3. 비용 지표"),
    ("h2", "백만 토큰당 비용"),
    ("p", "상용 모델은 입력과 출력 토큰의 단가가 다르므로 실제 트래픽 비율로 월 비용을 추정했습니다. 파일럿 기준 예상 사용량은 월 입력 4억 토큰, 출력 8천만 토큰이었습니다. "
          "입력 백만 토큰당 0.5달러, 출력 백만 토큰당 1.5달러인 모델이라면 입력 200달러와 출력 120달러를 더해 한 달에 약 320달러가 듭니다."),
    ("h2", "자체 운영 비용 환산"),
    ("p", "오픈소스 모델은 GPU 서버의 시간당 비용을 시간당 처리 토큰 수로 나누어 백만 토큰당 비용으로 바꾼 뒤 상용 모델과 같은 단위로 비교했습니다. "
          "이때 서버가 놀고 있는 시간의 비용과 운영 인력의 인건비도 빠뜨리지 않아야 합니다."),
    ("h1", "4. 품질 평가 방법"),
    ("h2", "LLM 평가자"),
    ("p", "정답이 하나로 정해지지 않는 상담 답변은 강한 LLM에게 채점 기준표를 주고 1점부터 5점까지 매기게 했습니다. LLM 평가자는 먼저 제시된 답을 선호하는 위치 편향과 "
          "긴 답을 선호하는 경향이 있으므로, 두 답안의 순서를 바꿔 두 번 채점하고 평균을 냈습니다."),
    ("h2", "사람 평가"),
    ("p", "무작위로 고른 50개 답변은 숙련 상담원 3명이 정확성, 친절함, 정책 준수 여부를 5점 척도로 평가했습니다. 평가자 간 점수 차이가 2점 이상 나는 항목은 함께 논의해 기준을 다듬었습니다."),
    ("h1", "5. 결과 정리와 의사결정"),
    ("p", "마지막으로 항목별 점수에 가중치를 곱해 종합 점수를 냈습니다. 가중치는 정확성 40%, 비용 25%, 응답 속도 20%, 일관성 15%로 정했습니다."),
    ("table", [
        ["항목", "가중치", "합격 기준"],
        ["정확성", "40%", "정답률 85% 이상"],
        ["비용", "25%", "월 500달러 이하"],
        ["응답 속도", "20%", "p95 3초 이내"],
        ["일관성", "15%", "일치율 90% 이상"],
    ]),
    ("p", "종합 점수가 가장 높은 모델이라도 합격 기준을 하나라도 통과하지 못하면 채택하지 않는다는 원칙을 세웠습니다. 평가 세트와 채점 스크립트는 다음 분기 재평가에 그대로 쓰기 위해 저장소에 보관합니다."),
]

PDF_TITLE = "RAG Evaluation Playbook"
PDF_CONTENT = [
    ("title", "RAG Evaluation Playbook"),
    ("p", "Retrieval-augmented generation (RAG) answers questions by first retrieving passages from a document collection and then asking a language model to "
          "write an answer grounded in those passages. A RAG system can fail in two different places: retrieval can miss the passage that holds the answer, "
          "or generation can ignore, distort or embellish what was retrieved. This playbook describes how we measure both halves, which thresholds we use, "
          "and which failure patterns to look for first."),
    ("h1", "1. Build a golden set first"),
    ("p", "Every metric below needs a set of questions with known answers. Start with 50 to 200 questions written from real user requests. For each question "
          "record the expected answer, the document that contains it and, if possible, the exact answer span in that document. Keep the set in a plain "
          "JSON Lines file under version control so that changes are reviewed like code."),
    ("p", "Write at least a third of the questions as paraphrases that use different words from the source text. Questions copied from the document "
          "flatter keyword search and hide the vocabulary mismatch that real users create. Include questions in every language your users write in, "
          "and a handful of questions that the corpus cannot answer, so that you can measure whether the system admits it does not know."),
    ("p", "Refresh the golden set every quarter. Documents change, and a question whose answer moved to a new page silently turns into a false failure."),
    ("h1", "2. Retrieval metrics"),
    ("p", "Retrieval metrics compare the ranked list of retrieved chunks with the chunk or document known to contain the answer. They need no language "
          "model and run in seconds, which makes them the first line of defence in continuous integration."),
    ("h2", "Hit rate at k"),
    ("p", "Hit rate at k, often called recall at k for single-answer questions, is the share of questions for which at least one relevant chunk appears "
          "among the top k results. It answers the most important question: did the generator even get a chance to see the answer?"),
    ("h2", "Precision at k"),
    ("p", "Precision at k is the fraction of the top k results that are relevant. Low precision wastes context window and invites the model to quote "
          "the wrong passage."),
    ("h2", "Mean reciprocal rank"),
    ("p", "Mean reciprocal rank (MRR) averages one divided by the rank of the first relevant result. A relevant chunk at rank 1 scores 1.0, at rank 2 "
          "scores 0.5 and at rank 4 scores 0.25. MRR rewards systems that put the answer at the very top, which matters because models pay the most "
          "attention to the beginning and the end of long prompts."),
    ("h2", "nDCG"),
    ("p", "Normalised discounted cumulative gain (nDCG) handles graded relevance, where some chunks are more useful than others. Gains are discounted "
          "by the logarithm of the rank and divided by the best possible ordering, so a perfect ranking scores 1.0."),
    ("h1", "3. Generation metrics"),
    ("p", "Generation metrics judge the final answer. Most of them are computed by a judge model that breaks the answer or the reference into short "
          "statements and checks each one, so validate the judge on a sample of human labels before trusting it."),
    ("h2", "Faithfulness"),
    ("p", "Faithfulness is the share of claims in the answer that are supported by the retrieved context. An answer can be correct according to the "
          "model's general knowledge and still be unfaithful if the context does not back it up. Low faithfulness is the clearest sign of hallucination."),
    ("h2", "Answer relevancy"),
    ("p", "Answer relevancy measures whether the answer addresses the question that was asked, penalising answers that are incomplete or padded with "
          "unrelated material."),
    ("h2", "Context precision and context recall"),
    ("p", "Context precision asks whether the relevant chunks are ranked above the irrelevant ones. Context recall is the share of statements in the "
          "reference answer that can be attributed to the retrieved context; if it is low, the information the answer needs was never retrieved, and "
          "no amount of prompt engineering will fix it."),
    ("h2", "Citation accuracy"),
    ("p", "When answers cite sources, check that every citation points to a passage that actually supports the sentence it is attached to. Broken or "
          "decorative citations are worse than none, because they give users false confidence."),
    ("h2", "Answer correctness"),
    ("p", "For short factual answers, exact match and token-level F1 against the reference answer are cheap and reproducible. For longer answers use a "
          "judge model with a rubric, or a simple check that the reference answer span appears in the response."),
    ("h1", "4. Running evaluations"),
    ("p", "Run retrieval metrics on every change to chunking, embeddings, ranking or the index, and run the full suite before every release. Our release "
          "gate requires a hit rate at 5 of at least 0.85 and a faithfulness score of at least 0.90 on the golden set. Store each run's scores next "
          "to the commit that produced them so that regressions can be traced to a specific change."),
    ("p", "Look at failures, not only averages. A drop of two points in hit rate may come from a single document that stopped parsing, and the fastest "
          "way to find it is to list the questions that passed last week and fail today."),
    ("h1", "5. Common failure patterns"),
    ("p", "Chunk boundaries split the answer. If a table or a numbered procedure is cut in half, neither chunk contains the full answer. Keep headings "
          "with the text below them and prefer splitting at paragraph or section boundaries."),
    ("p", "Vocabulary mismatch. Users ask about a refund while the policy says reimbursement. Pure keyword search misses such paraphrases; hybrid "
          "retrieval that fuses BM25 scores with dense vector similarity, for example with reciprocal rank fusion, recovers most of them."),
    ("p", "Stale index. Documents were updated but not re-indexed, so the system confidently quotes last year's prices. Track the age of every indexed "
          "document and re-index on change."),
    ("p", "Lost in the middle. With many retrieved chunks, models tend to overlook passages in the middle of the prompt. Retrieve fewer, better chunks "
          "and put the strongest evidence first."),
    ("h1", "6. Operational metrics"),
    ("p", "Quality is not the only thing users notice. Track end-to-end latency broken down into retrieval time, time to first token and generation "
          "time; cost per query including embedding calls; and the refusal rate, meaning how often the system says it cannot find the answer. A "
          "refusal rate near zero on a golden set that contains unanswerable questions means the system is guessing."),
]

# --------------------------------------------------------------------------------------------
# DOCX writer: the smallest set of OOXML parts Word and common parsers accept.
# --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED_TIME = (2025, 6, 1, 12, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def core_xml(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>{escape(title)}</dc:title>
<dc:language>ko-KR</dc:language>
</cp:coreProperties>"""


def style(style_id: str, name: str, size_half_points: int, bold: bool, outline: int | None) -> str:
    ppr = f"<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"{outline}\"/></w:pPr>" if outline is not None else ""
    b = "<w:b/>" if bold else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>{ppr}'
            f'<w:rPr>{b}<w:sz w:val="{size_half_points}"/></w:rPr></w:style>')


STYLES = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          f"<w:styles xmlns:w=\"{W_NS}\">"
          "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Malgun Gothic\"/>"
          "<w:sz w:val=\"22\"/><w:lang w:val=\"ko-KR\" w:eastAsia=\"ko-KR\"/></w:rPr></w:rPrDefault></w:docDefaults>"
          "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
          "<w:pPr><w:spacing w:after=\"160\"/></w:pPr></w:style>"
          + style("Title", "Title", 40, True, None)
          + style("Heading1", "heading 1", 32, True, 0)
          + style("Heading2", "heading 2", 26, True, 1)
          + "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
          "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/>"
          "<w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
          "</w:tblBorders></w:tblPr></w:style>"
          "</w:styles>")


def docx_paragraph(text: str, style_id: str | None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_table(rows: list[list[str]]) -> str:
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>']
    out += ['<w:gridCol w:w="3000"/>' for _ in rows[0]]
    out.append("</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{docx_paragraph(c, None)}</w:tc>' for c in row) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def build_docx(content, path: Path) -> None:
    styles = {"title": "Title", "h1": "Heading1", "h2": "Heading2", "p": None}
    body = []
    for kind, value in content:
        body.append(docx_table(value) if kind == "table" else docx_paragraph(value, styles[kind]))
    body.append('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    title = next(v for k, v in content if k == "title")
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("docProps/core.xml", core_xml(title)),
             ("word/_rels/document.xml.rels", DOCUMENT_RELS), ("word/styles.xml", STYLES), ("word/document.xml", document)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# PDF writer: PDF 1.4, standard Helvetica fonts (WinAnsi, so ASCII text only), one Flate-compressed
# content stream per page, byte-exact xref table.
# --------------------------------------------------------------------------------------------

# Helvetica advance widths (AFM, 1/1000 em) for ASCII 32..126, used for line wrapping.
HELVETICA_WIDTHS = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space .. /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 .. ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ .. O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P .. _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` .. o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p .. ~
]

PAGE_W, PAGE_H, MARGIN = 612, 792, 72
FONTS = {"title": ("F2", 20, 30), "h1": ("F2", 14, 22), "h2": ("F2", 11.5, 17), "p": ("F1", 10.5, 14.5)}


def text_width(text: str, size: float, bold: bool) -> float:
    w = sum(HELVETICA_WIDTHS[ord(c) - 32] for c in text) * size / 1000
    return w * 1.08 if bold else w  # Helvetica-Bold is a little wider; wrap conservatively


def wrap(text: str, size: float, bold: bool, max_width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def layout_pages(content) -> list[list[tuple[str, float, float, float, str]]]:
    """Returns pages of (font, size, x, y, text) lines; headings never end a page alone."""
    pages, page, y = [], [], PAGE_H - MARGIN
    bottom = MARGIN + 20  # leave room for the footer
    for kind, text in content:
        font, size, leading = FONTS[kind]
        lines = wrap(text, size, font == "F2", PAGE_W - 2 * MARGIN)
        space_before = 0 if kind == "title" else (10 if kind.startswith("h") else 4)
        needed = space_before + leading * (len(lines) + (2 if kind.startswith("h") else 0))
        if y - needed < bottom and page:
            pages.append(page)
            page, y = [], PAGE_H - MARGIN
        elif page:
            y -= space_before
        for line in lines:
            if y - leading < bottom:
                pages.append(page)
                page, y = [], PAGE_H - MARGIN
            y -= leading
            page.append((font, size, MARGIN, y, line))
    if page:
        pages.append(page)
    return pages


def build_pdf(content, title: str, path: Path) -> None:
    for _, text in content:
        if any(ord(c) < 32 or ord(c) > 126 for c in text):
            raise ValueError(f"PDF text must be printable ASCII (standard fonts, WinAnsi): {text[:60]!r}")
    pages = layout_pages(content)
    n = len(pages)
    # Object numbers: 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then (page, contents) pairs.
    objects: dict[int, bytes] = {}
    page_ids = [6 + 2 * i for i in range(n)]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {n} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objects[5] = f"<< /Title ({pdf_escape(title)}) /Producer (tools/make-binary-samples.py) >>".encode()
    for i, lines in enumerate(pages):
        ops = []
        for font, size, x, y, text in lines:
            ops.append(f"BT /{font} {size:g} Tf {x:g} {y:.1f} Td ({pdf_escape(text)}) Tj ET")
        footer = f"{title} - page {i + 1} of {n}"
        ops.append(f"BT /F1 8 Tf {MARGIN} {MARGIN - 24} Td ({pdf_escape(footer)}) Tj ET")
        stream = zlib.compress("\n".join(ops).encode("latin-1"), 9)
        pid, cid = page_ids[i], page_ids[i] + 1
        objects[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                        f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {cid} 0 R >>").encode()
        objects[cid] = f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    count = max(objects) + 1
    out += f"xref\n0 {count}\n".encode() + b"0000000000 65535 f \n"
    for num in range(1, count):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    out_dir = root / "docs-corpus" / "evaluation"
    out_dir.mkdir(parents=True, exist_ok=True)
    docx_path = out_dir / "llm-adoption-checklist-ko.docx"
    pdf_path = out_dir / "rag-evaluation-playbook.pdf"
    build_docx(DOCX_CONTENT, docx_path)
    build_pdf(PDF_CONTENT, PDF_TITLE, pdf_path)
    print(f"wrote {docx_path} and {pdf_path} ({len(layout_pages(PDF_CONTENT))} pages)")


if __name__ == "__main__":
    main()
