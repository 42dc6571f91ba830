"""Candidate pairs of claims by blocking: an inverted index over statement tokens within a published-date window."""

from __future__ import annotations


import numpy as np

from .features import ClaimFeatures
from .params import MAX_POSTING_FRACTION, MAX_POSTING_MIN, MIN_CONTENT_TOKENS, MIN_CONTENT_TOKENS_NUMBER, MIN_SHARED_TOKENS, WINDOW_DAYS


def candidate_pairs(feat: ClaimFeatures, window_days: int = WINDOW_DAYS, chunk_pairs: int = 20_000_000) -> np.ndarray:
    """Pairs (i < j, as ``i * n + j``) of claims from different documents that
    share at least MIN_SHARED_TOKENS blocking tokens and were published within
    ``window_days`` of each other.

    Blocking (Christen 2012, "Data Matching", ch. 4): an inverted index from
    token to claims, sorted by published day; each claim is paired only with
    the later claims of the same posting list inside the window, so the work
    grows with the number of near-in-time claims sharing a token, not with n².
    Tokens in more than MAX_POSTING_FRACTION of the claims propose no pairs.
    """
    n = len(feat.tokens)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    lengths = np.fromiter((len(t) for t in feat.statement_tokens), dtype=np.int64, count=n)
    linkable = feat.n_content >= min(MIN_CONTENT_TOKENS, MIN_CONTENT_TOKENS_NUMBER)
    lengths = np.where(linkable, lengths, 0)
    tok = np.concatenate([t for t, ok in zip(feat.statement_tokens, linkable) if ok]) if linkable.any() else np.zeros(0, np.int64)
    claim = np.repeat(np.arange(n, dtype=np.int64), lengths)
    if len(tok) == 0:
        return np.zeros(0, dtype=np.int64)
    df = np.bincount(tok, minlength=len(feat.weights))
    max_df = max(MAX_POSTING_MIN, int(MAX_POSTING_FRACTION * n))
    keep = (df[tok] >= 2) & (df[tok] <= max_df)
    tok, claim = tok[keep], claim[keep]
    if len(tok) == 0:
        return np.zeros(0, dtype=np.int64)
    day = feat.day[claim]
    undated = np.isnan(day)
    day = np.where(undated, 0, day).astype(np.int64)
    # sort postings by (token, undated last, day): dated claims of a token form
    # a run sorted by day, followed by its undated claims
    order = np.lexsort((claim, day, undated, tok))
    tok, claim, day, undated = tok[order], claim[order], day[order], undated[order]
    m = len(tok)
    pos = np.arange(m, dtype=np.int64)
    run_start = np.searchsorted(tok, tok, side="left")
    # dated entries: partners are the later dated entries of the run within the window
    span = int(day.max() - day.min()) + window_days + 2
    key = tok * (2 * span) + undated.astype(np.int64) * span + (day - day.min())
    dated_end = np.searchsorted(key, tok * (2 * span) + span, side="left")
    win_end = np.minimum(np.searchsorted(key, key + window_days, side="right"), dated_end)
    lo = np.where(undated, run_start, pos + 1)
    hi = np.where(undated, pos, win_end)
    count = np.maximum(hi - lo, 0)

    # Every pair is generated from the same one of its two claims in every
    # posting list it shares (the first in the order (undated, day, claim) for
    # dated pairs, the later for undated ones), so chunks of whole claims hold
    # disjoint pairs: shared tokens are counted chunk by chunk and memory stays
    # bounded by ``chunk_pairs``.
    by_claim = np.argsort(claim, kind="stable")
    claim_sorted = claim[by_claim]
    count_sorted = count[by_claim]
    cum = np.cumsum(count_sorted)
    doc = feat.doc
    kept = []
    start = 0
    while start < m:
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + chunk_pairs, side="right"))
        stop = max(stop, start + 1)
        # never split one claim's positions across two chunks
        stop = int(np.searchsorted(claim_sorted, claim_sorted[stop - 1], side="right"))
        sel = by_claim[start:stop]
        c = count[sel]
        total = int(c.sum())
        if total:
            p = np.repeat(sel, c)
            offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
            q = np.repeat(lo[sel], c) + offsets
            a, b = claim[p], claim[q]
            cross = doc[a] != doc[b]
            a, b = a[cross], b[cross]
            uniq, shared = np.unique(np.minimum(a, b) * n + np.maximum(a, b), return_counts=True)
            kept.append(uniq[shared >= MIN_SHARED_TOKENS])
        start = stop
    if not kept:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate(kept))
