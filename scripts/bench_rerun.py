"""Benchmark of incremental reruns (README, "Incremental reruns"; issue 14).

Writes the 84 PolNeAR dev articles (``../shared/eval/polnear.dev.jsonl``) to a
temporary corpus as ``.txt`` files with sidecars, and 12 more articles (the
first 12 of ``polnear.train.jsonl``; without it, the last 12 dev articles are
held back from the first run). Each round, as whole ``claims run`` processes
(one worker, compare and the report page included; ``--no-report`` leaves the
page out):

1. the first run of the 84 into an empty folder;
2. the 12 new files added, a rerun into the same folder;
3. a rerun with nothing new;
4. a fresh full run of all 96 into another folder, whose tables must equal
   those of step 2 row for row.

Prints each time and the ratios rerun / first run, then the medians over the
rounds (the machine is shared: medians move less than the best run). Nothing
is written outside a temporary folder, and no article text is kept.

    python scripts/bench_rerun.py [--rounds R] [--no-report]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
TABLES = ("documents", "claims", "claim_groups")


def records(path: Path, n: int | None = None) -> list[dict]:
    out = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            out.append(json.loads(line))
        if n is not None and len(out) >= n:
            break
    return out


def write(corpus: Path, recs: list[dict]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for r in recs:
        name = re.sub(r"[^A-Za-z0-9_-]+", "_", r["id"].split("/")[-1])
        meta = r.get("meta") or {}
        (corpus / f"{name}.txt").write_text(r["text"], encoding="utf-8")
        sidecar = {"source": meta.get("publisher"), "published": meta.get("publication_date"), "title": meta.get("title")}
        (corpus / f"{name}.json").write_text(json.dumps({k: v for k, v in sidecar.items() if v}), encoding="utf-8")


def claims_run(corpus: Path, out: Path, extra: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet", *extra], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-report", action="store_true", help="run `claims run --no-report` (no report.html)")
    args = ap.parse_args()
    extra = ["--no-report"] if args.no_report else []
    dev = records(EVAL / "polnear.dev.jsonl")
    train = EVAL / "polnear.train.jsonl"
    base, new = (dev, records(train, 12)) if train.exists() else (dev[:-12], dev[-12:])
    print(f"first run: {len(base)} articles; then {len(new)} new")
    rows = []
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="claims-rerun-") as tmp:
            tmp = Path(tmp)
            corpus, out, fresh = tmp / "corpus", tmp / "out", tmp / "fresh"
            write(corpus, base)
            first = claims_run(corpus, out, extra)
            write(corpus, new)
            twelve = claims_run(corpus, out, extra)
            nothing = claims_run(corpus, out, extra)
            full = claims_run(corpus, fresh, extra)
            for name in TABLES:
                pd.testing.assert_frame_equal(
                    pd.read_parquet(out / f"{name}.parquet"), pd.read_parquet(fresh / f"{name}.parquet"), obj=name
                )
        rows.append((first, twelve, nothing, full))
        print(
            f"round {r + 1}: first run {first:.1f} s; +{len(new)} new {twelve:.1f} s ({twelve / first:.2f}x); "
            f"nothing new {nothing:.1f} s ({nothing / first:.2f}x); fresh full run of all {full:.1f} s; tables equal"
        )
    first, twelve, nothing, full = (statistics.median(x[i] for x in rows) for i in range(4))

    def ratio(k: int) -> str:
        xs = [x[k] / x[0] for x in rows]
        return f"{statistics.median(xs):.2f}x, range {min(xs):.2f}-{max(xs):.2f}"

    print(
        f"median of {len(rows)}: first {first:.1f} s; +{len(new)} new {twelve:.1f} s ({ratio(1)}); "
        f"nothing new {nothing:.1f} s ({ratio(2)}); fresh full run {full:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
