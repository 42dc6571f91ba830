"""Stage 4c: the extraction mapped over a dask.distributed cluster.

``claims run CORPUS --scheduler tcp://HOST:PORT`` uses an existing cluster;
``--dask N`` starts a ``LocalCluster`` of N single-threaded worker processes.

* **Tasks** are the chunks of input tasks (``run.chunk_tasks``: up to 8 files,
  or one ``.jsonl`` line range); a task carries paths, not text, so **workers
  read the inputs themselves**: every worker needs the corpus at the same path
  as the client (a shared or network file system), and the ``claims`` package
  with the same model installed.
* **The model loads once per worker** (per worker thread): ``_pipeline``
  caches the loaded spaCy pipeline in the worker's process; nothing but the
  model's name travels with a task.
* **Outputs.** Each task returns the two Arrow record batches of
  ``run.process_tasks``; the client gathers them in input order and writes the
  Parquet files as a local run does, so the tables (doc_ids, claim_ids, groups)
  are the same as a local run's.
* **Failures.** A worker that dies mid-task loses nothing: the scheduler runs
  the task again on another worker. A chunk the scheduler gives up on
  (``KilledWorker``: it was on ``allowed-failures`` + 1 workers that died; the
  ``LocalCluster`` of ``--dask`` allows 1, so twice) is retried file by file,
  and a file that kills workers again becomes an error row. An unreachable
  scheduler is a ``RunError`` (exit 1) after ``CONNECT_TIMEOUT``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from typing import Iterator, Sequence

import pyarrow as pa

from .io.ingest import Document, Task, stable_id

log = logging.getLogger("claims")

#: How long to wait for a scheduler before giving up (exit 1).
CONNECT_TIMEOUT = "10s"
#: Worker deaths a task survives on the ``--dask`` LocalCluster before KilledWorker.
ALLOWED_FAILURES = 1
#: Chunks in flight per worker thread (the client gathers in input order).
AHEAD_PER_THREAD = 4

_PIPELINES: dict[tuple, object] = {}
_LOCK = threading.Lock()


def _pipeline(model: str | None):
    """The loaded pipeline of this worker thread, loaded on its first task."""
    key = (model, threading.get_ident())
    nlp = _PIPELINES.get(key)
    if nlp is None:
        from .nlp import load_pipeline

        with _LOCK:  # spaCy's registry is not safe to populate from several threads at once
            nlp = _PIPELINES[key] = load_pipeline(model)
    return nlp


def process_chunk(tasks: Sequence[Task], model: str | None) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """The Dask task: ``run.process_tasks`` with this worker's loaded pipeline."""
    from .run import process_tasks

    return process_tasks(_pipeline(model), tasks)


def error_batches(tasks: Sequence[Task], reason: str) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """One documents error row per task (and no claims)."""
    from .extract import document_record
    from .io import schema
    from .io.writer import to_batch

    rows = [
        document_record(Document(doc_id=stable_id(t.relpath, str(t.first_line), reason, prefix="e"), path=t.relpath).as_error(reason))
        for t in tasks
    ]
    return to_batch(rows, schema.DOCUMENTS), to_batch([], schema.CLAIMS)


def connect(address: str | None = None, n_workers: int | None = None):
    """(client, cluster or None): a client of the scheduler at ``address``, or of a
    new LocalCluster of ``n_workers`` single-threaded worker processes."""
    from .run import RunError

    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - both are in requirements.txt
        raise RunError(f"dask.distributed is not installed ({exc}); `make install` installs it") from exc
    if address:
        try:
            return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False), None
        except (OSError, TimeoutError) as exc:
            raise RunError(f"cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT}: {exc}") from exc
    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("distributed").setLevel(logging.WARNING)  # no start-up chatter on stderr
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        cluster = LocalCluster(
            n_workers=n_workers or 1,
            threads_per_worker=1,
            processes=True,
            silence_logs=logging.WARNING,
            # no dashboard; the scheduler's HTTP server on a free loopback port, not 8787
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            worker_dashboard_address=None,
        )
    return Client(cluster, set_as_default=False), cluster


def map_chunks(
    chunks: Sequence[Sequence[Task]], model: str | None, address: str | None = None, n_workers: int | None = None
) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch]]:
    """``process_tasks`` of every chunk on the cluster, results in input order."""
    if not chunks:
        return
    client, cluster = connect(address, n_workers)
    run_id = uuid.uuid4().hex[:8]
    try:
        threads = max(sum(client.nthreads().values()), 1)
        ahead = AHEAD_PER_THREAD * threads
        pending: deque = deque()
        submitted = 0

        def submit_more() -> None:
            nonlocal submitted
            while submitted < len(chunks) and len(pending) < ahead:
                chunk = list(chunks[submitted])
                key = f"claims-chunk-{run_id}-{submitted}"
                pending.append((chunk, client.submit(process_chunk, chunk, model, key=key, pure=False)))
                submitted += 1

        submit_more()
        while pending:
            chunk, future = pending.popleft()
            yield _result(client, chunk, future, model, run_id)
            future.release()
            submit_more()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _result(client, chunk, future, model, run_id):
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        log.warning("a chunk of %d inputs killed Dask workers; retrying its inputs one by one", len(chunk))
    # one task per input, so that only the input that kills workers is lost
    from .incremental import one_batch
    from .io import schema

    docs, claims = [], []
    for i, task in enumerate(chunk):
        single = client.submit(process_chunk, [task], model, key=f"claims-single-{run_id}-{uuid.uuid4().hex[:8]}-{i}", pure=False)
        try:
            d, c = single.result()
        except KilledWorker:
            d, c = error_batches([task], "analysis killed its Dask worker twice (crash or out of memory)")
        docs.append(d)
        claims.append(c)
    return one_batch(docs, schema.DOCUMENTS), one_batch(claims, schema.CLAIMS)
