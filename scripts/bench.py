"""Benchmark: our pipeline against plain ``nlp.pipe`` of the same model, same texts, one run.

Texts: ``../shared/eval/polnear.dev.jsonl`` when present, else the articles of
``corpus/`` repeated. Prints words/s for plain ``nlp.pipe`` (the base model),
for our whole path (our pipeline + claim records), their ratio, and the cost
of each of our components as a share of the base parse.

    python scripts/bench.py [--texts N] [--repeat R] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from pipeline.extract import claim_records
from pipeline.io.ingest import Document, discover, read_task
from pipeline.nlp import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "polnear.dev.jsonl"
BATCH = 32

#: Which of our components belong to which budget of the issues.
BUDGETS = {"attribution": ("claims_paragraphs", "claims_quotes"), "normalisation": ("entity_ruler", "claims_numbers", "claims_dates")}


def load_texts(n: int) -> tuple[list[str], str]:
    if EVAL.exists():
        texts = [json.loads(line)["text"] for line in EVAL.open(encoding="utf-8") if line.strip()]
        return texts[:n], f"{EVAL.name} ({min(n, len(texts))} articles)"
    docs = [d.text for t in discover(ROOT / "corpus") for d in read_task(t) if d.status == "ok"]
    texts = (docs * (n // max(len(docs), 1) + 1))[:n]
    return texts, f"corpus/ articles repeated ({len(texts)} texts)"


def time_plain(base, texts) -> float:
    t0 = time.perf_counter()
    for _ in base.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - t0


def time_ours(nlp, texts) -> float:
    t0 = time.perf_counter()
    docs = []
    for i, text in enumerate(texts):
        doc = nlp.make_doc(text)
        doc._.published = None
        docs.append(doc)
    for i, doc in enumerate(nlp.pipe(docs, batch_size=BATCH)):
        claim_records(doc, Document(doc_id=str(i), path=str(i), text=doc.text))
    return time.perf_counter() - t0


def component_times(nlp, texts) -> dict[str, float]:
    """Seconds spent in each component, calling them one after another on the same docs."""
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.published = None
        docs.append(doc)
    seconds = {}
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=BATCH))
        else:
            docs = [proc(d) for d in docs]
        seconds[name] = time.perf_counter() - t0
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=84)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()

    nlp = load_pipeline(args.model)
    base_name = args.model or f"{nlp.meta['lang']}_{nlp.meta['name']}"
    base = spacy.load(base_name)
    texts, what = load_texts(args.texts)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {what}, {words:,} words; model {base_name}; best of {args.repeat} runs; batch {BATCH}")

    time_plain(base, texts[:5]), time_ours(nlp, texts[:5])  # warm up both
    plain, ours = [], []
    for _ in range(args.repeat):  # interleaved, so drift in machine load hits both
        plain.append(time_plain(base, texts))
        ours.append(time_ours(nlp, texts))
    p, o = min(plain), min(ours)
    print(f"plain nlp.pipe : {words / p:10,.0f} words/s  ({p:.2f} s)")
    print(f"claims pipeline: {words / o:10,.0f} words/s  ({o:.2f} s)")
    print(f"ratio (ours / plain): {p / o:.3f}")

    comp = {}
    for _ in range(args.repeat):
        for name, s in component_times(nlp, texts).items():
            comp[name] = min(comp.get(name, s), s)
    ours_names = {n for names in BUDGETS.values() for n in names}
    parse = sum(s for n, s in comp.items() if n not in ours_names)
    print(f"base parse (components of {base_name}): {parse:.2f} s")
    for budget, names in BUDGETS.items():
        s = sum(comp.get(n, 0.0) for n in names)
        detail = ", ".join(f"{n} {comp[n]:.3f} s" for n in names if n in comp)
        print(f"{budget:13s}: +{100 * s / parse:5.1f}% of the parse ({detail})")


if __name__ == "__main__":
    main()
