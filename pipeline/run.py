"""Stage 4b: a corpus folder -> ``documents.parquet`` and ``claims.parquet``.

The unit of work is :func:`process_tasks`: a batch of input tasks -> two Arrow
record batches. It is pure but for the loaded pipeline, so the same function
runs in this process, in ``--workers N`` local processes, or mapped over a
Dask cluster. The main process only writes what comes back, in input order,
through streamed atomic Parquet sinks: memory does not grow with the corpus.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .io import schema
from .extract import claim_records, document_record
from .io.ingest import Document, Task, discover, read_task, stable_id
from .io.writer import ParquetSink, remove_stale_partials, to_batch

log = logging.getLogger("claims")

#: Input tasks handed to a worker at once; docs per ``nlp.pipe`` batch.
TASKS_PER_CHUNK = 8
PIPE_BATCH_SIZE = 32


class RunError(Exception):
    """The run itself cannot proceed (bad corpus, unwritable output, missing model)."""


# ----------------------------------------------------------- the pure unit


def process_tasks(nlp, tasks: Sequence[Task]) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """Read, analyse and extract a batch of tasks: (documents batch, claims batch).

    Every input ends as exactly one documents row per article (``error`` rows
    included); a document whose analysis fails becomes an error row and the
    others of the batch go on.
    """
    documents = [doc for task in tasks for doc in read_task(task)]
    documents = _mark_duplicates(documents)
    ok = [d for d in documents if d.status == "ok"]
    analysed = dict(analyse_documents(nlp, ok))
    doc_rows, claim_rows = [], []
    for document in documents:
        result = analysed.get(id(document))
        if isinstance(result, Exception):
            document = document.as_error(f"analysis failed: {type(result).__name__}: {result}")
            result = None
        claims = claim_records(result, document) if result is not None else []
        doc_rows.append(document_record(document, result, len(claims)))
        claim_rows.extend(claims)
    return to_batch(doc_rows, schema.DOCUMENTS), to_batch(claim_rows, schema.CLAIMS)


def _mark_duplicates(documents: list[Document]) -> list[Document]:
    seen: dict[str, str] = {}
    out = []
    for d in documents:
        if d.status == "ok" and d.doc_id in seen:
            d = replace(d, doc_id=stable_id(d.doc_id, d.path, prefix="e")).as_error(f"duplicate: same content as {seen[d.doc_id]}")
        elif d.status == "ok":
            seen[d.doc_id] = d.path
        out.append(d)
    return out


def analyse_documents(nlp, documents: list[Document]) -> Iterator[tuple[int, object]]:
    """(id(document), analysed Doc or the exception that stopped it)."""
    if not documents:
        return
    made = [_make_doc(nlp, d) for d in documents]
    try:
        for document, doc in zip(documents, nlp.pipe(made, batch_size=PIPE_BATCH_SIZE)):
            yield id(document), doc
        return
    except Exception:  # noqa: BLE001 - one bad document must not sink the batch
        log.debug("batch failed, retrying documents one by one", exc_info=True)
    for document in documents:
        try:
            yield id(document), nlp(_make_doc(nlp, document))
        except Exception as exc:  # noqa: BLE001
            yield id(document), exc


def _make_doc(nlp, document: Document):
    doc = nlp.make_doc(document.text)
    doc._.published = document.published  # read by the dates component
    return doc


# ------------------------------------------------------ local parallelism

_WORKER_NLP = None


def _init_worker(model: str | None) -> None:
    global _WORKER_NLP
    from .nlp import load_pipeline

    _WORKER_NLP = load_pipeline(model)


def _worker(tasks: Sequence[Task]) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    return process_tasks(_WORKER_NLP, tasks)


def chunk_tasks(tasks: Sequence[Task], size: int = TASKS_PER_CHUNK) -> list[list[Task]]:
    """Tasks in chunks; a ``.jsonl`` line range is a chunk of its own."""
    chunks, current = [], []
    for task in tasks:
        if task.first_line is not None:
            chunks.append([task])
            continue
        current.append(task)
        if len(current) >= size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


# ---------------------------------------------------------------- the run


@dataclass
class RunSummary:
    n_inputs: int = 0
    n_ok: int = 0
    n_error: int = 0
    n_words: int = 0
    n_claims: int = 0
    kinds: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    compare: dict = field(default_factory=dict)
    incremental: dict = field(default_factory=dict)

    def update(self, docs: pa.RecordBatch, claims: pa.RecordBatch) -> None:
        status = docs.column("status").to_pylist()
        self.n_ok += status.count("ok")
        self.n_error += status.count("error")
        self.n_words += pc.sum(docs.column("n_words")).as_py() or 0
        self.n_claims += claims.num_rows
        self.kinds.update(claims.column("kind").to_pylist())
        self.speakers.update(s for s in claims.column("speaker").to_pylist() if s)
        for path, err in zip(docs.column("path").to_pylist(), docs.column("error").to_pylist()):
            if err:
                self.errors.append((path, err))

    def read_outputs(self, out_dir: Path) -> None:
        """Counts from the tables already in ``out_dir`` (a rerun with nothing new)."""
        docs = pq.read_table(out_dir / "documents.parquet", columns=["path", "status", "error", "n_words"])
        claims = pq.read_table(out_dir / "claims.parquet", columns=["kind", "speaker_canonical"])
        for batch in docs.to_batches():
            status = batch.column("status").to_pylist()
            self.n_ok += status.count("ok")
            self.n_error += status.count("error")
            self.n_words += pc.sum(batch.column("n_words")).as_py() or 0
            self.errors += [(p, e) for p, e in zip(batch.column("path").to_pylist(), batch.column("error").to_pylist()) if e]
        self.n_claims = claims.num_rows
        self.kinds.update(claims.column("kind").to_pylist())
        self.speakers.update(s for s in claims.column("speaker_canonical").to_pylist() if s)
        if (out_dir / "claim_groups.parquet").exists():
            from .compare import summarize

            groups = pq.read_table(out_dir / "claim_groups.parquet", columns=["group_id", "n_sources", "agreement"])
            self.compare = summarize(groups.to_pandas())

    def format(self) -> str:
        lines = [
            f"documents: {self.n_ok + self.n_error} ({self.n_ok} ok, {self.n_error} error)",
            f"words:     {self.n_words:,} in {self.seconds:.1f} s, model loading included ({self.n_words / max(self.seconds, 1e-9):,.0f} words/s)",
            f"claims:    {self.n_claims} ("
            + ", ".join(f"{k} {self.kinds.get(k, 0)}" for k in ("direct", "indirect", "mixed", "reported"))
            + ")",
        ]
        if self.speakers:
            top = ", ".join(f"{name} ({n})" for name, n in self.speakers.most_common(5))
            lines.append(f"speakers:  {len(self.speakers)} distinct; most quoted: {top}")
        if self.compare:
            c = self.compare
            lines.append(
                f"groups:    {c.get('n_groups', 0)} ({c.get('n_multi_source_groups', 0)} across sources; "
                f"{c.get('n_agree', 0)} agree, {c.get('n_conflict', 0)} conflict)"
            )
        inc = self.incremental
        if inc and inc.get("reason") not in (None, "first run"):
            lines.append(
                f"rerun:     {inc.get('analysed', 0)} inputs analysed, {inc.get('reused', 0)} unchanged, "
                f"{inc.get('removed', 0)} gone ({inc.get('reason')})"
            )
        for path, err in self.errors[:10]:
            lines.append(f"error:     {path}: {err}")
        if len(self.errors) > 10:
            lines.append(f"error:     ... and {len(self.errors) - 10} more (see documents.parquet)")
        return "\n".join(lines)


def run(
    corpus: str | Path,
    out_dir: str | Path = "outputs",
    model: str | None = None,
    workers: int = 1,
    quiet: bool = False,
    compare: bool = True,
    nlp=None,
    rebuild: bool = False,
    scheduler: str | None = None,
    dask_workers: int | None = None,
) -> RunSummary:
    """Analyse every article under ``corpus`` and write the tables to ``out_dir``.

    Into a folder that holds an earlier run, only new or changed inputs are
    analysed (``pipeline.incremental``; ``rebuild`` forces a full run).
    ``scheduler`` (a dask.distributed address) or ``dask_workers`` (a local
    Dask cluster of that many workers) map the extraction over Dask
    (``pipeline.cluster``).
    """
    from . import incremental

    t0 = time.perf_counter()
    corpus, out_dir = Path(corpus), Path(out_dir)
    if not corpus.exists():
        raise RunError(f"corpus not found: {corpus}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".claims-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RunError(f"cannot write to output directory {out_dir}: {exc.strerror or exc}") from exc
    for stale in remove_stale_partials(out_dir):
        log.info("removed %s, left by an interrupted run", stale)

    tasks = discover(corpus)
    summary = RunSummary(n_inputs=len(tasks))
    plan = incremental.make_plan(out_dir, tasks, model, compare, rebuild)
    summary.incremental = {"reason": plan.reason, "analysed": len(plan.to_process), "reused": plan.n_reused, "removed": plan.n_removed}
    if plan.noop:
        summary.read_outputs(out_dir)
        summary.seconds = time.perf_counter() - t0
        return summary
    work = plan.to_process
    if nlp is None and (work or not plan.old_meta):
        # once: forked workers inherit it; on Dask it checks the model is installed
        # and gives the metadata and compare's lemmatizer
        nlp = _load(model)
        # the model's objects live as long as the process: out of the collector's
        # sight, so that its full collections during the run do not walk them again
        gc.freeze()
    from .nlp import model_metadata

    meta = model_metadata(nlp) if nlp is not None else {k: plan.old_meta.get(k) for k in ("spacy_model", "spacy_model_version", "spacy_version")}
    chunks = chunk_tasks(work)
    progress = Progress(total=len(work), quiet=quiet)

    def results():
        if scheduler or dask_workers:
            from .cluster import map_chunks

            mapped = map_chunks(chunks, model, address=scheduler, n_workers=dask_workers)
        else:
            mapped = _map_chunks(chunks, nlp, model, workers)
        for chunk, result in zip(chunks, mapped):
            yield result
            progress.advance(len(chunk), words=summary.n_words)

    # the new tables are staged and moved over the old ones only when complete
    with incremental.Staging(out_dir) as stage:
        with ParquetSink(stage.dir / "documents.parquet", schema.with_metadata(schema.DOCUMENTS, **meta)) as docs_sink, ParquetSink(
            stage.dir / "claims.parquet", schema.with_metadata(schema.CLAIMS, **meta)
        ) as claims_sink:
            seen: dict[str, str] = {}
            for docs_batch, claims_batch in plan.merge(chunks, results()):
                docs_batch, claims_batch = _dedupe_across_batches(docs_batch, claims_batch, seen)
                docs_sink.write(docs_batch)
                claims_sink.write(claims_batch)
                summary.update(docs_batch, claims_batch)
        progress.close()
        if compare:
            from .compare import compare_dir

            summary.compare = compare_dir(stage.dir, nlp=nlp)
        stage.commit(plan, compare)
    if compare:
        # one name per speaker across sources, now that compare has filled it
        names = pq.read_table(out_dir / "claims.parquet", columns=["speaker_canonical"]).column(0).to_pylist()
        summary.speakers = Counter(n for n in names if n)
    summary.seconds = time.perf_counter() - t0
    return summary


def _load(model: str | None):
    from .nlp import load_pipeline

    try:
        return load_pipeline(model)
    except OSError as exc:
        raise RunError(f"cannot load spaCy pipeline {model or '(default)'}: {exc}") from exc


def _map_chunks(chunks, nlp, model, workers) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch]]:
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield process_tasks(nlp, chunk)
        return
    global _WORKER_NLP
    method = "spawn" if sys.platform == "darwin" else "fork"
    if method == "fork":
        _WORKER_NLP = nlp  # forked workers share the parent's loaded pipeline
        initializer, initargs = None, ()
    else:
        initializer, initargs = _init_worker, (model,)
    with mp.get_context(method).Pool(workers, initializer=initializer, initargs=initargs) as pool:
        yield from pool.imap(_worker, chunks)


def _dedupe_across_batches(docs: pa.RecordBatch, claims: pa.RecordBatch, seen: dict[str, str]):
    """A document whose content was already seen in an earlier batch becomes a duplicate error row."""
    rows = docs.to_pylist()
    dropped = set()
    for row in rows:
        if row["status"] != "ok":
            continue
        if row["doc_id"] in seen:
            dropped.add(row["doc_id"])
            # the same row as a duplicate found inside one batch (process_tasks), so
            # that the tables do not depend on how inputs were batched
            row.update(
                doc_id=stable_id(row["doc_id"], row["path"], prefix="e"), status="error",
                error=f"duplicate: same content as {seen[row['doc_id']]}", text=None, n_claims=0,
                n_words=0, reference_date=None, reference_date_inferred=None,
            )
        else:
            seen[row["doc_id"]] = row["path"]
    if not dropped:
        return docs, claims
    keep = pc.invert(pc.is_in(claims.column("doc_id"), pa.array(sorted(dropped))))
    return to_batch(rows, schema.DOCUMENTS), claims.filter(keep)


class Progress:
    """A progress bar with ETA on a terminal; periodic log lines otherwise."""

    def __init__(self, total: int, quiet: bool = False, every_seconds: float = 10.0):
        self.total, self.done, self.quiet = total, 0, quiet
        self.t0 = self.last = time.perf_counter()
        self.every = every_seconds
        self.bar = None
        if not quiet and sys.stderr.isatty() and total > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def advance(self, n: int, words: int = 0) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.perf_counter()
        if self.quiet or now - self.last < self.every:
            return  # short runs stay silent; the summary follows
        self.last = now
        elapsed = now - self.t0
        rate = self.done / elapsed if elapsed else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        print(
            f"claims: {self.done}/{self.total} inputs ({100 * self.done / max(self.total, 1):.0f}%), "
            f"{words / max(elapsed, 1e-9):,.0f} words/s, ETA {eta:,.0f} s",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
