"""Hedged claims: content or cue marks them unverified, or a sentence right
after says they could not be verified."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .lexicon import AttributionLexicon
from .records import ClaimMention
from .tokens import indices_with_lemma


def mark_hedged(claims: list[ClaimMention], doc: Doc, lex: AttributionLexicon, text: str | None = None) -> None:
    """Mark claims whose content or cue marks them unverified, and claims
    before a sentence saying they could not be verified. ``text`` is
    ``doc.text`` when the caller has it (spaCy rebuilds it on every access)."""
    text = doc.text if text is None else text
    for c in claims:
        frame = text[c.frame_start : c.frame_end].lower()
        words = set(re.findall(r"[a-z]+", frame))
        if words & lex.hedges or (c.cue and c.cue in lex.hedging_cues):
            c.hedged = True
    negated: dict[int, list] = {}  # sentence start -> its negated verification verbs, in order
    for i in indices_with_lemma(doc, lex.verification_verbs):
        t = doc[i]
        if any(ch.dep_ == "neg" or ch.lower_ in ("not", "n't", "cannot") for ch in list(t.children) + list(t.head.children)):
            negated.setdefault(t.sent.start, []).append(t)
    for start in negated:
        verbs = negated[start]
        sent = verbs[0].sent
        objs = [ch for v in verbs for ch in v.children if ch.dep_ in ("dobj", "nsubjpass") and ch.lower_ in lex.verification_objects]
        if not objs:
            continue
        # the claims stated in the sentences just before (same or previous paragraph)
        before = [c for c in claims if c.frame_end <= sent.start_char and text[c.frame_end : sent.start_char].count("\n") <= 2]
        for c in before:
            if c.frame_end > previous_sentence_start(doc, sent):
                c.hedged = True


def previous_sentence_start(doc: Doc, sent: Span) -> int:
    if sent.start == 0:
        return 0
    return doc[sent.start - 1].sent.start_char
