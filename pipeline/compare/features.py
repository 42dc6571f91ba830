"""What grouping needs about each claim: IDF-weighted token bags, numbers as intervals of a counted thing, quoted spans."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..normalise.words import NUMERIC_ENTITY_LABELS
from .cells import as_list, string_cell
from .lemmas import Lemmatizer, shared_lemmatizer, lexicon
from .params import APPROX_TOLERANCE, DEFAULT_MODEL, ENTITY_WEIGHT, EXACT_TOLERANCE
from .speakers import canonical_speakers


class CountedKey(NamedTuple):
    """What a number counts, for comparison: head lemma class and sorted modifier lemmas."""

    head: str
    modifiers: tuple[str, ...]


class NumberKey(NamedTuple):
    """What a number measures: ``("c", CountedKey)`` for a counted thing, ``("u", dimension)`` for a unit."""

    kind: str  # "c" (counted) | "u" (unit)
    what: object  # CountedKey | dimension name


class Interval(NamedTuple):
    """A number as a closed interval in its dimension's base unit."""

    dimension: str
    low: float
    high: float


class ClaimNumber(NamedTuple):
    """One number of a claim, as grouping and agreement read it."""

    key: NumberKey | None
    interval: Interval
    text: str | None
    counted: str | None
    value: float | None


def counted_key(counted: str | None, lem: Lemmatizer) -> CountedKey | None:
    """What a number counts as (head lemma class, sorted modifier lemmas):
    "around 12,000 North Korean troops" / "North Korean soldiers" -> ("troop", ("northkorea",))."""
    if not counted:
        return None
    words = [w for w, _ in next(iter(lem.words([counted])))]
    content = lem.content(words)
    if not content:
        return None
    return CountedKey(content[-1], tuple(sorted(set(content[:-1]))))


def entity_key(text: str, lem: Lemmatizer) -> str:
    """An entity for comparison: content lemmas without generic place words
    ("Kursk Oblast" = "the Kursk region" -> "kursk")."""
    words = [w for w, _ in next(iter(lem.words([text])))]
    return " ".join(lem.content(words))


def number_interval(number: dict, units: dict[str, tuple[str, float]]) -> Interval | None:
    """A number as (dimension, low, high) in base units, widened by its tolerance.

    ``low``/``high`` (bounds: "more than 4,000" -> [4000, inf)) win over
    ``value``; an approximate number is widened by APPROX_TOLERANCE, an exact one
    by EXACT_TOLERANCE (rounding). Returns None for a number with nothing to compare.
    """
    value, low, high = number.get("value"), number.get("low"), number.get("high")
    value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    low = None if low is None or (isinstance(low, float) and math.isnan(low)) else float(low)
    high = None if high is None or (isinstance(high, float) and math.isnan(high)) else float(high)
    if low is None and high is None:
        if value is None:
            return None
        low = high = value
    lo = low if low is not None else -math.inf
    hi = high if high is not None else math.inf
    unit = number.get("unit")
    dimension, factor = units.get(unit, (unit or "", 1.0)) if unit else ("", 1.0)
    tol = APPROX_TOLERANCE if number.get("approximate") else EXACT_TOLERANCE
    lo = lo * factor
    hi = hi * factor
    lo = lo * (1 - tol) if lo >= 0 else lo * (1 + tol)
    hi = hi * (1 + tol) if hi >= 0 else hi * (1 - tol)
    return Interval(dimension, lo, hi)


