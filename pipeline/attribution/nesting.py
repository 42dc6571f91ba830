"""Attributions nested inside a longer attribution's content are part of it."""

from __future__ import annotations

from spacy.tokens import Doc

from .records import ClaimMention
from .scorer import SCORED_KINDS

#: kinds that attribute content to a source (``reported`` claims have none): the ones the scorer judges
ATTRIBUTED_KINDS = SCORED_KINDS
#: share of a claim's content inside a longer claim's content that makes it nested
NESTED_SHARE = 0.5


def drop_nested(claims: list[ClaimMention], doc: Doc | None = None, lex=None) -> list[ClaimMention]:
    """Drop attributions whose content lies inside a longer attribution's content.

    In "Sanders said voters who support Clinton want change", "support" and
    "want" make candidate claims inside Sanders's: they are part of what he
    said, not claims of their own, and annotators (PolNeAR, after PARC; Pareti
    2016) mark only the outer attribution in nearly all such cases. A claim is
    nested when at least ``NESTED_SHARE`` of its content is inside a longer
    content; fragments of one quotation count as one content.

    With ``doc`` and ``lex``, a claim whose own reporting clause stands inside the
    longer content with a named subject is kept (:func:`own_reporting_clause`).
    """
    groups: dict[tuple, list[ClaimMention]] = {}
    for i, c in enumerate(claims):
        if c.kind in ATTRIBUTED_KINDS:
            groups.setdefault(("q", c.quote_group) if c.quote_group is not None else ("c", i), []).append(c)
    extents = {key: [(c.start, c.end) for c in members] for key, members in groups.items()}
    sizes = {key: sum(e - s for s, e in spans) for key, spans in extents.items()}
    dropped: set[int] = set()
    for key, spans in extents.items():
        for other, other_spans in extents.items():
            if sizes[other] <= sizes[key]:
                continue
            inside = sum(max(0, min(e, oe) - max(s, os)) for s, e in spans for os, oe in other_spans)
            if inside >= NESTED_SHARE * sizes[key]:
                if doc is not None and lex is not None and any(own_reporting_clause(c, other_spans, doc, lex) for c in groups[key]):
                    continue
                dropped.update(id(c) for c in groups[key])
                break
    return [c for c in claims if id(c) not in dropped] if dropped else claims


def own_reporting_clause(claim: ClaimMention, outer: list[tuple[int, int]], doc: Doc, lex) -> bool:
    """The claim's cue is a hand-lexicon speech verb standing, with a named subject,
    inside the longer content: 'The defendants said the guard left. Quirin denied any
    contact.' run together by the parse, or 'X said A while Minister Y wrote B'. Two
    sources report side by side; the inner one is not what the outer source said.
    Verbs of belief or perception ('Sanders said voters think ...') stay nested."""
    if claim.cue_i is None or claim.rule not in ("verb", "quote_fragment", "quote"):
        return False
    cue = doc[claim.cue_i]
    lemma = cue.lemma_.lower()
    if lemma not in lex.reporting_verbs or lemma in lex.verbs_needing_clause or lemma in lex.belief_verbs:
        return False
    if not any(s <= cue.idx < e for s, e in outer):
        return False
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "PROPN" or not any(s <= subj.idx < e for s, e in outer):
        return False
    return _side_by_side(cue)


#: subordinators of a clause that sets a second statement beside the first ('X said A while Y said B')
CONTRASTING_MARKS = ("while", "whereas")


def _side_by_side(cue) -> bool:
    """The cue's clause is coordinated with ('..., but Y denied') or contrasted to
    ('while Y wrote') the clause it hangs on, not its complement."""
    if cue.dep_ == "conj":
        return True
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRASTING_MARKS for c in cue.children)
