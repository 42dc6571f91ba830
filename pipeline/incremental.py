"""Incremental reruns: rerunning ``claims run CORPUS --out DIR`` into a DIR that
holds an earlier run analyses only the inputs that are new or changed.

What a run leaves in DIR besides the tables: ``.claims-state.json``, written
last, holding

* ``fingerprint``: what the rows depend on besides the inputs: the spaCy model
  (name and version), spaCy's version, our version and a sha256 over the
  package's source and ``models/`` files. Any difference (another ``--model``,
  an upgrade, an edited lexicon) makes the next run a full one;
* ``outputs``: size and modification time of each table as the run wrote it;
* ``tasks``: every input task (a file, or a line range of a ``.jsonl`` file)
  with the sha256 of its bytes (and its sidecar's, for ``.txt``/``.html``). A link
  that leads outside CORPUS is never read (``io.ingest`` refuses it): it counts
  by where it leads; a file over the size limit by its size and time.

A rerun discovers the inputs again and hashes them. A task whose path and hash
are in the state reuses its rows of the previous ``documents.parquet`` and
``claims.parquet`` (rows are a pure function of the input bytes, its path and
the fingerprint); every other task is analysed. Tasks that are gone are
dropped with their rows (the summary says how many). The tables are then
rewritten in discovery order, duplicates are marked again across the whole
corpus, and the compare stage re-groups all claims: the result equals a fresh
full run. When every task is unchanged, none is gone and the three tables are
the ones the state describes, nothing is rewritten at all.

Safety: the new tables are written into ``DIR/.claims-staging-*`` and moved
over the old ones only when complete (claims, groups, then documents), and the
state is written after them. A run killed before the swap leaves the previous
tables and state untouched (its staging folder and any partial state file
are removed by the next run, as ``io.writer`` removes partial tables); a
run killed during the swap of a few renames leaves a documents table that no
longer matches the state, and the next run is a full one. Reused rows are
checked against the claim counts of their documents row, so a claims table out
of step with documents cannot leak stale rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from .io.ingest import MAX_FILE_BYTES, SIDECAR_FOR, Task, inside

log = logging.getLogger("claims")

STATE_FILE = ".claims-state.json"
STAGING_PREFIX = ".claims-staging-"
#: The state file while it is written (renamed over STATE_FILE when complete).
STATE_PARTIAL_GLOB = ".claims-state.*.partial"
STATE_VERSION = 1
TABLES = ("documents.parquet", "claims.parquet", "claim_groups.parquet")
#: Rows of a documents table whose task is always analysed again on a rerun
#: that changes anything: which copy is "the duplicate" depends on the others.
DUPLICATE_PREFIX = "duplicate:"


# ------------------------------------------------------------- fingerprints


def fingerprint(model: str | None) -> dict:
    """What the rows depend on besides the inputs (without loading the model)."""
    import spacy

    from . import MODELS_DIR, __version__
    from .config import DEFAULT_MODEL

    name = model or DEFAULT_MODEL
    try:
        version = spacy.util.get_package_version(name)
    except Exception:  # noqa: BLE001 - a path, or not a package
        version = None
    h = hashlib.sha256()
    package, models = Path(__file__).resolve().parent, Path(MODELS_DIR).resolve()
    files = [(package, p) for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts]
    files += [(models, p) for p in sorted(models.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    for base, path in files:
        h.update(path.relative_to(base).as_posix().encode() + b"\x1f")
        h.update(path.read_bytes())
    return {
        "spacy_model": name,
        "spacy_model_version": version,
        "spacy_version": spacy.__version__,
        "pipeline_version": __version__,
        "code_sha256": h.hexdigest(),
    }


def task_key(task: Task) -> str:
    return task.relpath if task.first_line is None else f"{task.relpath}#{task.first_line}-{task.last_line}"


def content_hash(task: Task, cache: dict | None = None) -> str | None:
    """sha256 of the task's file (and its sidecar's bytes); None when unreadable.

    What ``read_task`` does not read is not read here either: a symbolic link
    that leads outside CORPUS (file or sidecar) and a file over the size limit
    count by where the link leads, or by size and modification time."""
    cache = {} if cache is None else cache
    if task.relpath in cache:
        return cache[task.relpath]
    root = Path(task.root)
    path = root / task.relpath
    h = hashlib.sha256()
    try:
        _hash_file(h, path, root)
        if path.suffix.lower() in SIDECAR_FOR:
            side = path.with_suffix(".json")
            h.update(b"\x1fsidecar\x1f")
            if side.exists() or side.is_symlink():
                _hash_file(h, side, root)
        digest = h.hexdigest()
    except OSError:
        digest = None  # read_task will make an error row; always analysed
    cache[task.relpath] = digest
    return digest


def _hash_file(h, path: Path, root: Path) -> None:
    if not inside(path, root):
        h.update(b"outside\x1f" + os.fsencode(os.path.realpath(path)))  # an error row; nothing outside CORPUS is read
        return
    st = path.stat()
    if st.st_size > MAX_FILE_BYTES:
        h.update(f"too large\x1f{st.st_size}\x1f{st.st_mtime_ns}".encode())  # an error row, the file unread
        return
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)


def _stat(path: Path) -> list | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def read_state(out_dir: Path) -> dict | None:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else None


# --------------------------------------------------------------------- plan


@dataclass
class Plan:
    """Which tasks to analyse, and how to put old and new rows back in order."""

    tasks: list[Task]
    hashes: list[str | None]
    reuse: list[bool]
    fingerprint: dict
    noop: bool = False
    reason: str = "first run"
    n_removed: int = 0
    old_docs: pa.Table | None = None
    old_claims: pa.Table | None = None
    old_meta: dict = field(default_factory=dict)
    _doc_rows: dict = field(default_factory=dict)  # task index -> old documents row indices
    _claim_rows: dict = field(default_factory=dict)  # doc_id -> old claims row indices

    @property
    def to_process(self) -> list[Task]:
        return [t for t, r in zip(self.tasks, self.reuse) if not r]

    @property
    def n_reused(self) -> int:
        return sum(self.reuse)

    def merge(
        self, chunks: Sequence[Sequence[Task]], results: Iterable[tuple[pa.RecordBatch, pa.RecordBatch]]
    ) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch]]:
        """(documents, claims) batches in discovery order: reused rows from the old
        tables, the others from ``results`` (one per chunk of ``to_process``)."""
        if not any(self.reuse):
            yield from results  # a full run: the batches as they come
            return
        from .io import schema

        done = iter(zip(chunks, results))
        pending: dict[str, tuple] = {}
        docs_out: list[pa.Table] = []
        claims_out: list[pa.Table] = []
        rows = 0
        buffered: set[str] = set()
        old_doc_ids = self.old_docs.column("doc_id")
        for i, task in enumerate(self.tasks):
            if self.reuse[i]:
                d = self._doc_rows[i]
                c = [k for doc_id in old_doc_ids.take(d).to_pylist() for k in self._claim_rows.get(doc_id, ())]
                docs, claims = self.old_docs.take(d), self.old_claims.take(c)
            else:
                key = task_key(task)
                while key not in pending:  # chunk_tasks may put a .jsonl range first
                    pending.update(_split(*next(done)))
                docs_batch, claims_batch, d, c = pending.pop(key)
                docs = pa.Table.from_batches([docs_batch.take(pa.array(d, pa.int64()))])
                claims = pa.Table.from_batches([claims_batch.take(pa.array(c, pa.int64()))])
            ids = set(docs.column("doc_id").to_pylist())
            if ids & buffered:
                # an exact copy of a document in this batch: the copy goes to the
                # next batch, where the duplicate check drops its claims only
                yield one_batch(docs_out, schema.DOCUMENTS), one_batch(claims_out, schema.CLAIMS)
                docs_out, claims_out, rows, buffered = [], [], 0, set()
            buffered |= ids
            docs_out.append(_conform(docs, schema.DOCUMENTS))
            claims_out.append(_conform(claims, schema.CLAIMS))
            rows += docs.num_rows
            if rows >= 256:
                yield one_batch(docs_out, schema.DOCUMENTS), one_batch(claims_out, schema.CLAIMS)
                docs_out, claims_out, rows, buffered = [], [], 0, set()
        if docs_out:
            yield one_batch(docs_out, schema.DOCUMENTS), one_batch(claims_out, schema.CLAIMS)

    def state(self, compare: bool, out_dir: Path) -> dict:
        return {
            "version": STATE_VERSION,
            "fingerprint": self.fingerprint,
            "compare": bool(compare),
            "outputs": {name: _stat(out_dir / name) for name in TABLES},
            "tasks": {task_key(t): h for t, h in zip(self.tasks, self.hashes) if h is not None},
        }


def _conform(table: pa.Table, target: pa.Schema) -> pa.Table:
    return pa.Table.from_arrays(table.columns, schema=target)


def one_batch(parts: Sequence[pa.Table | pa.RecordBatch], target: pa.Schema) -> pa.RecordBatch:
    """Tables or record batches of ``target``'s columns as one record batch."""
    tables = [p if isinstance(p, pa.Table) else pa.Table.from_batches([p]) for p in parts if p.num_rows]
    if not tables:
        return pa.RecordBatch.from_pylist([], schema=target)
    return pa.concat_tables(tables).combine_chunks().to_batches()[0]