@dataclass
class ClaimFeatures:
    """Everything grouping needs about the claims, one entry per claim."""

    tokens: list[np.ndarray]  # all token ids of a claim, sorted
    sets: list[frozenset]  # the same, as sets (fast pairwise intersection)
    statement_tokens: list[np.ndarray]  # the statement tokens only (blocking)
    statement_sets: list[frozenset]
    n_content: np.ndarray  # statement tokens per claim
    weights: np.ndarray  # token id -> weight (IDF; entities times ENTITY_WEIGHT)
    wlist: list  # ``weights`` as a Python list (fast lookups)
    total: list  # claim -> sum of its token weights
    numbers: list[list[ClaimNumber]]  # claim -> its numbers
    counts: list  # claim -> whether it carries a number of a counted thing
    day: np.ndarray  # published as days since epoch, or NaN
    doc: np.ndarray  # document codes
    speaker: list  # canonical speaker or None
    words: list = None  # claim -> its folded words, punctuation dropped (quotation evidence)
    quoted: list = None  # claim -> its quoted spans as word tuples (all of a direct quote)
    vectors: dict = None  # claim -> unit sentence vector (only the claims embedded)
    kind: list = None  # claim -> kind (direct, indirect, mixed, reported) or None
    quote_cache: dict = field(default_factory=dict)  # (i, j) -> quote_evidence

    def cosine(self, i: int, j: int) -> float | None:
        """Cosine of the two claims' sentence vectors, None unless both are embedded."""
        if not self.vectors:
            return None
        a, b = self.vectors.get(i), self.vectors.get(j)
        return None if a is None or b is None else float(a @ b)


def _entity_spans(ents: list[dict], text: str, claim_start) -> list[tuple[int, int, str, str]]:
    """Entities as (start, end, text, label) relative to the claim text: from the
    document offsets when they fall inside the claim, else found by search."""
    spans = []
    for e in ents:
        etext, label = e.get("text"), e.get("label")
        if not etext:
            continue
        s = e.get("start")
        if claim_start is not None and s is not None and not pd.isna(claim_start):
            rel = int(s) - int(claim_start)
            if 0 <= rel and text[rel : rel + len(etext)] == etext:
                spans.append((rel, rel + len(etext), etext, label))
                continue
        rel = text.find(etext)
        if rel >= 0:
            spans.append((rel, rel + len(etext), etext, label))
    return spans


