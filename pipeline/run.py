"""Stage 4b: a corpus folder -> ``documents.parquet`` and ``claims.parquet``.

The unit of work is :func:`process_tasks`: a batch of input tasks -> two Arrow
record batches. It is pure but for the loaded pipeline, so the same function
runs in this process, in ``--workers N`` local processes, or mapped over a
Dask cluster. The main process only writes what comes back, in input order,
through streamed atomic Parquet sinks: memory does not grow with the corpus.
"""

from __future__ import annotations

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
) -> RunSummary:
    """Analyse every article under ``corpus`` and write the tables to ``out_dir``."""
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
    if nlp is None:
        nlp = _load(model)  # once: forked workers inherit it
    from .nlp import model_metadata

    meta = model_metadata(nlp)
    chunks = chunk_tasks(tasks)
    progress = Progress(total=len(tasks), quiet=quiet)
    with ParquetSink(out_dir / "documents.parquet", schema.with_metadata(schema.DOCUMENTS, **meta)) as docs_sink, ParquetSink(
        out_dir / "claims.parquet", schema.with_metadata(schema.CLAIMS, **meta)
    ) as claims_sink:
        seen: dict[str, str] = {}
        for chunk, (docs_batch, claims_batch) in zip(chunks, _map_chunks(chunks, nlp, model, workers)):
            docs_batch, claims_batch = _dedupe_across_batches(docs_batch, claims_batch, seen)
            docs_sink.write(docs_batch)
            claims_sink.write(claims_batch)
            summary.update(docs_batch, claims_batch)
            progress.advance(len(chunk), words=summary.n_words)
    progress.close()
    if compare:
        from .compare import compare_dir

        summary.compare = compare_dir(out_dir)
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
            row.update(
                doc_id=stable_id(row["doc_id"], row["path"], prefix="e"), status="error",
                error=f"duplicate: same content as {seen[row['doc_id']]}", text=None, n_claims=0,
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
