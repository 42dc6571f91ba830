"""The Parquet sink: atomic, streamed, one schema."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pipeline.io import schema
from pipeline.io.writer import ParquetSink


def _doc_row(i):
    return {"doc_id": f"d{i}", "path": f"{i}.txt", "status": "ok", "n_words": i, "n_claims": 0, "text": "x" * 50}


def test_crash_never_leaves_a_truncated_file(tmp_path):
    target = tmp_path / "documents.parquet"
    with ParquetSink(target, schema.DOCUMENTS) as sink:
        sink.write([_doc_row(1)])
    before = target.read_bytes()
    with pytest.raises(RuntimeError):
        with ParquetSink(target, schema.DOCUMENTS, row_group_rows=2) as sink:
            for i in range(10):
                sink.write([_doc_row(i)])
            raise RuntimeError("crash mid-run")
    assert target.read_bytes() == before  # the old complete file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["documents.parquet"]  # no partial left behind


def test_rows_are_streamed_in_row_groups(tmp_path):
    target = tmp_path / "documents.parquet"
    with ParquetSink(target, schema.with_metadata(schema.DOCUMENTS, spacy_model="x"), row_group_rows=100) as sink:
        for start in range(0, 1000, 50):
            sink.write([_doc_row(i) for i in range(start, start + 50)])
            assert sink._pending_rows < 100  # never more than one row group held in memory
    meta = pq.ParquetFile(target).metadata
    assert meta.num_rows == 1000
    assert meta.num_row_groups == 10
    kv = pq.read_schema(target).metadata
    assert kv[b"schema_version"] == schema.SCHEMA_VERSION.encode() and kv[b"spacy_model"] == b"x"
