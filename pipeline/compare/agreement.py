"""Whether the numbers of the claims of a group agree or conflict."""

from __future__ import annotations


from .features import ClaimFeatures, ClaimNumber, Interval, NumberKey
from .params import AGREEMENT_WINDOW_DAYS


def same_counted_thing(a: NumberKey | None, b: NumberKey | None) -> bool:
    """Two number keys count the same thing: same unit dimension, or the same
    counted head class with modifiers of one contained in the other's
    ("North Korean troops" = "North Korean soldiers" = "troops")."""
    if a is None or b is None or a.kind != b.kind:
        return False
    if a.kind == "u":
        return a.what == b.what
    (ha, ma), (hb, mb) = a.what, b.what
    return ha == hb and (set(ma) <= set(mb) or set(mb) <= set(ma))


def _compatible(x: Interval, y: Interval) -> bool:
    """Two (dimension, lo, hi) intervals overlap."""
    return x.dimension == y.dimension and x.low <= y.high and y.low <= x.high


def pair_agreement(a: list[ClaimNumber], b: list[ClaimNumber]) -> tuple[str | None, str | None]:
    """Agreement of the numbers of two claims, and the counted thing compared.

    For each pair of matching keys, the claim with fewer numbers of that
    thing must find a compatible number in the other for every one of them
    ("around 12,000 ... more than 4,000 lost" vs "about 12,000": agree;
    "12,000" vs "11,000": conflict). None when no key matches.
    """
    result, counted = None, None
    # keys in the order the claims give them: a set's order changes with the
    # process's string hashing, and with it the ``counted`` reported
    for ka in dict.fromkeys(x.key for x in a if x.key is not None):
        for kb in dict.fromkeys(y.key for y in b if y.key is not None):
            if not same_counted_thing(ka, kb):
                continue
            xs = [x for x in a if x.key == ka]
            ys = [y for y in b if y.key == kb]
            small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
            ok = all(any(_compatible(s.interval, t.interval) for t in large) for s in small)
            counted = counted or next((x.counted for x in xs + ys if x.counted), None) or (ka.what if ka.kind == "u" else None)
            if not ok:
                return "conflict", counted
            result = "agree"
    return result, counted


def group_agreement(feat: ClaimFeatures, members: list[int]) -> tuple[str | None, str | None]:
    """``conflict`` when any two claims of different documents published within
    AGREEMENT_WINDOW_DAYS of each other (or undated) conflict, ``agree`` when
    some agree and none conflict, None otherwise."""
    result, counted = None, None
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            i, j = members[x], members[y]
            if feat.doc[i] == feat.doc[j] or not feat.numbers[i] or not feat.numbers[j]:
                continue
            if abs(feat.day[i] - feat.day[j]) > AGREEMENT_WINDOW_DAYS:
                # a count reported a week apart may have changed ("439 delegates
                # short" in April, "150 short" in May): an update, not a conflict
                continue
            verdict, what = pair_agreement(feat.numbers[i], feat.numbers[j])
            if verdict == "conflict":
                return "conflict", what
            if verdict == "agree":
                result, counted = "agree", counted or what
    return result, counted
