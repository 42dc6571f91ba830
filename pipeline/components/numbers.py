"""``claims_numbers``: ``Doc._.numbers``, the normalised numbers of a Doc (``pipeline.normalise.numbers``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalise.numbers import extract_numbers
from . import extensions  # noqa: F401  (registers Doc._.numbers)


class NumbersComponent:
    """Pipeline component: ``doc._.numbers`` = sorted list of NumberMention."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.numbers = sorted(extract_numbers(doc), key=lambda m: (m.start, m.end))
        return doc


@Language.factory(
    "claims_numbers",
    default_config={},
    requires=["token.dep", "token.tag", "doc.ents"],
    assigns=["doc._.numbers"],
)
def make_numbers(nlp: Language, name: str) -> NumbersComponent:
    """Factory for ``nlp.add_pipe("claims_numbers")`` (after "ner")."""
    return NumbersComponent(nlp, name)
