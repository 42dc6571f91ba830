"""Benchmark: our pipeline against plain ``nlp.pipe`` of the same model, same texts, one run.

Texts: ``../shared/eval/polnear.dev.jsonl`` when present, else the articles of
``corpus/`` repeated. Prints words/s for plain ``nlp.pipe`` (the base model),
for our whole path (our pipeline + claim records), their ratio, and the cost
of each of our components as a share of the base parse.

Then the whole command: the texts are written to a temporary corpus (one
``.txt`` per article with a sidecar of its source, date and title), and
``claims run CORPUS --out DIR --rebuild`` as a process (one worker, compare
included), with and without its report page, is timed against a process that
loads the base model and runs plain ``nlp.pipe`` over the same texts;
interleaved, W rounds (default 5), wall and CPU seconds; the ratio is given
of the medians and as the median of the per-round ratios (the machine is
shared: its load drifts between rounds, less within one).

    python scripts/bench.py [--texts N] [--repeat R] [--whole-rounds W] [--model NAME] [--no-whole]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
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


def load_records(n: int) -> tuple[list[dict], str]:
    """Articles as {text, source, published, title}."""
    if EVAL.exists():
        records = []
        for line in EVAL.open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                meta = r.get("meta") or {}
                records.append(
                    {
                        "text": r["text"],
                        "source": meta.get("publisher"),
                        "published": meta.get("publication_date"),
                        "title": meta.get("title"),
                    }
                )
        return records[:n], f"{EVAL.name} ({min(n, len(records))} articles)"
    docs = [d for t in discover(ROOT / "corpus") for d in read_task(t) if d.status == "ok"]
    docs = (docs * (n // max(len(docs), 1) + 1))[:n]
    records = [
        {"text": d.text + f"\n\n({i})", "source": d.source, "published": str(d.published) if d.published else None, "title": d.title}
        for i, d in enumerate(docs)
    ]
    return records, f"corpus/ articles repeated ({len(records)} texts)"


def load_texts(n: int) -> tuple[list[str], str]:
    records, what = load_records(n)
    return [r["text"] for r in records], what


PLAIN_PROCESS = (
    """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
for _ in nlp.pipe(texts, batch_size=%d):
    pass
"""
    % BATCH
)


def whole_run(records: list[dict], base_name: str, model: str | None, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each process, ``repeat`` interleaved rounds: plain
    ``nlp.pipe``, the whole ``claims run`` and ``claims run --no-report``."""
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        corpus.mkdir()
        for i, r in enumerate(records):
            name = f"{i:05d}-" + re.sub(r"[^A-Za-z0-9]+", "-", (r.get("title") or "article"))[:40]
            (corpus / f"{name}.txt").write_text(r["text"], encoding="utf-8")
            (corpus / f"{name}.json").write_text(
                json.dumps({k: r.get(k) for k in ("source", "published", "title") if r.get(k)}), encoding="utf-8"
            )
        texts_file = tmp / "texts.json"
        texts_file.write_text(json.dumps([r["text"] for r in records]), encoding="utf-8")
        plain_cmd = [sys.executable, "-c", PLAIN_PROCESS, base_name, str(texts_file)]
        ours_cmd = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(tmp / "out"), "--rebuild", "--quiet"]
        if model:
            ours_cmd += ["--model", model]
        commands = {"plain": plain_cmd, "claims run": ours_cmd, "claims run --no-report": ours_cmd + ["--no-report"]}
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, cmd in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, cwd=ROOT)
                seconds[name].append(time.perf_counter() - t0)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return seconds, cpu


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
    ap.add_argument("--whole-rounds", type=int, default=5, help="interleaved rounds of the whole-process measurement")
    ap.add_argument("--no-whole", action="store_true", help="skip the whole-command measurement")
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
    print(f"ratio (ours / plain): {p / o:.3f} (median of the rounds: {statistics.median(plain) / statistics.median(ours):.3f})")

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

    if not args.no_whole:
        records, _ = load_records(args.texts)
        seconds, cpu = whole_run(records, base_name, args.model, args.whole_rounds)
        med = {name: statistics.median(s) for name, s in seconds.items()}
        what = {"plain": f"load {base_name} + nlp.pipe", "claims run": "one worker, compare and report.html included"}
        what["claims run --no-report"] = "one worker, compare included"
        print(f"whole processes, median of {args.whole_rounds} interleaved rounds (range); CPU seconds:")
        for name, s in seconds.items():
            print(f"  {name:24s}: {med[name]:6.2f} s ({min(s):.2f}-{max(s):.2f}; {what[name]}); CPU {statistics.median(cpu[name]):.2f} s")
        for name in ("claims run", "claims run --no-report"):
            # a shared machine's load drifts: the ratio within each round is the steadier figure
            per_round = [p / o for p, o in zip(seconds["plain"], seconds[name])]
            cpu_ratio = statistics.median(cpu["plain"]) / statistics.median(cpu[name])
            print(
                f"whole-run ratio (plain / {name}): {med['plain'] / med[name]:.3f} of the medians, "
                f"{statistics.median(per_round):.3f} median of the rounds ({min(per_round):.3f}-{max(per_round):.3f}), "
                f"CPU {cpu_ratio:.3f}"
            )


if __name__ == "__main__":
    main()
