"""Attributions nested inside a longer attribution's content are part of it."""

from __future__ import annotations

from .records import ClaimMention
from .scorer import SCORED_KINDS

#: kinds that attribute content to a source (``reported`` claims have none): the ones the scorer judges
ATTRIBUTED_KINDS = SCORED_KINDS
#: share of a claim's content inside a longer claim's content that makes it nested
NESTED_SHARE = 0.5


def drop_nested(claims: list[ClaimMention]) -> list[ClaimMention]:
    """Drop attributions whose content lies inside a longer attribution's content.

    In "Sanders said voters who support Clinton want change", "support" and
    "want" make candidate claims inside Sanders's: they are part of what he
    said, not claims of their own, and annotators (PolNeAR, after PARC; Pareti
    2016) mark only the outer attribution in nearly all such cases. A claim is
    nested when at least ``NESTED_SHARE`` of its content is inside a longer
    content; fragments of one quotation count as one content.
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
                dropped.update(id(c) for c in groups[key])
                break
    return [c for c in claims if id(c) not in dropped] if dropped else claims
