"""Incremental reruns (pipeline/incremental.py): a rerun into the same folder
analyses only new or changed inputs, and its tables equal a fresh full run's."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import CORPUS
from pipeline import incremental
from pipeline.io.ingest import discover
from pipeline.run import run

TABLES = ("documents", "claims", "claim_groups")

# Small articles written here (never PolNeAR text): one gains a sidecar, one
# is an exact copy of another (a duplicate error row), one goes into a .jsonl.
NEW_ARTICLE = (
    "Ukraine's military said on Tuesday that about 12,000 North Korean soldiers remain in the Kursk region.\n\n"
    '"We will hold the line," Colonel Oleksandr Kindratenko told reporters.'
)
OTHER_ARTICLE = 'The mayor said the bridge would reopen in March. "It is safe," she told the council.'


def _tables(out) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def _assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / "a-other.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    return folder


def test_rerun_analyses_only_new_and_changed_and_equals_a_fresh_run(tmp_path, corpus, nlp):
    out = tmp_path / "out"
    first = run(corpus, out, nlp=nlp, quiet=True)
    assert first.incremental["analysed"] == 3
    old_groups = _tables(out)["claim_groups"]

    # new files (one a copy of an existing article, one in a .jsonl), one
    # changed, one removed
    (corpus / "b-new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / "b-new.json").write_text(json.dumps({"source": "Example Wire", "published": "2025-02-07"}), encoding="utf-8")
    shutil.copy(corpus / "kyivindependent-kursk-strike.txt", corpus / "z-copy.txt")
    shutil.copy(corpus / "kyivindependent-kursk-strike.json", corpus / "z-copy.json")
    (corpus / "d-lines.jsonl").write_text(
        json.dumps({"text": OTHER_ARTICLE + " More to follow.", "source": "Lines"}) + "\n\n", encoding="utf-8"
    )
    (corpus / "a-other.txt").unlink()
    (corpus / "newsaz-zelenskyy-kursk.json").write_text(
        json.dumps({"source": "News.Az", "published": "2025-02-06", "title": "changed"}), encoding="utf-8"
    )
    second = run(corpus, out, nlp=nlp, quiet=True)
    # kyivindependent is reused; b-new, z-copy, d-lines and the changed newsaz are analysed
    assert second.incremental == {"reason": "rerun", "analysed": 4, "reused": 1, "removed": 1}
    fresh = tmp_path / "fresh"
    run(corpus, fresh, nlp=nlp, quiet=True)
    rerun_tables = _tables(out)
    _assert_same(rerun_tables, _tables(fresh))

    documents = rerun_tables["documents"]
    assert documents.path.is_unique  # each path keeps one row
    assert "a-other.txt" not in set(documents.path)  # a deleted file drops its rows
    assert documents.loc[documents.path == "z-copy.txt", "error"].iloc[0].startswith("duplicate: same content as kyivindependent")
    assert documents.loc[documents.path == "newsaz-zelenskyy-kursk.txt", "title"].iloc[0] == "changed"
    # the reused article's claims keep their ids
    kyiv = documents.loc[documents.path == "kyivindependent-kursk-strike.txt", "doc_id"].iloc[0]
    before = set(old_groups.loc[old_groups.doc_id == kyiv, "claim_id"])
    assert before and before <= set(rerun_tables["claims"].claim_id)


def test_nothing_new_rewrites_nothing_and_rebuild_forces_a_full_run(tmp_path, corpus, nlp):
    out = tmp_path / "out"
    run(corpus, out, nlp=nlp, quiet=True)
    stamps = {name: (out / f"{name}.parquet").stat().st_mtime_ns for name in TABLES}
    tables = _tables(out)
    again = run(corpus, out, nlp=nlp, quiet=True)
    assert again.incremental["reason"] == "nothing new" and again.incremental["analysed"] == 0
    assert {name: (out / f"{name}.parquet").stat().st_mtime_ns for name in TABLES} == stamps
    assert again.n_claims == len(tables["claims"]) and again.n_ok == 3
    rebuilt = run(corpus, out, nlp=nlp, quiet=True, rebuild=True)
    assert rebuilt.incremental == {"reason": "--rebuild", "analysed": 3, "reused": 0, "removed": 0}
    _assert_same(_tables(out), tables)


def test_a_failed_rerun_leaves_the_previous_output(tmp_path, corpus, nlp, monkeypatch):
    out = tmp_path / "out"
    run(corpus, out, nlp=nlp, quiet=True)
    tables = _tables(out)
    state = (out / incremental.STATE_FILE).read_text()
    (corpus / "b-new.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    import pipeline.compare

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.compare, "compare_dir", killed)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, nlp=nlp, quiet=True)
    monkeypatch.undo()
    _assert_same(_tables(out), tables)
    assert (out / incremental.STATE_FILE).read_text() == state
    assert not list(out.glob(incremental.STAGING_PREFIX + "*"))
    # and the next run completes the work
    done = run(corpus, out, nlp=nlp, quiet=True)
    assert done.incremental["analysed"] == 1 and done.n_ok == 4


def test_a_changed_pipeline_means_a_full_run(tmp_path, corpus, nlp):
    out = tmp_path / "out"
    run(corpus, out, nlp=nlp, quiet=True)
    state = json.loads((out / incremental.STATE_FILE).read_text())
    state["fingerprint"]["code_sha256"] = "0" * 64
    (out / incremental.STATE_FILE).write_text(json.dumps(state))
    again = run(corpus, out, nlp=nlp, quiet=True)
    assert again.incremental["analysed"] == 3 and "changed" in again.incremental["reason"]


def test_a_link_outside_the_corpus_is_never_read_and_stays_unchanged(tmp_path, corpus, nlp):
    # main's rule holds for the rerun hashes too: nothing outside CORPUS is read
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the corpus", encoding="utf-8")
    (corpus / "link.txt").symlink_to(secret)
    out = tmp_path / "out"
    run(corpus, out, nlp=nlp, quiet=True)
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents.loc[documents.path == "link.txt", "error"].iloc[0].startswith("links outside the corpus")
    [task] = [t for t in discover(corpus) if t.relpath == "link.txt"]
    before = incremental.content_hash(task)
    secret.write_text("changed, and still not read", encoding="utf-8")
    assert incremental.content_hash(task) == before
    assert run(corpus, out, nlp=nlp, quiet=True).incremental["reason"] == "nothing new"


def test_the_command_cleans_up_and_writes_the_report_after_the_swap(tmp_path, corpus):
    from pipeline.cli import main

    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    first_report = (out / "report.html").read_text(encoding="utf-8")
    # what a killed run leaves: a partial table, a staging folder, a partial state file
    (out / ".claims.parquet.abcd1234.partial").write_bytes(b"PAR1")
    (out / (incremental.STAGING_PREFIX + "x1")).mkdir()
    (out / ".claims-state.zz.partial").write_text("{", encoding="utf-8")
    (corpus / "b-new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [incremental.STATE_FILE]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "b-new.txt" not in first_report and "b-new.txt" in report
    assert (out / "report.html").stat().st_mtime_ns >= (out / "documents.parquet").stat().st_mtime_ns
