"""Claims -> claim groups: features, candidate pairs, the pair judge (or the lexical rule without a model file), average-linkage clustering, the CLAIM_GROUPS table."""

from __future__ import annotations

import hashlib
import os
import time

import numpy as np
import pandas as pd
import pyarrow as pa

from ..io import schema
from .agreement import group_agreement
from .candidates import candidate_pairs
from .cells import string_cell
from .features import ClaimFeatures, claim_features
from .params import DEFAULT_MODEL, FLOOR_THRESHOLD, WINDOW_DAYS
from .judge import Judge, PairScorer, load_judge
from .similarity import link_claims, needs_vectors, similarity


def cluster_judged(feat: ClaimFeatures, scorer: PairScorer, links: list[tuple[float, int, int]], threshold: float) -> list[list[int]]:
    """Average-linkage clustering on the judge's probabilities, along links,
    strongest first: two groups merge only when the mean probability over all
    pairs of their claims from different documents reaches ``threshold``.

    Pairs that are not candidates are judged too (``scorer.prob``), so a claim
    joins a group only when it is judged the same as most of its members in
    probability mass: A-B and B-C linked do not put A with C when the judge
    keeps A and C apart (the mean of a strong and a weak probability stays
    below the threshold). Claims of one document are never compared to each
    other, as in ``cluster_claims``."""
    n = len(feat.tokens)
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    doc = feat.doc
    for _, i, j in links:
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        total, count = 0.0, 0
        for x in a:
            for y in b:
                if doc[x] != doc[y]:
                    total += scorer.prob(x, y)
                    count += 1
        if count and total / count >= threshold:
            _merge(group, members, gi, gj)
    return [sorted(m) for m in members.values()]


def _merge(group: list[int], members: dict[int, list[int]], gi: int, gj: int) -> None:
    """Merge groups ``gi`` and ``gj`` (the smaller into the larger)."""
    a, b = members[gi], members[gj]
    if len(a) < len(b):
        gi, gj, a, b = gj, gi, b, a
    a.extend(b)
    for y in b:
        group[y] = gi
    del members[gj]


def judge_links(
    feat: ClaimFeatures, claims: pd.DataFrame, pairs: np.ndarray, judge: Judge, embed: bool, timings: dict
) -> tuple[PairScorer, list[tuple[float, int, int]]]:
    """The judge's probability of every candidate pair (claims embedded only for
    pairs the lexical model is unsure about) and the links: pairs at the
    judge's threshold or above, strongest first."""
    encoder = None
    if embed:
        from .. import embedding

        # loaded only when a pair in the judge's band needs the cosine
        encoder = embedding.LazyEncoder() if embedding.available() else None
    texts = [t if isinstance(t, str) else "" for t in claims["text"].tolist()]
    scorer = PairScorer(feat, judge, texts, encoder)
    n = len(feat.tokens)
    codes = pairs.tolist()
    pair_list = [divmod(c, n) for c in codes]
    scorer.prepare(pair_list)
    links = []
    for i, j in pair_list:
        p = scorer.prob(i, j)
        if p >= judge.threshold:
            links.append((p, i, j))
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    timings["n_embedded"] = float(scorer.n_embedded)
    timings["n_judged_with_cosine"] = float(scorer.n_full)
    if encoder is not None:
        timings["embedding_load"] = encoder.load_seconds
    return scorer, links


def cluster_claims(feat: ClaimFeatures, links: list[tuple[float, int, int]]) -> list[list[int]]:
    """Agglomerative clustering along links, strongest first; two groups merge
    only when every pair of their claims from different documents reaches
    FLOOR_THRESHOLD (complete linkage on a floor below the link threshold:
    groups grow along strong links but never contain two unrelated claims).
    Claims of one document may share a group when each links to the others'
    group through claims of other documents."""
    n = len(feat.tokens)
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    cache: dict[tuple[int, int], float] = {}

    def sim(a: int, b: int) -> float:
        key = (a, b) if a < b else (b, a)
        s = cache.get(key)
        if s is None:
            s = cache[key] = similarity(feat, *key)
        return s

    for _, i, j in links:
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if all(sim(x, y) >= FLOOR_THRESHOLD for x in a for y in b if feat.doc[x] != feat.doc[y]):
            _merge(group, members, gi, gj)
    return [sorted(m) for m in members.values()]


