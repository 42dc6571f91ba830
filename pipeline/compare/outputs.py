"""The compare stage on an output directory: fills speaker_canonical in claims.parquet and writes claim_groups.parquet."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..io import schema
from ..io.writer import ParquetSink
from .grouping import embedding_enabled, group_claims, judge_enabled
from .judge import load_judge
from .lemmas import shared_lemmatizer
from .params import DEFAULT_MODEL, parameters
from .report import format_groups, summarize
from .speakers import fill_speaker_canonical


_GROUP_INPUT_COLUMNS = ["claim_id", "doc_id", "source", "published", "kind", "text", "speaker", "speaker_type", "entities", "numbers"]


def _file_metadata(pf: pq.ParquetFile) -> dict[str, str]:
    meta = pf.schema_arrow.metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if not k.startswith(b"ARROW:")}


def _conform(batch: pa.Table, target: pa.Schema) -> pa.Table:
    """A table with exactly ``target``'s columns (missing ones null)."""
    cols = []
    for column in target:
        if column.name in batch.column_names:
            cols.append(batch.column(column.name).cast(column.type))
        else:
            cols.append(pa.nulls(batch.num_rows, column.type))
    return pa.Table.from_arrays(cols, schema=target)


def _document_texts(path: Path, doc_ids: set) -> dict[str, str]:
    """doc_id -> analysed text from documents.parquet (empty when there is none)."""
    if not path.exists():
        return {}
    texts: dict[str, str] = {}
    pf = pq.ParquetFile(path)
    if not {"doc_id", "text"} <= set(pf.schema_arrow.names):
        return {}
    for batch in pf.iter_batches(columns=["doc_id", "text"]):
        for d, text in zip(batch.column("doc_id").to_pylist(), batch.column("text").to_pylist()):
            if d in doc_ids and text:
                texts[d] = text
    return texts


def compare_dir(out_dir: str | Path, show: int = 0, timings: dict | None = None, nlp=None) -> dict:
    """Fill ``speaker_canonical`` in ``out_dir/claims.parquet`` and write
    ``out_dir/claim_groups.parquet``; return a summary.

    claims.parquet is rewritten atomically (ParquetSink), row group by row
    group, with the CLAIMS schema and the input's key-value metadata.
    claim_groups.parquet carries the input's model metadata and the grouping
    parameters. With ``show`` > 0 the summary's ``table`` holds
    ``format_groups(out_dir, show)``. ``timings``, when given, receives the
    seconds spent in each step. ``nlp``: the pipeline the claims were parsed
    with (``claims run``), whose tokenizer and lemmatizer tables compare
    reuses instead of loading the model again.
    """
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    path = out_dir / "claims.parquet"
    pf = pq.ParquetFile(path)
    meta = _file_metadata(pf)
    present = set(pf.schema_arrow.names)
    if nlp is not None:
        from ..nlp import model_metadata  # already imported: the run loaded nlp with it

        if meta.get("spacy_model") == model_metadata(nlp)["spacy_model"]:
            shared_lemmatizer(meta["spacy_model"], nlp)  # the run's loaded pipeline, not a second load

    claims = pf.read(columns=[c for c in _GROUP_INPUT_COLUMNS if c in present]).to_pandas()
    texts = _document_texts(out_dir / "documents.parquet", set(claims["doc_id"]))
    filled = fill_speaker_canonical(claims, texts)
    claims["speaker_canonical"] = filled
    timings["speakers"] = time.perf_counter() - t0
    model = meta.get("spacy_model") or DEFAULT_MODEL
    embed = embedding_enabled()
    groups = group_claims(claims, model=model, timings=timings, embed=embed)
    t = time.perf_counter()

    claims_schema = schema.CLAIMS.with_metadata({k.encode(): v.encode() for k, v in meta.items()})
    with ParquetSink(path, claims_schema) as sink:
        offset = 0
        for rg in range(pf.num_row_groups):
            batch = _conform(pf.read_row_group(rg), schema.CLAIMS)
            values = pa.array(filled[offset : offset + batch.num_rows], pa.string())
            offset += batch.num_rows
            batch = batch.set_column(schema.CLAIMS.get_field_index("speaker_canonical"), "speaker_canonical", values)
            for rb in _conform(batch, claims_schema).to_batches():
                sink.write(rb)

    extra = {k: v for k, v in meta.items() if k not in ("schema_version", "pipeline_version")}
    params = parameters(embed)
    if judge_enabled():
        params.update(load_judge().parameters())
    extra["compare_parameters"] = json.dumps(params, sort_keys=True)
    groups_schema = schema.with_metadata(schema.CLAIM_GROUPS, **extra)
    with ParquetSink(out_dir / "claim_groups.parquet", groups_schema) as sink:
        table = pa.Table.from_pandas(groups, schema=schema.CLAIM_GROUPS, preserve_index=False)
        for rb in table.to_batches(max_chunksize=50_000):
            sink.write(pa.RecordBatch.from_arrays(rb.columns, schema=groups_schema))

    timings["write"] = time.perf_counter() - t
    summary = summarize(groups)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    if show:
        summary["table"] = format_groups(out_dir, show)
    return summary
