"""The Doc extensions our components read and write, registered once."""

from __future__ import annotations

from spacy.tokens import Doc

#: extension -> what sets it
DOC_EXTENSIONS = {
    "published": "the caller (publication date, read by claims_dates)",
    "reference_date": "claims_dates",
    "reference_date_inferred": "claims_dates",
    "dates": "claims_dates",
    "numbers": "claims_numbers",
    "claims": "claims_quotes",
    "quotations": "claims_quotes",
}


def register_extensions() -> None:
    """Register every Doc extension of ``DOC_EXTENSIONS`` (default None); idempotent."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