def group_claims(
    claims: pd.DataFrame,
    model: str = DEFAULT_MODEL,
    window_days: int = WINDOW_DAYS,
    timings: dict | None = None,
    embed: bool | None = None,
    use_judge: bool | None = None,
) -> pd.DataFrame:
    """One row per claim with the CLAIM_GROUPS columns: every claim has a group.

    ``claims``: rows with the CLAIMS columns (at least claim_id, doc_id, source,
    published, text, entities, numbers, speaker_canonical). ``timings``, when
    given, receives the seconds spent in each step. ``embed``: use sentence
    embeddings (default: ``embedding_enabled()``). ``use_judge``: link with the
    pair judge (``models/pair_judge.json``; default: ``judge_enabled()``, off
    unless asked for), else with the lexical rule of ``similarity`` and
    complete-linkage clustering.
    """
    embed = embedding_enabled() if embed is None else embed
    use_judge = judge_enabled() if use_judge is None else use_judge
    timings = {} if timings is None else timings
    claims = claims.reset_index(drop=True)
    if len(claims) == 0:
        return schema.CLAIM_GROUPS.empty_table().to_pandas()
    t = time.perf_counter()
    feat = claim_features(claims, model)
    timings["features"], t = time.perf_counter() - t, time.perf_counter()
    pairs = candidate_pairs(feat, window_days)
    timings["candidates"], t = time.perf_counter() - t, time.perf_counter()
    judge = load_judge() if use_judge else None
    if judge is not None:
        scorer, links = judge_links(feat, claims, pairs, judge, embed, timings)
        timings["judge"], t = time.perf_counter() - t, time.perf_counter()
        groups = cluster_judged(feat, scorer, links, judge.threshold)
        timings["n_judged_in_clustering"] = float(len(scorer.cache))
    else:
        if embed:
            embed_claims(feat, claims, pairs, timings)
            t = time.perf_counter()
        links = link_claims(feat, pairs)
        timings["similarity"], t = time.perf_counter() - t, time.perf_counter()
        groups = cluster_claims(feat, links)
    timings["clustering"], t = time.perf_counter() - t, time.perf_counter()
    timings["n_candidate_pairs"] = float(len(pairs))
    timings["n_links"] = float(len(links))

    table = group_table(claims, feat, groups)
    timings["groups"] = time.perf_counter() - t
    return table.to_pandas()


def judge_enabled() -> bool:
    """The pair judge is used only when asked for (``--judge`` or CLAIMS_JUDGE=1)
    and its model file is there. It is off by default because after grouping on
    the dev split of the labelled pairs it puts fewer same claims together (0.55)
    than the lexical rule (0.82): docs/COMPARE.md section 10."""
    return os.environ.get("CLAIMS_JUDGE", "") not in ("", "0") and load_judge() is not None


def embedding_enabled() -> bool:
    """Sentence embeddings are used unless CLAIMS_NO_EMBEDDING is set (measurement)
    or the model is not installed (``pipeline.embedding.available()``; the model
    itself is loaded only when a pair needs it)."""
    if os.environ.get("CLAIMS_NO_EMBEDDING"):
        return False
    from .. import embedding

    return embedding.available()


def embed_claims(feat: ClaimFeatures, claims: pd.DataFrame, pairs: np.ndarray, timings: dict | None = None) -> int:
    """Sentence vectors (``feat.vectors``) for the claims of the candidate pairs
    the embedding can change (``similarity.needs_vectors``). Returns how many
    claims were embedded; claims with the same text are embedded once."""
    from .. import embedding

    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    feat.vectors = {}
    if len(pairs) == 0:
        return 0
    n = len(feat.tokens)
    need = set()
    for code in pairs.tolist():
        i, j = divmod(code, n)
        if needs_vectors(feat, i, j, similarity(feat, i, j, embedded=False)):
            need.update((i, j))
    if not need:
        return 0  # no pair the embedding could change: the model is not even loaded
    t = time.perf_counter()
    enc = embedding.encoder()
    timings["embedding_load"] = time.perf_counter() - t
    if enc is None:
        return 0
    texts = claims["text"].tolist()
    order = sorted(need)
    distinct = sorted({texts[i] or "" for i in order})
    vectors = enc.encode(distinct)
    row = {text: k for k, text in enumerate(distinct)}
    feat.vectors = {i: vectors[row[texts[i] or ""]] for i in order}
    timings["embedding"] = time.perf_counter() - t0
    timings["n_embedded"] = float(len(order))
    return len(order)


