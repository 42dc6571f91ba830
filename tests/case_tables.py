"""Helpers shared by the hand-annotated case-table tests (numbers, dates)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from pipeline.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ROOT / "models" / "entity_patterns.jsonl"


def build_nlp(*components: str):
    """The pipeline as the project builds it (``pipeline.nlp.load_pipeline``):
    model and entity patterns, then only ``components`` of ours."""
    return load_pipeline(components=("entity_ruler", *components))


def load_cases(path: Path) -> list[dict]:
    """Rows of a tab-separated case table (header line first, '#' lines are comments)."""
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells)))
    return rows


def locate(sentence: str, expression: str) -> int:
    """Offset of the first whole-word occurrence of expression in sentence."""
    pattern = (r"(?<!\w)" if expression[0].isalnum() else "") + re.escape(expression) + (r"(?!\w)" if expression[-1].isalnum() else "")
    m = re.search(pattern, sentence)
    assert m, (expression, sentence)
    return m.start()


def case_mention(case: dict, mentions: list):
    """The mention a table case names, as ``(mention, None)``; or, when the case
    expects none or none starts at its expression, ``(None, (right?, what was found))``."""
    start = locate(case["sentence"], case["expression"])
    end = start + len(case["expression"])
    overlapping = [m for m in mentions if m.start < end and m.end > start]
    if case["value"] == "NONE":
        return None, ((not overlapping), repr([m.as_record() for m in overlapping]))
    found = [m for m in mentions if m.start == start and m.text == case["expression"]]
    if not found:
        return None, (False, "no mention; near: " + repr([m.as_record() for m in overlapping]))
    return found[0], None


def format_table(per_cat: dict[str, list]) -> str:
    """A Markdown table of [right, cases] per category, then per split ('split:dev', ...)."""
    lines = ["| category | right | cases | accuracy |", "| --- | --- | --- | --- |"]
    splits = {k: v for k, v in per_cat.items() if k.startswith("split:")}
    per_cat = {k: v for k, v in per_cat.items() if not k.startswith("split:")}
    total_right = total = 0
    for cat in sorted(per_cat):
        right, n = per_cat[cat]
        total_right += right
        total += n
        lines.append(f"| {cat} | {right} | {n} | {right / n:.1%} |")
    lines.append(f"| **all** | {total_right} | {total} | {total_right / total:.1%} |")
    for key in sorted(splits):
        right, n = splits[key]
        lines.append(f"| {key[6:]} sentences | {right} | {n} | {right / n:.1%} |")
    return "\n".join(lines)


def overall(per_cat: dict[str, list]) -> tuple[int, int]:
    """Right and cases over all splits (every case is in exactly one split)."""
    splits = [v for k, v in per_cat.items() if k.startswith("split:")]
    return sum(r for r, _ in splits), sum(n for _, n in splits)


def tally(judged: Iterable[tuple[dict, bool, str]]) -> tuple[dict[str, list], list[tuple[dict, str]]]:
    """[right, cases] per category and per split, and the failures, from (case, ok, got) triples."""
    per_cat: dict[str, list] = defaultdict(lambda: [0, 0])
    failures = []
    for case, ok, got in judged:
        for key in (case["category"], "split:" + case["split"]):
            per_cat[key][1] += 1
            per_cat[key][0] += ok
        if not ok:
            failures.append((case, got))
    return dict(per_cat), failures
