"""The extraction on a real dask.distributed LocalCluster (pipeline/cluster.py)."""

from __future__ import annotations

import shutil
import time

import pandas as pd
import pytest

from conftest import CORPUS
from pipeline import cluster
from pipeline.run import RunError, run

distributed = pytest.importorskip("distributed")

TABLES = ("documents", "claims", "claim_groups")
ARTICLE = 'Officials in city {k} said {n} homes were without power on Monday. "Crews are working around the clock," the mayor said.'


@pytest.fixture(scope="module")
def local_cluster():
    """Two single-threaded workers in this process (threads), a real scheduler."""
    no_dashboard = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, scheduler_kwargs=no_dashboard) as lc:
        yield lc


@pytest.fixture()
def corpus(tmp_path):
    # the seed articles plus enough small ones for two chunks (tasks) of files
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for k in range(9):
        (folder / f"city-{k}.txt").write_text(ARTICLE.format(k=k, n=1000 + 250 * k), encoding="utf-8")
    return folder


class DeadWorker:
    address = "tcp://127.0.0.1:1"


def _tables(out) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def test_cluster_run_gives_the_tables_of_a_local_run(tmp_path, corpus, nlp, local_cluster):
    local = tmp_path / "local"
    run(corpus, local, nlp=nlp, quiet=True)
    on_cluster = tmp_path / "cluster"
    summary = run(corpus, on_cluster, quiet=True, scheduler=local_cluster.scheduler_address)
    assert summary.n_ok == 11 and summary.incremental["analysed"] == 11
    a, b = _tables(local), _tables(on_cluster)
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    assert len(a["claims"]) > 20 and a["claim_groups"]["group_id"].nunique() < len(a["claims"])


def test_an_input_that_kills_workers_becomes_an_error_row(tmp_path, corpus, local_cluster, monkeypatch):
    original = cluster.process_chunk

    def deadly(tasks, model):
        # what the scheduler reports for a task whose workers died (allowed-failures exceeded)
        if any(t.relpath == "city-3.txt" for t in tasks):
            raise distributed.KilledWorker("claims-test", DeadWorker(), 1)
        return original(tasks, model)

    monkeypatch.setattr(cluster, "process_chunk", deadly)
    out = tmp_path / "out"
    summary = run(corpus, out, quiet=True, compare=False, scheduler=local_cluster.scheduler_address)
    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) == 11 and summary.n_ok == 10
    bad = documents[documents.path == "city-3.txt"].iloc[0]
    assert bad.status == "error" and "killed its Dask worker" in bad.error
    # the other inputs of its chunk were retried one by one and kept
    assert set(documents[documents.status == "ok"].path) == {p for p in documents.path if p != "city-3.txt"}


def test_an_unreachable_scheduler_is_a_run_error(tmp_path, corpus, monkeypatch):
    from pipeline.cli import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")
    t0 = time.perf_counter()
    with pytest.raises(RunError, match="cannot reach the Dask scheduler"):
        run(corpus, tmp_path / "out", quiet=True, scheduler="tcp://127.0.0.1:9")
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--scheduler", "tcp://127.0.0.1:9"]) == 1
    assert time.perf_counter() - t0 < 30
    assert not (tmp_path / "out" / "documents.parquet").exists()


def test_dask_n_starts_a_local_cluster_of_worker_processes(tmp_path, corpus, nlp):
    # the path of `claims run --dask N`: a LocalCluster of N worker processes, each loading the model once
    from pipeline.cli import main

    local = tmp_path / "local"
    run(corpus, local, nlp=nlp, quiet=True, compare=False)
    out = tmp_path / "dask"
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--no-compare", "--no-report", "--dask", "2"]) == 0
    for name in ("documents", "claims"):
        pd.testing.assert_frame_equal(pd.read_parquet(local / f"{name}.parquet"), pd.read_parquet(out / f"{name}.parquet"), obj=name)


@pytest.mark.parametrize("args", [["--dask", "0"], ["--dask", "two"], ["--dask", "2", "--scheduler", "tcp://127.0.0.1:9"]])
def test_bad_cluster_arguments_are_usage_errors(tmp_path, corpus, args):
    from pipeline.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["run", str(corpus), "--out", str(tmp_path / "out"), *args])
    assert exit_.value.code == 2
