"""Measure cross-source grouping on PolNeAR gold quotes (docs/COMPARE.md).

The gold attributions of PolNeAR (2016 US-election news from seven publishers,
``../shared/eval/polnear.*.jsonl``) stand in for extracted claims, so grouping
can be tuned and judged before the extraction stage is good:

    claim text      = the gold content (record text[start:end])
    speaker         = the gold source mention; a pronoun or a missing source
                      takes the nearest named speaker before it in the article
                      (a crude stand-in for the pipeline's resolution)
    entities        = spaCy NER of the article inside the content span
    numbers         = pipeline.numbers over the article inside the content span
    source/published = meta.publisher / meta.publication_date

The claims are written to OUT/claims.parquet and ``compare_dir(OUT)`` runs on
them exactly as after ``claims run``.

With ``--extracted`` the claims are the pipeline's own instead: the chosen
articles are written to OUT/input/polnear.jsonl and ``claims run`` extracts
them (``--no-compare``), then ``compare_dir(OUT)`` groups them. This is the
measurement reported in docs/COMPARE.md; the judgements of its sample are in
docs/compare_judgements.md. Then a random sample of multi-source
groups is written to OUT/judge.txt for reading; verdicts (group_id -> "ok" or
"wrong", no article text) kept in scripts/polnear_judgments.json give the
precision.

    .venv/bin/python scripts/polnear_groups.py [--articles 924] [--sample 50] [--extracted]

Reads ../shared (this is a measurement script; tests never do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from pipeline.compare import names, outputs, params  # noqa: E402
from pipeline.io import schema  # noqa: E402
from pipeline.io.writer import ParquetSink  # noqa: E402

EVAL_DIR = ROOT.parent / "shared" / "eval"
JUDGMENTS = ROOT / "scripts" / "polnear_judgments.json"
PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "i",
    "we",
    "you",
    "who",
    "which",
    "that",
    "his",
    "her",
    "their",
    "its",
    "him",
    "them",
    "us",
    "me",
    "this",
    "these",
    "those",
    "some",
    "many",
    "others",
    "one",
}


def load_articles(limit: int | None) -> list[dict]:
    records = []
    for name in ("polnear.train.jsonl", "polnear.dev.jsonl"):
        with open(EVAL_DIR / name, encoding="utf-8") as fh:
            records.extend(json.loads(line) for line in fh if line.strip())
    records.sort(key=lambda r: r["id"])
    if limit and limit < len(records):
        records = random.Random(0).sample(records, limit)
    return records


def resolve_speaker(quotes: list[dict], k: int) -> str | None:
    """The gold speaker mention, or for a pronoun the nearest named speaker before it."""
    for q in reversed(quotes[: k + 1]):
        s = (q.get("speaker") or "").strip()
        if s and s.lower() not in PRONOUNS:
            return s
    return None


def speaker_type(speaker: str | None) -> str | None:
    """PERSON when the gold mention parses as a person's name (PolNeAR does not
    type its sources; the pipeline's spaCy NER would)."""
    if not speaker:
        return None
    parsed = names.parse_person(speaker)
    words = {w.lower().strip(".,") for w in speaker.split()}
    if parsed.kind in ("full", "partial") and not words & names.ORG_WORDS:
        return "PERSON"
    return None


def build_claims(records: list[dict], out: Path, workers: int) -> int:
    import spacy

    from pipeline.normalise.numbers import extract_numbers

    nlp = spacy.load(params.DEFAULT_MODEL)
    meta = {"spacy_model": params.DEFAULT_MODEL, "spacy_model_version": nlp.meta.get("version", ""), "spacy_version": spacy.__version__}
    rows = []
    texts = (r["text"] for r in records)
    for rec, doc in zip(records, nlp.pipe(texts, batch_size=16, n_process=workers)):
        try:
            numbers = list(extract_numbers(doc))
        except Exception:  # the numbers stage is someone else's work in progress
            numbers = []
        ents = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        quotes = sorted(rec["quotes"], key=lambda q: q["start"])
        published = dt.date.fromisoformat(rec["meta"]["publication_date"][:10])
        for k, q in enumerate(quotes):
            s, e = q["start"], q["end"]
            speaker = resolve_speaker(quotes, k)
            rows.append(
                {
                    "claim_id": f"{rec['id']}#{k}",
                    "doc_id": rec["id"],
                    "source": rec["meta"]["publisher"],
                    "published": published,
                    "kind": q.get("kind") or "indirect",
                    "text": rec["text"][s:e],
                    "start": s,
                    "end": e,
                    "sentence": rec["text"][s:e],
                    "speaker": speaker,
                    "speaker_type": speaker_type(speaker),
                    "hedged": False,
                    "entities": [{"text": t, "label": lab, "start": a, "end": b} for a, b, t, lab in ents if a >= s and b <= e],
                    "numbers": [m.as_record() for m in numbers if m.start >= s and m.end <= e],
                    "dates": [],
                }
            )
    out.mkdir(parents=True, exist_ok=True)
    with ParquetSink(out / "claims.parquet", schema.with_metadata(schema.CLAIMS, **meta)) as sink:
        for i in range(0, len(rows), 5000):
            sink.write(rows[i : i + 5000])
    return len(rows)


