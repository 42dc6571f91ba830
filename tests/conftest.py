"""Shared fixtures: the real pipeline, loaded once, and one run over corpus/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, nlp):
    """`claims run corpus/` once for the session: (out dir, documents, claims)."""
    from pipeline.run import run

    out = tmp_path_factory.mktemp("seed-run")
    summary = run(CORPUS, out, nlp=nlp, quiet=True)
    documents = pd.read_parquet(out / "documents.parquet")
    claims = pd.read_parquet(out / "claims.parquet")
    return out, documents, claims, summary
