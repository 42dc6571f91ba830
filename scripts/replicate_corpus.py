"""Scale measurement of the comparison stage (docs/COMPARE.md, "Scale").

Builds a claims.parquet (and documents.parquet) of about N claims by replicating a real claims file
(by default the PolNeAR stand-in written by scripts/polnear_groups.py, 22,024
gold quotes from 924 articles) R times, each replica a different set of
documents and sources, published D days later, with a fraction of its words
dropped, so that every claim has near-duplicates in other sources inside the
date window (a harder case for blocking and clustering than a real corpus,
where most claims are singletons). Then runs ``compare_dir`` on it and prints
the wall time of each step.

    .venv/bin/python scripts/polnear_groups.py            # once, writes the base
    .venv/bin/python scripts/replicate_corpus.py --claims 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from pipeline.compare import outputs  # noqa: E402
from pipeline.io import schema  # noqa: E402
from pipeline.io.writer import ParquetSink  # noqa: E402


def perturb(text: str, rng: random.Random, drop: float) -> str:
    """The text with about ``drop`` of its words removed (never the first)."""
    words = text.split(" ")
    kept = [w for k, w in enumerate(words) if k == 0 or rng.random() >= drop]
    return " ".join(kept)


def replica_row(row: dict, r: int, shift_days: int, dates: bool) -> dict:
    """Row ``row`` as it stands in replica ``r``: its own ids and outlet, published shifted (or dropped)."""
    new = dict(row)
    new["doc_id"] = f"{row['doc_id']}~{r}"
    new["source"] = f"{row['source'] or 'unknown'}~{r}"
    if not dates:
        new["published"] = None
    elif row["published"] is not None:
        new["published"] = row["published"] + dt.timedelta(days=shift_days * r)
    return new


def replicate(base: Path, out: Path, n_claims: int, shift_days: int, drop: float, seed: int, dates: bool = True) -> int:
    table = pq.read_table(base)
    rows = table.to_pylist()
    replicas = max(1, -(-n_claims // len(rows)))
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items() if not k.startswith(b"ARROW:")}
    meta.pop("schema_version", None)
    meta.pop("pipeline_version", None)
    written = 0
    with ParquetSink(out / "claims.parquet", schema.with_metadata(schema.CLAIMS, **meta)) as sink:
        for r in range(replicas):
            batch = []
            for row in rows:
                if written >= n_claims:
                    break
                new = replica_row(row, r, shift_days, dates)
                new["claim_id"] = f"{row['claim_id']}~{r}"
                if r:
                    new["text"] = perturb(row["text"], rng, drop)
                batch.append(new)
                written += 1
            sink.write(batch)
    docs_path = base.parent / "documents.parquet"
    if docs_path.exists():
        # the documents too, so that speakers are resolved against their texts
        docs = pq.read_table(docs_path).to_pylist()
        with ParquetSink(out / "documents.parquet", schema.with_metadata(schema.DOCUMENTS, **meta)) as sink:
            for r in range(replicas):
                sink.write([replica_row(row, r, shift_days, dates) for row in docs])
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="/tmp/polnear_compare/claims.parquet")
    ap.add_argument("--out", default="/tmp/compare_scale")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--shift-days", type=int, default=9, help="each replica is published this much later")
    ap.add_argument("--drop", type=float, default=0.15, help="fraction of words dropped in each replica")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-dates", action="store_true", help="drop every published date (no window: the worst case)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    n = replicate(Path(args.base), Path(args.out), args.claims, args.shift_days, args.drop, args.seed, dates=not args.no_dates)
    print(f"replicated: {n} claims in {time.perf_counter() - t0:.1f} s -> {args.out}/claims.parquet")

    timings: dict[str, float] = {}
    t1 = time.perf_counter()
    summary = outputs.compare_dir(args.out, timings=timings)
    total = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("compare:", json.dumps(summary))
    print("steps (s):", json.dumps({k: round(v, 1) for k, v in timings.items()}))
    print(f"total {total:.1f} s, peak memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
