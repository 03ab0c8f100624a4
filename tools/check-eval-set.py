#!/usr/bin/env python3
"""Check docs-corpus/eval/qa.jsonl against the corpus (standard library only).

For every question: the fields are well-formed, the source file exists, and the answer substring occurs
verbatim 1 to 3 times in the text an extractor would see (markdown/txt as-is, HTML without tags, DOCX
w:t runs per paragraph, PDF text per line from the content streams). Also prints the language balance,
the share of paraphrased questions and word counts per document. Exit code 1 on any problem.

Usage: python3 tools/check-eval-set.py [repo-root]
"""
import html
import json
import re
import sys
import zipfile
import zlib
from collections import Counter
from pathlib import Path

MAX_OCCURRENCES = 3


def text_of(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in (".md", ".txt"):
        return path.read_text(encoding="utf-8")
    if ext == ".html":
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        raw = re.sub(r"(?i)</?(p|h[1-6]|li|tr|div|nav|footer|main|br)\b[^>]*>", "\n", raw)
        return html.unescape(re.sub(r"<[^>]+>", "", raw))
    if ext == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p>(.*?)</w:p>", xml, flags=re.S)
        return "\n".join(html.unescape("".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", p, flags=re.S))) for p in paragraphs)
    if ext == ".pdf":
        data = path.read_bytes()
        lines = []
        for match in re.finditer(rb"stream\n(.*?)\nendstream", data, flags=re.S):
            content = zlib.decompress(match.group(1)).decode("latin-1")
            for s in re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
                lines.append(re.sub(r"\\(.)", r"\1", s))
            lines.append("\f")
        return "\n".join(lines)
    raise ValueError(f"{path}: no text extraction rule for extension {ext!r}")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    corpus = root / "docs-corpus"
    qa_path = corpus / "eval" / "qa.jsonl"
    problems, items, texts = [], [], {}
    for n, line in enumerate(qa_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: not valid JSON ({e})")
            continue
        items.append(item)
        qid = item.get("id", f"line {n}")
        missing = {"id", "lang", "question", "answer", "source", "paraphrased"} - item.keys()
        if missing:
            problems.append(f"{qid}: missing fields {sorted(missing)}")
            continue
        if item["lang"] not in ("ko", "en") or not isinstance(item["paraphrased"], bool):
            problems.append(f"{qid}: lang must be ko|en and paraphrased a boolean")
        source = corpus / item["source"]
        if not source.is_file():
            problems.append(f"{qid}: source {item['source']} does not exist")
            continue
        if item["source"] not in texts:
            texts[item["source"]] = text_of(source)
        count = texts[item["source"]].count(item["answer"])
        if not 1 <= count <= MAX_OCCURRENCES:
            problems.append(f"{qid}: answer {item['answer']!r} occurs {count} times in {item['source']}")
        if any(mark in item["answer"] for mark in ("**", "`", "\n")):
            problems.append(f"{qid}: answer contains markup or a line break")
    ids = Counter(i.get("id") for i in items)
    problems += [f"duplicate id {k}" for k, v in ids.items() if v > 1]

    langs = Counter(i.get("lang") for i in items)
    paraphrased = sum(1 for i in items if i.get("paraphrased") is True)
    print(f"{len(items)} questions: {dict(langs)}; paraphrased {paraphrased} ({paraphrased / max(len(items), 1):.0%})")
    for source, n in sorted(Counter(i.get("source") for i in items).items()):
        print(f"  {n:3d}  {source}")
    print("documents (whitespace-separated words):")
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.parent.name != "eval"):
        print(f"  {len(text_of(path).split()):5d}  {path.relative_to(corpus)}")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