def claim_features(claims: pd.DataFrame, model: str = DEFAULT_MODEL) -> ClaimFeatures:
    """Token bags and numbers of every claim.

    A claim's bag holds its *statement* tokens (content lemmas of the words
    outside named entities, ``n:`` number values, ``c:`` counted things) and its
    *entity* tokens (``e:`` one per named entity, PERSON names canonicalised
    across the run). Statement tokens propose candidates and must be shared for
    two claims to link; entity tokens count at ENTITY_WEIGHT: who and where a
    claim is about, not what it states (claims that only name the same people
    are not the same claim).
    """
    lem = shared_lemmatizer(model)
    units = lexicon().units
    n = len(claims)
    vocab: dict[str, int] = {}
    bags: list[set[int]] = []
    statement_bags: list[set[int]] = []
    numbers: list[list[ClaimNumber]] = []
    entity_cache: dict[str, str] = {}
    counted_cache: dict[str, tuple | None] = {}

    texts = [t if isinstance(t, str) else "" for t in claims["text"].tolist()]
    entities_col = claims["entities"].tolist() if "entities" in claims else [None] * n
    numbers_col = claims["numbers"].tolist() if "numbers" in claims else [None] * n
    starts = claims["start"].tolist() if "start" in claims else [None] * n
    person_entities = Counter()
    for ents in entities_col:
        for e in as_list(ents):
            if e.get("label") == "PERSON" and e.get("text"):
                person_entities[(e["text"], "PERSON")] += 1
    person_canonical = canonical_speakers(person_entities.elements()) if person_entities else {}

    def tok(s: str) -> int:
        return vocab.setdefault(s, len(vocab))

    kinds = claims["kind"].tolist() if "kind" in claims else [None] * n
    claim_words: list[tuple[str, ...]] = []
    claim_quoted: list[tuple[tuple[str, ...], ...]] = []
    for i, words in enumerate(lem.words(texts)):
        claim_words.append(tuple(w for w, _ in words if w[:1].isalnum()))
        claim_quoted.append(quoted_spans(texts[i], words, kinds[i]))
        spans = [sp for sp in _entity_spans(as_list(entities_col[i]), texts[i], starts[i]) if sp[3] not in NUMERIC_ENTITY_LABELS]
        outside = [w for w, idx in words if not any(a <= idx < b for a, b, _, _ in spans)]
        statement = {tok(w) for w in lem.content(outside)}
        entity_tokens = set()
        for _, _, text, label in spans:
            if label == "PERSON":
                text = person_canonical.get((text, "PERSON"), text)
            key = entity_cache.get(text)
            if key is None:
                key = entity_cache[text] = entity_key(text, lem)
            if key:
                entity_tokens.add(tok("e:" + key))
        claim_numbers = []
        for num in as_list(numbers_col[i]):
            interval = number_interval(num, units)
            counted = num.get("counted")
            ckey = None
            if counted:
                if counted not in counted_cache:
                    counted_cache[counted] = counted_key(counted, lem)
                ckey = counted_cache[counted]
            if ckey is not None:
                statement.add(tok("c:" + ckey.head + "|" + " ".join(ckey.modifiers)))
            if interval is not None:
                value = num.get("value")
                if value is not None and not (isinstance(value, float) and math.isnan(value)):
                    statement.add(tok(f"n:{float(value):g}"))
                key = NumberKey("c", ckey) if ckey is not None else (NumberKey("u", interval.dimension) if interval.dimension else None)
                value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
                claim_numbers.append(ClaimNumber(key, interval, num.get("text"), counted, value))
        numbers.append(claim_numbers)
        statement_bags.append(statement)
        bags.append(statement | entity_tokens)

    df = np.zeros(len(vocab), dtype=np.int64)
    tokens = []
    for bag in bags:
        arr = np.fromiter(sorted(bag), dtype=np.int64, count=len(bag))
        tokens.append(arr)
        df[arr] += 1
    # IDF, smoothed so that a token in every claim of a tiny run still weighs something
    weights = np.log1p(max(n, 1) / np.maximum(df, 1))
    is_entity = np.zeros(len(vocab), dtype=bool)
    for word, t in vocab.items():
        is_entity[t] = word.startswith("e:")
    weights[is_entity] *= ENTITY_WEIGHT
    total = [float(weights[t].sum()) for t in tokens]
    statement_tokens = [np.fromiter(sorted(b), dtype=np.int64, count=len(b)) for b in statement_bags]

    published = pd.to_datetime(claims["published"], errors="coerce") if "published" in claims else pd.Series([pd.NaT] * n)
    day = (published - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float, na_value=np.nan)
    doc = pd.factorize(claims["doc_id"])[0]
    speaker_col = claims["speaker_canonical"].tolist() if "speaker_canonical" in claims else [None] * n
    speaker = [string_cell(s) for s in speaker_col]
    counts = [any(x.key is not None and x.key.kind == "c" for x in nums) for nums in numbers]
    return ClaimFeatures(
        tokens=tokens,
        sets=[frozenset(b) for b in bags],
        statement_tokens=statement_tokens,
        statement_sets=[frozenset(b) for b in statement_bags],
        n_content=np.array([len(b) for b in statement_bags], dtype=np.int32),
        weights=weights,
        wlist=weights.tolist(),
        total=total,
        numbers=numbers,
        counts=counts,
        day=day,
        doc=doc,
        speaker=speaker,
        words=claim_words,
        quoted=claim_quoted,
        kind=[string_cell(k) for k in kinds],
    )


def quoted_spans(text: str, words: list[tuple[str, int]], kind: str | None) -> tuple[tuple[str, ...], ...]:
    """The quoted word sequences of a claim: the words between each pair of
    quotation marks (``attribution.marks.find_quotations``, so curly, straight and
    unclosed quotes are read as in extraction), or all its words for a direct
    quote. ``words``: the claim's (folded word, offset) pairs."""
    if kind == "direct":
        ranges = [(0, len(text))]
    else:
        from ..attribution.marks import find_quotations

        ranges = [(q.start, q.end) for q in find_quotations(text)]
    spans = []
    for a, b in ranges:
        span = tuple(w for w, idx in words if a <= idx < b and w[:1].isalnum())
        if span:
            spans.append(span)
    return tuple(spans)
