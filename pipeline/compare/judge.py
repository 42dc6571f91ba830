"""The pair judge: whether two claims of different documents state the same thing.

A logistic regression over a few pieces of evidence about a candidate pair
(``PairFeatures``), trained on hand-labelled PolNeAR pairs by
``scripts/train_judge.py`` (``make learn``) and stored in
``models/pair_judge.json``; at run time it is a dot product (numpy, no
scikit-learn). It replaces the hand-set linking rule (link at a lexical score
of 0.6, or a MiniLM cosine of 0.85, or 0.70 with number or quotation evidence).

Two models share the features: the **full** model uses the MiniLM cosine, the
**lexical** model does not. Embedding is the costly step (about 160 claims/s
on two cores), so a pair is first judged by the lexical model; only when its
probability falls inside the model file's ``band`` (chosen on the candidate
pairs of the training run so that the lexical model outside the band agrees
with the full one) are the two claims embedded and the full model asked. The
probability used is the full model's when the pair was embedded, else the
lexical model's.

Method, figures and failure cases: docs/COMPARE.md ("The pair judge").
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
from dataclasses import astuple, dataclass, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import MODELS_DIR
from .features import ClaimFeatures
from .similarity import is_specific, number_evidence, quote_evidence, weighted_overlap
from .agreement import same_counted_thing

#: The committed model (scripts/train_judge.py writes it).
JUDGE_PATH = MODELS_DIR / "pair_judge.json"

#: Days at which the date-gap feature reaches 1 (the blocking window).
GAP_SCALE_DAYS = 30.0


@dataclass(frozen=True)
class PairFeatures:
    """The evidence about one candidate pair, each a number in about [0, 1].

    cosine            MiniLM cosine of the two claim texts (NaN when not embedded)
    jaccard           IDF-weighted Jaccard of the two token bags (statement and entity tokens)
    containment       weighted overlap over the smaller bag (an outlet quoting part of a claim)
    shared_statement  shared statement tokens over the smaller claim's statement tokens
    same_speaker      both canonical speakers known and equal
    other_speaker     both known and different
    number_same       the same specific number (>= 100, not a power of ten) of the same counted thing
    number_value_only a number value shared, but not as ``number_same`` (same value, other thing)
    number_one_side   only one of the two counts something
    quote_shared      one quotes words the other repeats (``quote_evidence``)
    entity_overlap    shared entity tokens over the smaller claim's entity tokens (0 without entities)
    date_gap          published days apart / 30, capped at 1 (0 when a date is missing)
    same_kind         both direct, both indirect, ...
    reported          how many of the two are reported facts (kind ``reported``), 0, 0.5 or 1
    length_ratio      fewer statement tokens over more
    short             the shorter claim has fewer than 5 statement tokens (a topic, not a claim)
    """

    cosine: float
    jaccard: float
    containment: float
    shared_statement: float
    same_speaker: float
    other_speaker: float
    number_same: float
    number_value_only: float
    number_one_side: float
    quote_shared: float
    entity_overlap: float
    date_gap: float
    same_kind: float
    reported: float
    length_ratio: float
    short: float

    def values(self) -> tuple[float, ...]:
        return astuple(self)


#: Feature names in model order.
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PairFeatures))


def pair_features(feat: ClaimFeatures, i: int, j: int, cosine: float | None = None) -> PairFeatures:
    """The ``PairFeatures`` of claims ``i`` and ``j`` (row positions of ``feat``)."""
    ti, tj = feat.sets[i], feat.sets[j]
    inter, wi, wj = weighted_overlap(feat, i, j)
    union = wi + wj - inter
    jaccard = inter / union if union > 0 else 0.0
    smaller = min(wi, wj)
    containment = inter / smaller if smaller > 0 else 0.0
    si, sj = feat.statement_sets[i], feat.statement_sets[j]
    ni, nj = len(si), len(sj)
    shared = len(si & sj) / min(ni, nj) if min(ni, nj) else 0.0
    ei, ej = ti - si, tj - sj
    entity = len(ei & ej) / min(len(ei), len(ej)) if ei and ej else 0.0
    a, b = feat.speaker[i], feat.speaker[j]
    number_same = number_evidence(feat, i, j)
    value_only = False
    if not number_same:
        vi = {x[4] for x in feat.numbers[i] if x[4] is not None}
        value_only = any(y[4] in vi for y in feat.numbers[j] if y[4] is not None)
    di, dj = feat.day[i], feat.day[j]
    gap = 0.0 if (math.isnan(di) or math.isnan(dj)) else min(abs(di - dj) / GAP_SCALE_DAYS, 1.0)
    kinds = feat.kind or [None] * len(feat.tokens)
    ki, kj = kinds[i], kinds[j]
    return PairFeatures(
        cosine=float("nan") if cosine is None else float(cosine),
        jaccard=jaccard,
        containment=containment,
        shared_statement=shared,
        same_speaker=float(a is not None and a == b),
        other_speaker=float(a is not None and b is not None and a != b),
        number_same=float(number_same),
        number_value_only=float(value_only),
        number_one_side=float(feat.counts[i] != feat.counts[j]),
        quote_shared=float(quote_evidence(feat, i, j)),
        entity_overlap=entity,
        date_gap=gap,
        same_kind=float(ki is not None and ki == kj),
        reported=((ki == "reported") + (kj == "reported")) / 2.0,
        length_ratio=min(ni, nj) / max(ni, nj) if max(ni, nj) else 0.0,
        short=float(min(ni, nj) < 5),
    )


def features_version() -> str:
    """sha256 of the code that computes the features (this module's feature
    code and the evidence functions it calls): a model trained on other
    features is refused."""
    from . import features as features_module

    parts = [
        inspect.getsource(PairFeatures),
        inspect.getsource(pair_features),
        inspect.getsource(number_evidence),
        inspect.getsource(quote_evidence),
        inspect.getsource(is_specific),
        inspect.getsource(weighted_overlap),
        inspect.getsource(same_counted_thing),
        inspect.getsource(features_module),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@dataclass
class Judge:
    """The two logistic models, the threshold and the cosine band of a model file."""

    names: tuple[str, ...]
    full_w: np.ndarray
    full_b: float
    lexical_w: np.ndarray
    lexical_b: float
    threshold: float
    band: tuple[float, float]
    sha256: str
    meta: dict

    @classmethod
    def from_file(cls, path: str | Path = JUDGE_PATH) -> "Judge":
        raw = Path(path).read_bytes()
        data = json.loads(raw)
        names = tuple(data["features"])
        if set(names) - set(FEATURE_NAMES):
            raise ValueError(f"{path}: unknown features {sorted(set(names) - set(FEATURE_NAMES))}")
        full = data["full"]
        lex = data["lexical"]
        return cls(
            names=names,
            full_w=np.array([full["weights"].get(n, 0.0) for n in names], dtype=float),
            full_b=float(full["bias"]),
            lexical_w=np.array([lex["weights"].get(n, 0.0) for n in names], dtype=float),
            lexical_b=float(lex["bias"]),
            threshold=float(data["threshold"]),
            band=(float(data["band"][0]), float(data["band"][1])),
            sha256=hashlib.sha256(raw).hexdigest(),
            meta=data.get("provenance", {}),
        )

    def _vector(self, f: PairFeatures) -> np.ndarray:
        return np.array([getattr(f, n) for n in self.names], dtype=float)

    def lexical_probability(self, f: PairFeatures) -> float:
        x = self._vector(f)
        x[np.isnan(x)] = 0.0  # the lexical model has no cosine weight
        return _sigmoid(float(self.lexical_w @ x) + self.lexical_b)

    def full_probability(self, f: PairFeatures) -> float:
        x = self._vector(f)
        if np.isnan(x).any():
            raise ValueError("the full model needs the cosine")
        return _sigmoid(float(self.full_w @ x) + self.full_b)

    def needs_cosine(self, p_lexical: float) -> bool:
        """The lexical model is unsure: the pair is embedded and the full model decides."""
        return self.band[0] <= p_lexical < self.band[1]

    def probability(self, f: PairFeatures) -> float:
        """The full model's probability when the cosine is known, else the lexical model's."""
        if math.isnan(f.cosine):
            return self.lexical_probability(f)
        return self.full_probability(f)

    def parameters(self) -> dict:
        """What claim_groups.parquet records about the judge."""
        return {
            "pair_judge_sha256": self.sha256,
            "pair_judge_threshold": self.threshold,
            "pair_judge_band": list(self.band),
            "pair_judge_labels_sha256": self.meta.get("labels_sha256"),
        }


@lru_cache(maxsize=4)
def load_judge(path: str = str(JUDGE_PATH)) -> Judge | None:
    """The committed judge, or None when the model file is absent."""
    if not Path(path).exists():
        return None
    return Judge.from_file(path)


class PairScorer:
    """Judge probabilities of claim pairs of one run, cached, embedding on demand.

    ``prepare(pairs)`` judges the candidate pairs with the lexical model and
    embeds, in one batch, the claims of the pairs inside the band; ``prob(i, j)``
    then gives any pair's probability (a pair met later, during clustering,
    whose claims are not embedded yet is embedded then)."""

    def __init__(self, feat: ClaimFeatures, judge: Judge, texts: list[str], encoder=None):
        self.feat, self.judge, self.texts, self.encoder = feat, judge, texts, encoder
        if feat.vectors is None:
            feat.vectors = {}
        self.cache: dict[tuple[int, int], float] = {}
        self.n_embedded = 0
        self.n_full = 0

    def _embed(self, claims) -> None:
        need = sorted({k for k in claims if k not in self.feat.vectors})
        if not need or self.encoder is None:
            return
        distinct = sorted({self.texts[k] or "" for k in need})
        vectors = self.encoder.encode(distinct)
        row = {t: r for r, t in enumerate(distinct)}
        for k in need:
            self.feat.vectors[k] = vectors[row[self.texts[k] or ""]]
        self.n_embedded += len(need)

    def prepare(self, pairs: list[tuple[int, int]]) -> None:
        need = []
        for i, j in pairs:
            f = pair_features(self.feat, i, j)
            p = self.judge.lexical_probability(f)
            if self.judge.needs_cosine(p) and self.encoder is not None:
                need.append((i, j))
            else:
                self.cache[(i, j) if i < j else (j, i)] = p
        self._embed([k for p in need for k in p])
        for i, j in need:
            self.cache[(i, j) if i < j else (j, i)] = self._full(i, j)

    def _full(self, i: int, j: int) -> float:
        cos = self.feat.cosine(i, j)
        f = pair_features(self.feat, i, j, cos)
        self.n_full += 1
        return self.judge.probability(f)

    def prob(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        p = self.cache.get(key)
        if p is not None:
            return p
        f = pair_features(self.feat, i, j)
        p = self.judge.lexical_probability(f)
        if self.judge.needs_cosine(p) and self.encoder is not None:
            self._embed(key)
            p = self._full(i, j)
        self.cache[key] = p
        return p
