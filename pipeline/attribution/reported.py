"""Reported facts: sentences with no attribution that carry a number or a
dated event become ``reported`` claims."""

from __future__ import annotations

from spacy.tokens import Doc

from .records import ClaimMention
from .tokens import char_end, trim_tokens


def reported_claims(doc: Doc, claims: list[ClaimMention], in_quote: list[int]) -> list[ClaimMention]:
    """Sentences with no attribution that carry a number or a dated event."""
    numbers = [n for n in (doc._.get("numbers") if Doc.has_extension("numbers") else None) or []]
    dates = [d for d in (doc._.get("dates") if Doc.has_extension("dates") else None) or [] if getattr(d, "value", None)]
    anchors = [(n.start, n.end) for n in numbers] + [(d.start, d.end) for d in dates]
    if not anchors:
        return []
    found: list[ClaimMention] = []
    attributed = [(c.frame_start, c.frame_end) for c in claims]
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if not any(s <= a < e for a, _ in anchors):
            continue
        if any(fs < e and s < fe for fs, fe in attributed):
            continue
        if not any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "advcl", "relcl", "acl") for t in sent):
            continue
        if sent.text.rstrip().endswith("?") or any(in_quote[t.i] != -1 for t in sent):
            continue
        lo, hi = trim_tokens(doc, sent.start, sent.end)
        if hi - lo < 4:
            continue
        found.append(ClaimMention(kind="reported", start=doc[lo].idx, end=char_end(doc, hi), frame_start=s, frame_end=e))
    return found
