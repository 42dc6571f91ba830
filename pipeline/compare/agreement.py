"""Whether the numbers of the claims of a group agree or conflict."""

from __future__ import annotations


from .features import ClaimFeatures
from .params import AGREEMENT_WINDOW_DAYS


def same_counted_thing(a, b) -> bool:
    """Two number keys count the same thing: same unit dimension, or the same
    counted head class with modifiers of one contained in the other's
    ("North Korean troops" = "North Korean soldiers" = "troops")."""
    if a is None or b is None or a[0] != b[0]:
        return False
    if a[0] == "u":
        return a[1] == b[1]
    (ha, ma), (hb, mb) = a[1], b[1]
    return ha == hb and (set(ma) <= set(mb) or set(mb) <= set(ma))


def _compatible(x: tuple, y: tuple) -> bool:
    """Two (dimension, lo, hi) intervals overlap."""
    return x[0] == y[0] and x[1] <= y[2] and y[1] <= x[2]


def pair_agreement(a: list[tuple], b: list[tuple]) -> tuple[str | None, str | None]:
    """Agreement of the numbers of two claims, and the counted thing compared.

    For each pair of matching keys, the claim with fewer numbers of that
    thing must find a compatible number in the other for every one of them
    ("around 12,000 ... more than 4,000 lost" vs "about 12,000": agree;
    "12,000" vs "11,000": conflict). None when no key matches.
    """
    result, counted = None, None
    for ka in {x[0] for x in a if x[0] is not None}:
        for kb in {y[0] for y in b if y[0] is not None}:
            if not same_counted_thing(ka, kb):
                continue
            xs = [x for x in a if x[0] == ka]
            ys = [y for y in b if y[0] == kb]
            small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
            ok = all(any(_compatible(s[1], t[1]) for t in large) for s in small)
            counted = counted or next((x[3] for x in xs + ys if x[3]), None) or (ka[1] if ka[0] == "u" else None)
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
