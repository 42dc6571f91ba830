"""The hand-labelled PolNeAR pairs and the written test pairs (models/labels/README.md).

The PolNeAR label file must hold references only (PolNeAR text stays in
../shared/eval); these tests read the repository only."""

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "models" / "labels" / "polnear_pairs.jsonl"
WRITTEN = ROOT / "tests" / "fixtures" / "pairs" / "written_pairs.jsonl"
CLAIM_FIELDS = {"article", "outlet", "published", "start", "end", "sentence_start", "sentence_end", "kind", "speaker"}


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_polnear_pairs_hold_references_not_text():
    pairs = _read(LABELS)
    assert len(pairs) >= 600
    assert len({p["pair_id"] for p in pairs}) == len(pairs)
    for p in pairs:
        for side in ("a", "b"):
            claim = p[side]
            assert set(claim) == CLAIM_FIELDS, p["pair_id"]
            assert claim["article"].startswith("polnear/")
            assert 0 <= claim["sentence_start"] <= claim["start"] < claim["end"] <= claim["sentence_end"]
        assert p["a"]["outlet"] != p["b"]["outlet"]
        assert p["label"] in ("same", "different", "unsure") and p["reason"]
        assert p["split"] in ("train", "dev")
        assert len(p["reason"]) < 120


def test_polnear_split_keeps_claims_apart():
    pairs = _read(LABELS)
    sides = {
        split: {(p[s]["article"], p[s]["start"], p[s]["end"]) for p in pairs if p["split"] == split for s in "ab"}
        for split in ("train", "dev")
    }
    assert not sides["train"] & sides["dev"]
    n_dev = sum(p["split"] == "dev" for p in pairs)
    assert 0.25 <= n_dev / len(pairs) <= 0.35
    labels = Counter(p["label"] for p in pairs if p["split"] == "dev")
    assert labels["same"] >= 20 and labels["different"] >= 100


def test_written_pairs_cover_the_cases():
    pairs = _read(WRITTEN)
    assert len(pairs) >= 30
    cases = Counter(p["case"] for p in pairs)
    assert set(cases) == {"paraphrase", "same_speaker", "same_number", "same_number_same_fact", "quotation"}
    for p in pairs:
        assert p["label"] in ("same", "different") and p["reason"]
        assert p["a"]["text"] and p["b"]["text"] and p["a"]["outlet"] != p["b"]["outlet"]
    assert min(cases.values()) >= 5
    labels = Counter(p["label"] for p in pairs)
    assert labels["same"] >= 10 and labels["different"] >= 10
