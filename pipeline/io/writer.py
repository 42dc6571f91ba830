"""Streamed, atomic Parquet writing.

Rows arrive in batches and are written as row groups as they come, so memory
does not grow with the corpus. The file is written under a temporary name in
the target directory and renamed over the final name only when it is complete,
so a crash never leaves a truncated file under the final name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq


def to_batch(rows: Sequence[Mapping], schema: pa.Schema) -> pa.RecordBatch:
    """Rows (dicts keyed by column name) as a record batch of ``schema``."""
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.RecordBatch.from_pydict(columns, schema=schema)


#: The temporary name of a file being written: ``.NAME.XXXXXXXX.partial``.
PARTIAL_GLOB = ".*.parquet.*.partial"


def remove_stale_partials(directory: str | os.PathLike) -> list[Path]:
    """Remove the partial files a killed run left in ``directory`` (ours only, by name)."""
    removed = []
    for path in Path(directory).glob(PARTIAL_GLOB):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


class ParquetSink:
    """Write record batches of one schema to ``path``, atomically.

    Use as a context manager; on an exception the partial file is removed and
    whatever was under ``path`` before stays untouched.
    """

    def __init__(self, path: str | os.PathLike, schema: pa.Schema, row_group_rows: int = 20_000):
        self.path = Path(path)
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.rows_written = 0
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=self.path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = pq.ParquetWriter(self._tmp, schema, compression="zstd")

    def write(self, batch: pa.RecordBatch | Sequence[Mapping]) -> None:
        if not isinstance(batch, pa.RecordBatch):
            batch = to_batch(batch, self.schema)
        if batch.num_rows == 0:
            return
        if batch.schema != self.schema:
            batch = pa.RecordBatch.from_arrays(batch.columns, schema=self.schema)
        self._pending.append(batch)
        self._pending_rows += batch.num_rows
        if self._pending_rows >= self.row_group_rows:
            self._flush()

    def write_all(self, batches: Iterable[pa.RecordBatch | Sequence[Mapping]]) -> None:
        for batch in batches:
            self.write(batch)

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(pa.Table.from_batches(self._pending, schema=self.schema))
            self.rows_written += self._pending_rows
            self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        self._flush()
        self._writer.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> "ParquetSink":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
