"""The pair judge (pipeline/compare/judge.py, models/pair_judge.json) and the
average-linkage clustering that uses it (issue 13)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from conftest import ROOT
from pipeline.compare import judge as judge_module
from pipeline.compare.features import claim_features
from pipeline.compare.grouping import cluster_judged
from pipeline.compare.judge import FEATURE_NAMES, JUDGE_PATH, Judge, PairFeatures, load_judge, pair_features
from pipeline.io import schema

WRITTEN = ROOT / "tests" / "fixtures" / "pairs" / "written_pairs.jsonl"


class FixedScorer:
    """Probabilities given by hand, 0 for every other pair."""

    def __init__(self, probs: dict[tuple[int, int], float]):
        self.probs = {(min(k), max(k)): v for k, v in probs.items()}

    def prob(self, i: int, j: int) -> float:
        return self.probs.get((min(i, j), max(i, j)), 0.0)


def fake_feat(n: int, docs=None):
    return SimpleNamespace(tokens=[()] * n, doc=np.array(docs if docs is not None else range(n)))


def links_of(probs, threshold=0.5):
    return sorted(((p, min(k), max(k)) for k, p in probs.items() if p >= threshold), key=lambda x: (-x[0], x[1], x[2]))


def test_a_chain_does_not_merge_its_ends():
    # A-B and B-C are the same claim, A and C are judged different
    probs = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.05}
    groups = cluster_judged(fake_feat(3), FixedScorer(probs), links_of(probs), 0.5)
    assert sorted(groups) == [[0, 1], [2]]


def test_a_claim_joins_a_group_when_it_matches_most_of_it():
    # a group of three; 3 matches two of them strongly, 4 only one
    probs = {(0, 1): 0.95, (0, 2): 0.95, (1, 2): 0.95, (0, 3): 0.9, (1, 3): 0.7, (2, 3): 0.2, (0, 4): 0.9}
    groups = cluster_judged(fake_feat(5), FixedScorer(probs), links_of(probs), 0.5)
    assert sorted(groups) == [[0, 1, 2, 3], [4]]


def test_claims_of_one_document_are_not_compared_with_each_other():
    # 0 and 1 are one document (never judged); both match 2 of another document
    probs = {(0, 2): 0.9, (1, 2): 0.8}
    groups = cluster_judged(fake_feat(3, [0, 0, 1]), FixedScorer(probs), links_of(probs), 0.5)
    assert sorted(groups) == [[0, 1, 2]]


def test_the_committed_model_matches_the_feature_code():
    data = json.loads(JUDGE_PATH.read_text())
    assert tuple(data["features"]) == FEATURE_NAMES
    assert data["provenance"]["features_version"] == judge_module.features_version(), "features changed: run make learn"
    assert 0 < data["threshold"] < 1 and 0 <= data["band"][0] <= data["band"][1] <= 1
    assert set(data["lexical"]["weights"]) == set(FEATURE_NAMES) - {"cosine"}


def test_the_judge_is_a_dot_product():
    judge = load_judge()
    f = PairFeatures(*([0.5] * len(FEATURE_NAMES)))
    z = judge.full_b + sum(judge.full_w[k] * 0.5 for k in range(len(FEATURE_NAMES)))
    assert judge.full_probability(f) == pytest.approx(1 / (1 + math.exp(-z)))
    lexical = PairFeatures(*([float("nan")] + [0.5] * (len(FEATURE_NAMES) - 1)))
    assert judge.probability(lexical) == judge.lexical_probability(lexical)


# ------------------------------------------------------------------ written pairs


def written_pairs() -> list[dict]:
    return [json.loads(line) for line in WRITTEN.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def judged_written(nlp):
    """Judge probability of every written pair: each claim is a document of its
    own outlet, entities and numbers from the real pipeline, IDF over the 62 claims."""
    from pipeline.extract import _entity_records

    pairs = written_pairs()
    rows = []
    for k, p in enumerate(pairs):
        for side in ("a", "b"):
            c = p[side]
            doc = nlp(c["text"])
            rows.append(
                {
                    "claim_id": f"{p['id']}{side}",
                    "doc_id": f"{p['id']}{side}",
                    "source": c["outlet"],
                    "published": None,
                    "kind": c["kind"],
                    "text": c["text"],
                    "start": 0,
                    "end": len(c["text"]),
                    "sentence": c["text"],
                    "speaker": c["speaker"],
                    "speaker_canonical": c["speaker"],
                    "speaker_type": "PERSON" if c["speaker"] else None,
                    "entities": _entity_records(doc),
                    "numbers": [n.as_record() for n in doc._.numbers],
                    "dates": [],
                }
            )
    claims = pa.Table.from_pylist(rows, schema=schema.CLAIMS).to_pandas()
    feat = claim_features(claims)
    from pipeline import embedding

    vectors = embedding.encoder().encode(claims["text"].tolist())
    feat.vectors = dict(enumerate(vectors))
    judge = load_judge()
    out = []
    for k, p in enumerate(pairs):
        i, j = 2 * k, 2 * k + 1
        out.append((p, judge.probability(pair_features(feat, i, j, feat.cosine(i, j))), judge.threshold))
    return out


def test_the_judge_on_the_written_pairs(judged_written):
    right = [(p["label"] == "same") == (prob >= t) for p, prob, t in judged_written]
    same = [r for r, (p, _, _) in zip(right, judged_written) if p["label"] == "same"]
    different = [r for r, (p, _, _) in zip(right, judged_written) if p["label"] == "different"]
    # figures at the committed model (docs/COMPARE.md): the bar is set a little below them
    assert sum(different) / len(different) >= WRITTEN_DIFFERENT_APART
    assert sum(same) / len(same) >= WRITTEN_SAME_LINKED


def test_same_number_of_different_things_is_mostly_kept_apart(judged_written):
    apart = [prob < t for p, prob, t in judged_written if p["case"] == "same_number" and p["label"] == "different"]
    assert sum(apart) >= 4 and len(apart) == 6  # w14 and w16 are linked (docs/COMPARE.md, failure cases)


def test_a_shared_quotation_links_and_a_rejected_one_mostly_not(judged_written):
    quoted = {p["id"]: prob >= t for p, prob, t in judged_written if p["case"] == "quotation"}
    assert all(quoted[k] for k in ("w25", "w26", "w28", "w30")) and not quoted["w27"]


#: The committed model on the 31 written pairs: 10 of 16 different pairs kept
#: apart (0.63; the fit of 2026-12-05 kept 11-12, but on the PolNeAR dev pairs the
#: refit of 2026-12-06 keeps 0.97 of the different pairs apart against 0.90), 7 of 15
#: same pairs linked (0.47): paraphrases that share few words are missed
#: (docs/COMPARE.md). The bars sit just below.
WRITTEN_DIFFERENT_APART = 0.60
WRITTEN_SAME_LINKED = 0.40


def test_the_judge_is_off_unless_asked_for(monkeypatch):
    from pipeline.cli import build_parser
    from pipeline.compare.grouping import judge_enabled

    monkeypatch.delenv("CLAIMS_JUDGE", raising=False)
    assert not judge_enabled()
    monkeypatch.setenv("CLAIMS_JUDGE", "0")
    assert not judge_enabled()
    monkeypatch.setenv("CLAIMS_JUDGE", "1")
    assert judge_enabled()
    assert build_parser().parse_args(["compare", "out", "--judge"]).judge
    assert build_parser().parse_args(["run", "corpus", "--judge"]).judge
    assert not build_parser().parse_args(["run", "corpus"]).judge