def _split(chunk: Sequence[Task], result: tuple[pa.RecordBatch, pa.RecordBatch]) -> dict:
    """A chunk's (documents, claims) batches -> task key -> (docs, claims, doc rows, claim rows)."""
    docs, claims = result
    by_doc: dict[str, list[int]] = {}
    for k, doc_id in enumerate(claims.column("doc_id").to_pylist()):
        by_doc.setdefault(doc_id, []).append(k)
    out = {task_key(t): (docs, claims, [], []) for t in chunk}
    files = {t.relpath: task_key(t) for t in chunk if t.first_line is None}
    ranges = [(t.relpath, t.first_line, t.last_line, task_key(t)) for t in chunk if t.first_line is not None]
    for k, (path, doc_id) in enumerate(zip(docs.column("path").to_pylist(), docs.column("doc_id").to_pylist())):
        key = files.get(path)
        if key is None:
            rel, _, line = path.rpartition("#")
            rel, line = (rel, int(line)) if rel and line.isdigit() else (path, None)
            key = next((kk for r, f, l, kk in ranges if r == rel and (line is None or f <= line <= l)), None)
        if key is None:
            raise RuntimeError(f"row of {path} matches no task of its chunk")
        out[key][2].append(k)
        out[key][3].extend(by_doc.get(doc_id, ()))
    return out


