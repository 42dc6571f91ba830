"""``claims_dates``: ``Doc._.dates`` resolved against ``Doc._.reference_date``
(the publication date, else one inferred from the text; ``pipeline.normalise.dates``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalise.dates import as_date, candidate_spans, resolve_dates, warm_up
from ..normalise.reference_date import infer_reference_date
from . import extensions  # noqa: F401  (registers Doc._.dates, Doc._.reference_date, Doc._.published)


class DatesComponent:
    """Pipeline component: sets reference_date, reference_date_inferred and dates."""

    def __init__(self, nlp: Language, name: str, infer_reference: bool = True):
        self.name = name
        self.infer_reference = infer_reference
        warm_up()

    def __call__(self, doc: Doc) -> Doc:
        spans = candidate_spans(doc)
        published = as_date(doc._.published)
        if published is not None:
            ref, inferred = published, False
        elif self.infer_reference:
            ref = infer_reference_date(doc, spans)
            inferred = ref is not None
        else:
            ref, inferred = None, False
        doc._.reference_date = ref
        doc._.reference_date_inferred = inferred
        doc._.dates = sorted(resolve_dates(doc, ref, spans), key=lambda m: (m.start, m.end))
        return doc


@Language.factory(
    "claims_dates",
    default_config={"infer_reference": True},
    requires=["token.dep", "token.tag", "doc.ents"],
    assigns=["doc._.dates", "doc._.reference_date", "doc._.reference_date_inferred"],
)
def make_dates(nlp: Language, name: str, infer_reference: bool) -> DatesComponent:
    """Factory for ``nlp.add_pipe("claims_dates")`` (after "ner")."""
    return DatesComponent(nlp, name, infer_reference)