def group_table(claims: pd.DataFrame, feat: ClaimFeatures, groups: list[list[int]]) -> pa.Table:
    """The CLAIM_GROUPS rows of ``groups`` (lists of row positions in ``claims``),
    one per member claim, in the order of ``claims``.

    A document without ``source`` counts as a source of its own in ``n_sources``
    (an unknown outlet is not assumed to be any other).
    """
    n = len(claims)
    claim_ids = claims["claim_id"].astype(str).tolist()
    doc_ids = claims["doc_id"].astype(str).tolist()
    sources = claims["source"].tolist() if "source" in claims else [None] * n
    sources = [string_cell(x) for x in sources]
    outlet = [x if x is not None else "doc:" + d for x, d in zip(sources, doc_ids)]
    published = pd.to_datetime(claims["published"], errors="coerce") if "published" in claims else pd.Series([pd.NaT] * n)
    days = [None if pd.isna(x) else x.strftime("%Y-%m-%d") for x in published]

    gidx = np.empty(n, dtype=np.int64)
    gid = [""] * len(groups)
    agreement: list = [None] * len(groups)
    counted: list = [None] * len(groups)
    rep = [0] * len(groups)
    for g, members in enumerate(groups):
        members = sorted(members, key=lambda i: claim_ids[i])
        gidx[members] = g
        gid[g] = group_id(members, claim_ids, days)
        rep[g] = representative(feat, members, claim_ids)
        if len(members) > 1:
            agreement[g], counted[g] = group_agreement(feat, members)
    frame = pd.DataFrame({"g": gidx, "outlet": outlet, "published": published.to_numpy()})
    by_group = frame.groupby("g")
    n_sources = by_group["outlet"].nunique().reindex(range(len(groups))).to_numpy()
    first = by_group["published"].min().reindex(range(len(groups)))
    last = by_group["published"].max().reindex(range(len(groups)))
    first = [None if pd.isna(x) else x.date() for x in first]
    last = [None if pd.isna(x) else x.date() for x in last]
    sizes = np.bincount(gidx, minlength=len(groups))
    columns = {
        "group_id": [gid[g] for g in gidx],
        "claim_id": claim_ids,
        "n_sources": n_sources[gidx].astype(np.int32),
        "agreement": [agreement[g] for g in gidx],
        "n_claims": sizes[gidx].astype(np.int32),
        "doc_id": doc_ids,
        "source": sources,
        "representative": [claim_ids[rep[g]] for g in gidx],
        "counted": [counted[g] for g in gidx],
        "first_published": [first[g] for g in gidx],
        "last_published": [last[g] for g in gidx],
    }
    return pa.Table.from_pydict(columns, schema=schema.CLAIM_GROUPS)


def group_id(members: list[int], claim_ids: list[str], days: list[str | None]) -> str:
    """``g`` + 16 hex digits of the SHA-1 of the group's *anchor*: its earliest
    member by ``published`` (``days``: ISO dates or None; undated claims after
    dated ones), ties by the smallest ``claim_id``. A group that gains claims
    published later (a corpus growing day by day), or loses members other than
    the anchor, keeps its id, in an incremental rerun and in a fresh run alike."""
    anchor = min(members, key=lambda i: (days[i] is None, days[i] or "", claim_ids[i]))
    return "g" + hashlib.sha1(claim_ids[anchor].encode()).hexdigest()[:16]


def representative(feat: ClaimFeatures, members: list[int], claim_ids: list[str]) -> int:
    """The medoid: the member most similar to the others (ties: the most content,
    then the smallest claim_id)."""
    if len(members) == 1:
        return members[0]
    return min(
        members,
        key=lambda i: (-sum(similarity(feat, i, j) for j in members if j != i), -int(feat.n_content[i]), claim_ids[i]),
    )
