"""Stage 4a: analysed spaCy Docs -> plain claim and document records.

Small pure functions (in the manner of textacy's ``extract`` module): they
read a parsed Doc (``Doc._.claims``, ``Doc._.numbers``, ``Doc._.dates``,
``doc.ents``) and return dicts keyed by the columns of ``schema.CLAIMS`` and
``schema.DOCUMENTS``. Nothing here touches files or Arrow.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .io.ingest import Document, stable_id
from .normalise.words import NUMERIC_ENTITY_LABELS


def claim_records(doc: Doc, document: Document) -> list[dict]:
    """One record per claim of ``doc`` (analysed text of ``document``)."""
    numbers = _ext(doc, "numbers")
    dates = _ext(doc, "dates")
    text = doc.text  # spaCy rebuilds doc.text and doc.ents on every access
    entities = _entity_records(doc)
    records = []
    for claim in _ext(doc, "claims"):
        start, end = claim.start, claim.end
        records.append(
            {
                "claim_id": stable_id(document.doc_id, claim.kind, str(start), str(end), prefix="c"),
                "doc_id": document.doc_id,
                "source": document.source,
                "published": document.published,
                "kind": claim.kind,
                "text": text[start:end],
                "start": start,
                "end": end,
                "sentence": text[claim.frame_start : claim.frame_end].strip(),
                "speaker": claim.speaker,
                # filled across sources by the compare stage; the document's own name until then
                "speaker_canonical": claim.speaker,
                "speaker_type": claim.speaker_type,
                "speaker_start": claim.speaker_start,
                "speaker_end": claim.speaker_end,
                "cue": claim.cue,
                "hedged": bool(claim.hedged),
                "entities": [e for e in entities if start <= e["start"] and e["end"] <= end],
                "numbers": [n.as_record() for n in numbers if start <= n.start and n.end <= end],
                # when it was said is part of the claim too ('told the AP on Feb. 2')
                "dates": [d.as_record() for d in dates if claim.frame_start <= d.start and d.end <= claim.frame_end],
                "quote_id": (
                    stable_id(document.doc_id, "quote", str(claim.quote_group), prefix="q") if claim.quote_group is not None else None
                ),
                "speaker_mention": claim.speaker_mention,
                "confidence": claim.score,
                "speaker_source": getattr(claim, "speaker_source", None),
            }
        )
    return records


def _entity_records(doc: Doc) -> list[dict]:
    """The non-numeric named entities of ``doc`` (numbers have their own column)."""
    return [
        {"text": ent.text, "label": ent.label_, "start": ent.start_char, "end": ent.end_char}
        for ent in doc.ents
        if ent.label_ not in NUMERIC_ENTITY_LABELS
    ]


def document_record(document: Document, doc: Doc | None = None, n_claims: int = 0) -> dict:
    """The ``documents`` row of ``document`` (``doc`` is its analysis, None for error rows)."""
    n_words = sum(1 for t in doc if not (t.is_punct or t.is_space)) if doc is not None else 0
    reference = doc._.get("reference_date") if doc is not None and Doc.has_extension("reference_date") else None
    inferred = doc._.get("reference_date_inferred") if doc is not None and Doc.has_extension("reference_date_inferred") else None
    return {
        "doc_id": document.doc_id,
        "path": document.path,
        "source": document.source,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "status": document.status,
        "error": document.error,
        "text": document.text,
        "n_words": n_words,
        "n_claims": n_claims,
        "language": document.language,
        "published_from": document.published_from,
        "reference_date": reference,
        "reference_date_inferred": bool(inferred) if doc is not None else None,
        "encoding": document.encoding,
        "warning": document.warning,
    }


def _ext(doc: Doc, name: str) -> list:
    return (doc._.get(name) if Doc.has_extension(name) else None) or []