def extract_claims(records: list[dict], out: Path, workers: int) -> None:
    """OUT/claims.parquet and OUT/documents.parquet from the real pipeline
    (``claims run``) over the chosen articles."""
    import subprocess

    src = out / "input"
    src.mkdir(parents=True, exist_ok=True)
    with open(src / "polnear.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            meta = {k: r["meta"].get(k) for k in ("publisher", "publication_date", "title")}
            fh.write(json.dumps({"id": r["id"], "text": r["text"], **meta}, ensure_ascii=False) + "\n")
    cmd = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        str(src),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--no-compare",
        "--quiet",
        "--summary",
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)


def write_documents(records: list[dict], out: Path) -> None:
    """OUT/documents.parquet: the article texts (compare_dir reads them to
    resolve bare surnames inside each document)."""
    rows = [
        {
            "doc_id": r["id"],
            "path": r["id"],
            "source": r["meta"]["publisher"],
            "title": r["meta"].get("title"),
            "url": None,
            "published": dt.date.fromisoformat(r["meta"]["publication_date"][:10]),
            "status": "ok",
            "error": None,
            "text": r["text"],
            "n_words": len(r["text"].split()),
            "n_claims": len(r["quotes"]),
        }
        for r in records
    ]
    with ParquetSink(out / "documents.parquet", schema.with_metadata(schema.DOCUMENTS)) as sink:
        for i in range(0, len(rows), 500):
            sink.write(rows[i : i + 500])


def judge_file(out: Path, sample: int, seed: int) -> list[str]:
    groups = pq.read_table(out / "claim_groups.parquet").to_pandas()
    claims = pq.read_table(out / "claims.parquet", columns=["claim_id", "source", "published", "speaker_canonical", "text"]).to_pandas()
    claims = claims.set_index("claim_id")
    multi = sorted(groups.loc[groups["n_sources"] >= 2, "group_id"].unique())
    chosen = random.Random(seed).sample(multi, min(sample, len(multi)))
    lines = []
    for gid in chosen:
        rows = groups[groups["group_id"] == gid]
        head = rows.iloc[0]
        lines.append(f"=== {gid}  n={head['n_claims']} sources={head['n_sources']} agreement={head['agreement']} counted={head['counted']}")
        for cid in rows["claim_id"]:
            c = claims.loc[cid]
            lines.append(f"  [{c['source']} {c['published']}] {c['speaker_canonical']}: {' '.join(str(c['text']).split())[:400]}")
        lines.append("")
    (out / "judge.txt").write_text("\n".join(lines), encoding="utf-8")
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="random sample of this many articles (default: all 924)")
    ap.add_argument("--out", default="/tmp/polnear_compare")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rebuild", action="store_true", help="re-parse the articles even if OUT/claims.parquet exists")
    ap.add_argument("--extracted", action="store_true", help="claims extracted by the pipeline, not the gold quotes")
    args = ap.parse_args()
    out = Path(args.out)

    t0 = time.perf_counter()
    if args.extracted:
        if args.rebuild or not (out / "claims.parquet").exists():
            records = load_articles(args.articles)
            extract_claims(records, out, args.workers)
            print(f"extracted from {len(records)} articles ({time.perf_counter() - t0:.0f} s)")
    elif args.rebuild or not (out / "claims.parquet").exists():
        records = load_articles(args.articles)
        n = build_claims(records, out, args.workers)
        print(f"claims: {n} gold quotes from {len(records)} articles ({time.perf_counter() - t0:.0f} s)")
    if not args.extracted and (args.rebuild or not (out / "documents.parquet").exists()):
        write_documents(load_articles(args.articles), out)
    timings: dict = {}
    summary = outputs.compare_dir(out, timings=timings)
    print("compare:", json.dumps(summary))
    print("timings:", json.dumps({k: round(v, 2) for k, v in timings.items()}))
    groups = pq.read_table(out / "claim_groups.parquet").to_pandas()
    per = groups.drop_duplicates("group_id")
    multi = per[per["n_sources"] >= 2]
    print(
        f"multi-source groups: {len(multi)}; claims in them: {int(multi['n_claims'].sum())}; "
        f"size distribution: {multi['n_claims'].value_counts().sort_index().to_dict()}"
    )
    chosen = judge_file(out, args.sample, args.seed)
    print(f"sample of {len(chosen)} groups for judging: {out / 'judge.txt'}")
    if JUDGMENTS.exists() and not args.extracted:
        data = json.loads(JUDGMENTS.read_text())
        # verdicts are keyed by the group ids of the time: the SHA-1 of the sorted
        # member claim_ids (today's group_id hashes the earliest member only)
        members = groups.groupby("group_id")["claim_id"].apply(sorted)
        legacy = {g: "g" + hashlib.sha1("\x1f".join(members[g]).encode()).hexdigest()[:16] for g in chosen}
        for name in ("verdicts", "strict"):
            judged = [data[name][legacy[g]] for g in chosen if legacy[g] in data[name]]
            if judged:
                ok = sum(v == "ok" for v in judged)
                print(f"{name}: judged {len(judged)} of {len(chosen)}: precision {ok / len(judged):.2f} ({ok} ok)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