def make_plan(out_dir: Path, tasks: list[Task], model: str | None, compare: bool, rebuild: bool = False) -> Plan:
    """Decide which tasks a run into ``out_dir`` must analyse."""
    from .run import chunk_tasks

    # the order a full run writes rows in: chunk by chunk (a .jsonl range is a
    # chunk of its own, placed before the files that share its stretch)
    tasks = [t for chunk in chunk_tasks(tasks) for t in chunk]
    fp = fingerprint(model)
    cache: dict = {}
    hashes = [content_hash(t, cache) for t in tasks]
    plan = Plan(tasks=list(tasks), hashes=hashes, reuse=[False] * len(tasks), fingerprint=fp)
    state = read_state(out_dir)
    if rebuild:
        plan.reason = "--rebuild"
        return plan
    if state is None:
        plan.reason = "first run" if not (out_dir / "documents.parquet").exists() else "no usable rerun state"
        return plan
    if state.get("fingerprint") != fp:
        plan.reason = "the model, spaCy or this package changed since the last run"
        return plan
    outputs = state.get("outputs") or {}
    if outputs.get("documents.parquet") is None or _stat(out_dir / "documents.parquet") != outputs.get("documents.parquet"):
        plan.reason = "documents.parquet is not the one the last run wrote"
        return plan
    old = state.get("tasks") or {}
    keys = [task_key(t) for t in tasks]
    unchanged = [h is not None and old.get(k) == h for k, h in zip(keys, hashes)]
    plan.n_removed = len(set(old) - set(keys))
    same_tables = all(_stat(out_dir / name) == outputs.get(name) for name in TABLES[:2]) and (
        not compare or _stat(out_dir / TABLES[2]) == outputs.get(TABLES[2])
    )
    if all(unchanged) and plan.n_removed == 0 and bool(state.get("compare")) == bool(compare) and same_tables:
        plan.noop, plan.reuse, plan.reason = True, [True] * len(tasks), "nothing new"
        return plan
    try:
        docs_file = pq.ParquetFile(out_dir / "documents.parquet")
        old_docs = docs_file.read()
        old_claims = pq.read_table(out_dir / "claims.parquet")
    except (OSError, pa.ArrowInvalid) as exc:
        plan.reason = f"previous tables unreadable ({exc})"
        return plan
    meta = {k.decode(): v.decode() for k, v in (docs_file.schema_arrow.metadata or {}).items() if not k.startswith(b"ARROW:")}
    # reused claims go through the compare stage again, as fresh ones do
    if "speaker" in old_claims.column_names and "speaker_canonical" in old_claims.column_names:
        idx = old_claims.schema.get_field_index("speaker_canonical")
        old_claims = old_claims.set_column(idx, old_claims.schema.field(idx), old_claims.column("speaker"))
    old_claims = old_claims.replace_schema_metadata(None)
    old_docs = old_docs.replace_schema_metadata(None)

    claim_rows: dict[str, list[int]] = {}
    for k, doc_id in enumerate(old_claims.column("doc_id").to_pylist()):
        claim_rows.setdefault(doc_id, []).append(k)
    by_path: dict[str, list[int]] = {}
    for k, path in enumerate(old_docs.column("path").to_pylist()):
        base = path.rsplit("#", 1)[0] if "#" in path else path
        by_path.setdefault(base, []).append(k)
    paths = old_docs.column("path").to_pylist()
    status = old_docs.column("status").to_pylist()
    errors = old_docs.column("error").to_pylist()
    doc_ids = old_docs.column("doc_id").to_pylist()
    n_claims = old_docs.column("n_claims").to_pylist()
    doc_rows: dict[int, list[int]] = {}
    for i, task in enumerate(tasks):
        if not unchanged[i]:
            continue
        rows = by_path.get(task.relpath, [])
        if task.first_line is not None:
            rows = [k for k in rows if "#" in paths[k] and task.first_line <= int(paths[k].rsplit("#", 1)[1]) <= task.last_line]
        else:
            rows = [k for k in rows if paths[k] == task.relpath]
        if task.first_line is None and not rows:
            continue  # a file always has a row: something is off, analyse it
        if any((errors[k] or "").startswith(DUPLICATE_PREFIX) for k in rows):
            continue  # which copy is the duplicate depends on the rest of the corpus
        if any(status[k] == "ok" and len(claim_rows.get(doc_ids[k], ())) != n_claims[k] for k in rows):
            continue  # claims.parquet out of step with documents.parquet
        doc_rows[i] = rows
        plan.reuse[i] = True
    plan.old_docs, plan.old_claims, plan.old_meta = old_docs, old_claims, meta
    plan._doc_rows, plan._claim_rows = doc_rows, claim_rows
    plan.reason = "rerun"
    return plan


# ------------------------------------------------------------------ staging


class Staging:
    """A folder inside DIR for the new tables; ``commit`` moves them over the old ones."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        for stale in self.out_dir.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed run
        for stale in self.out_dir.glob(STATE_PARTIAL_GLOB):
            stale.unlink(missing_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))

    def commit(self, plan: Plan, compare: bool) -> None:
        (self.out_dir / STATE_FILE).unlink(missing_ok=True)
        for name in ("claims.parquet", "claim_groups.parquet", "documents.parquet"):
            staged = self.dir / name
            if staged.exists():
                os.replace(staged, self.out_dir / name)
            elif name == "claim_groups.parquet":
                # groups of an earlier run no longer match these claims
                (self.out_dir / name).unlink(missing_ok=True)
        state = plan.state(compare, self.out_dir)
        fd, tmp = tempfile.mkstemp(prefix=".claims-state.", suffix=".partial", dir=self.out_dir)  # STATE_PARTIAL_GLOB
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh)
        os.replace(tmp, self.out_dir / STATE_FILE)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
