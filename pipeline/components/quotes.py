"""``claims_quotes``: quotations and reported speech linked to their speakers
(``pipeline.attribution``), as a spaCy component that saves its data.

Its config names its data files relative to ``models/`` (or as absolute paths
of your own files); ``to_disk`` writes the lexicon, the learned cues and the
scorer into the component's folder and ``from_disk`` reads them back, so a
pipeline saved with ``nlp.to_disk`` loads from any folder with ``spacy.load``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .. import MODELS_DIR
from ..attribution.finder import AttributionFinder
from ..attribution.lexicon import AttributionLexicon, default_lexicon
from ..attribution.scorer import ClaimScorer
from . import extensions  # noqa: F401  (registers Doc._.claims and Doc._.quotations)

#: the files ``to_disk`` writes in the component's folder
LEXICON_FILE = "lexicon.json"
LEARNED_CUES_FILE = "learned_cues.json"
SCORER_FILE = "scorer.json"

#: the packaged data the config names by default (files in ``models/``)
DEFAULT_CONFIG = {"lexicon": "attribution.json", "learned_cues": "learned_cues.json", "scorer": "claim_scorer.json"}

#: the config value that turns the learned filter off (to train it, or to see every candidate)
NO_SCORER = "none"


def model_file(name: str, setting: str) -> Path:
    """A data file named in the config: relative to ``models/`` unless absolute;
    empty for the packaged default."""
    path = Path(name or DEFAULT_CONFIG[setting])
    return path if path.is_absolute() else MODELS_DIR / path


class QuoteAttributor:
    """The ``claims_quotes`` component: sets ``Doc._.claims`` and ``Doc._.quotations``."""

    def __init__(self, nlp: Language, name: str, lexicon: str, learned_cues: str, scorer: str):
        self.name = name
        self.lexicon = default_lexicon(model_file(lexicon, "lexicon"), model_file(learned_cues, "learned_cues"))
        path = model_file(scorer, "scorer") if scorer != NO_SCORER else None
        self.scorer = ClaimScorer.from_file(path) if path is not None and path.exists() else None

    def __call__(self, doc: Doc) -> Doc:
        finder = AttributionFinder(doc, self.lexicon, self.scorer)
        doc._.claims = finder.find()
        doc._.quotations = finder.quotes
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        words, learned = self.lexicon.to_data()
        _write_json(path / LEXICON_FILE, words)
        _write_json(path / LEARNED_CUES_FILE, learned)
        if self.scorer is not None:
            _write_json(path / SCORER_FILE, self.scorer.to_data())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuoteAttributor":
        path = Path(path)
        words = json.loads((path / LEXICON_FILE).read_text(encoding="utf-8"))
        learned = json.loads((path / LEARNED_CUES_FILE).read_text(encoding="utf-8"))
        self.lexicon = AttributionLexicon.from_data(words, learned)
        scorer = path / SCORER_FILE
        self.scorer = ClaimScorer.from_data(json.loads(scorer.read_text(encoding="utf-8"))) if scorer.exists() else None
        return self


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


@Language.factory(
    "claims_quotes",
    default_config=DEFAULT_CONFIG,
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.claims", "doc._.quotations"],
)
def make_quote_attributor(nlp: Language, name: str, lexicon: str, learned_cues: str, scorer: str) -> QuoteAttributor:
    """Factory for ``nlp.add_pipe("claims_quotes")`` (after "ner", "claims_numbers" and "claims_dates")."""
    return QuoteAttributor(nlp, name, lexicon, learned_cues, scorer)
