"""Scoring quote extraction and speaker attribution against gold annotations.

Gold is JSON lines in the format of ``../shared/eval`` (PolNeAR converted:
``text`` and ``quotes`` with ``start``/``end``, ``fragments``, ``kind``,
``speaker_start``/``speaker_end``). The rule is the acceptance rule of that
folder's README:

- a predicted claim (kind direct/indirect/mixed) matches a gold attribution
  when their content characters overlap with F1 >= 0.5, one-to-one, best
  pairs first;
- gold content is the union of its fragments; predicted claims sharing a
  ``quote_id`` (one quotation interrupted by "X said") are scored as one
  prediction, the union of their texts;
- the speaker is right when the predicted speaker mention overlaps the gold
  source mention.

The texts are analysed exactly as given (no furniture removal), so offsets
compare directly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .io.ingest import Document, parse_iso_date, stable_id

from .attribution.nesting import ATTRIBUTED_KINDS

MATCH_F1 = 0.5


@dataclass
class Item:
    """A gold attribution or a (merged) prediction: content characters and speaker span."""

    chars: frozenset
    kind: str
    speaker: tuple[int, int] | None
    text: str = ""
    speaker_text: str | None = None
    cue: str | None = None


def overlap_f1(a: frozenset, b: frozenset) -> float:
    inter = len(a & b)
    return 0.0 if inter == 0 else 2 * inter / (len(a) + len(b))


def _span_chars(text: str, spans: Iterable[tuple[int, int]]) -> frozenset:
    # whitespace does not count: gold and predictions differ in where they cut it
    return frozenset(i for s, e in spans for i in range(s, e) if not text[i].isspace())


def gold_items(record: dict) -> list[Item]:
    text = record["text"]
    items = []
    for q in record.get("quotes", []):
        spans = q.get("fragments") or [[q["start"], q["end"]]]
        spk = (q["speaker_start"], q["speaker_end"]) if q.get("speaker_start") is not None else None
        items.append(Item(_span_chars(text, spans), q.get("kind", "indirect"), spk, q.get("text", ""), q.get("speaker"), q.get("cue")))
    return items


def predicted_items(text: str, claims: list[dict]) -> list[Item]:
    groups: dict[str, list[dict]] = defaultdict(list)
    order = []
    for c in claims:
        if c["kind"] not in ATTRIBUTED_KINDS:
            continue
        key = c.get("quote_id") or c["claim_id"]
        if key not in groups:
            order.append(key)
        groups[key].append(c)
    items = []
    for key in order:
        members = groups[key]
        first = members[0]
        spk = (first["speaker_start"], first["speaker_end"]) if first.get("speaker_start") is not None else None
        items.append(
            Item(
                _span_chars(text, [(m["start"], m["end"]) for m in members]),
                first["kind"],
                spk,
                " | ".join(m["text"] for m in members),
                first.get("speaker_mention"),
                first.get("cue"),
            )
        )
    return items


def match(gold: list[Item], pred: list[Item]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, pred index, F1), best pairs first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f = overlap_f1(g.chars, p.chars)
            if f >= MATCH_F1:
                pairs.append((f, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, out = set(), set(), []
    for f, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, f))
    return out


@dataclass
class Report:
    n_docs: int = 0
    n_gold: int = 0
    n_pred: int = 0
    n_match: int = 0
    gold_by_kind: Counter = field(default_factory=Counter)
    match_by_kind: Counter = field(default_factory=Counter)
    pred_by_kind: Counter = field(default_factory=Counter)
    pred_match_by_kind: Counter = field(default_factory=Counter)
    speaker_scored: int = 0
    speaker_right: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    wrong_speakers: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.n_match / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.n_match / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0

    def add(self, doc_key: str, gold: list[Item], pred: list[Item]) -> None:
        self.n_docs += 1
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        matches = match(gold, pred)
        self.n_match += len(matches)
        self.gold_by_kind.update(g.kind for g in gold)
        self.pred_by_kind.update(p.kind for p in pred)
        matched_g = {gi for gi, _, _ in matches}
        matched_p = {pi for _, pi, _ in matches}
        for gi, pi, _ in matches:
            self.match_by_kind[gold[gi].kind] += 1
            self.pred_match_by_kind[pred[pi].kind] += 1
            g, p = gold[gi], pred[pi]
            if g.speaker is not None:
                self.speaker_scored += 1
                right = p.speaker is not None and p.speaker[0] < g.speaker[1] and g.speaker[0] < p.speaker[1]
                self.speaker_right += right
                if not right and len(self.wrong_speakers) < 300:
                    self.wrong_speakers.append(
                        {"doc": doc_key, "text": p.text[:200], "gold_speaker": g.speaker_text, "pred_speaker": p.speaker_text, "cue": p.cue}
                    )
        for gi, g in enumerate(gold):
            if gi not in matched_g and len(self.misses) < 500:
                self.misses.append({"doc": doc_key, "kind": g.kind, "cue": g.cue, "speaker": g.speaker_text, "text": g.text[:200]})
        for pi, p in enumerate(pred):
            if pi not in matched_p and len(self.false_positives) < 500:
                self.false_positives.append({"doc": doc_key, "kind": p.kind, "cue": p.cue, "speaker": p.speaker_text, "text": p.text[:200]})

    def as_dict(self) -> dict:
        return {
            "documents": self.n_docs,
            "gold": self.n_gold,
            "predicted": self.n_pred,
            "matched": self.n_match,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "recall_by_kind": {k: round(self.match_by_kind[k] / n, 4) for k, n in sorted(self.gold_by_kind.items()) if n},
            "gold_by_kind": dict(self.gold_by_kind),
            "precision_by_kind": {k: round(self.pred_match_by_kind[k] / n, 4) for k, n in sorted(self.pred_by_kind.items()) if n},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_scored": self.speaker_scored,
            "misses": self.misses,
            "false_positives": self.false_positives,
            "wrong_speakers": self.wrong_speakers,
        }

    def format(self) -> str:
        d = self.as_dict()
        lines = [
            f"documents {d['documents']}, gold attributions {d['gold']}, predicted {d['predicted']}, matched {d['matched']}",
            f"content   P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}",
            "recall by kind:    " + ", ".join(f"{k} {v:.3f} (n={self.gold_by_kind[k]})" for k, v in d["recall_by_kind"].items()),
            "precision by kind: " + ", ".join(f"{k} {v:.3f} (n={self.pred_by_kind[k]})" for k, v in d["precision_by_kind"].items()),
            f"speaker accuracy on matched pairs {d['speaker_accuracy']:.3f} (n={d['speaker_scored']})",
        ]
        return "\n".join(lines)


def read_gold(path: str | Path, limit: int | None = None) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    break
    if not records:
        raise ValueError(f"no gold records in {path}")
    return records


def document_from_gold(record: dict, index: int) -> Document:
    meta = record.get("meta") or {}
    published = parse_iso_date(str(meta["publication_date"])) if meta.get("publication_date") else None
    return Document(
        doc_id=stable_id(record["text"], prefix="d"),
        path=str(record.get("id", index)),
        text=record["text"],
        source=meta.get("publisher"),
        published=published,
        published_from="metadata" if published else None,
    )


def evaluate_records(records: list[dict], nlp) -> Report:
    from .extract import claim_records
    from .run import analyse_documents

    report = Report()
    documents = [document_from_gold(r, i) for i, r in enumerate(records)]
    by_id = {id(d): (d, r) for d, r in zip(documents, records)}
    for key, result in analyse_documents(nlp, documents):
        document, record = by_id[key]
        claims = claim_records(result, document) if not isinstance(result, Exception) else []
        report.add(document.path, gold_items(record), predicted_items(record["text"], claims))
    return report


def evaluate_file(gold_path: str | Path, model: str | None = None, limit: int | None = None, nlp=None) -> Report:
    records = read_gold(gold_path, limit)
    if nlp is None:
        from .nlp import load_pipeline

        nlp = load_pipeline(model)
    return evaluate_records(records, nlp)
