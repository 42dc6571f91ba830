"""A learned filter over the attribution rules' candidate claims.

The rules of ``pipeline.attribution.finder`` propose candidates generously (every verb the
training data ever annotated as a cue in a fifth of its uses); a logistic
regression over simple, inspectable features of each candidate (cue lemma, the
rule that found it, its kind, the cue's dependency and tense, the speaker's
type, the content's length, ...) keeps the ones likely to be attributions.
This is the re-ranking step of rule-plus-classifier attribution systems
(cf. Pareti 2016, Scheible et al. 2016), kept deliberately small: the weights
are a JSON table (``models/claim_scorer.json``) trained reproducibly by
``make learn`` (``scripts/train_scorer.py``), applied with a dot product, so
inference needs no machine-learning library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

#: kinds the scorer judges; ``reported`` claims are not attributions
SCORED_KINDS = ("direct", "indirect", "mixed")


def candidate_features(claim, doc: Doc, lex, text: str | None = None) -> dict[str, float]:
    """Features of one candidate claim (``pipeline.attribution.records.ClaimMention``) in its Doc.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access.
    """
    text = doc.text if text is None else text
    content_text = text[claim.start : claim.end]
    f: dict[str, float] = {"bias_rule=" + claim.rule: 1.0, "kind=" + claim.kind: 1.0, f"rule={claim.rule}|kind={claim.kind}": 1.0}
    cue = doc[claim.cue_i] if claim.cue_i is not None else None
    lemma = (claim.cue or "").lower()
    f["lemma=" + lemma] = 1.0
    f[f"lemma={lemma}|kind={claim.kind}"] = 1.0
    prec = lex.learned_precision.get(lemma)
    f["hand_lexicon"] = float(lemma in lex.reporting_verbs)
    f["learned_precision"] = prec if prec is not None else 0.0
    f["not_learned"] = float(prec is None)
    if cue is not None:
        f["dep=" + cue.dep_] = 1.0
        f[f"lemma={lemma}|dep={cue.dep_}"] = 1.0
        f["tag=" + cue.tag_] = 1.0
        f["neg"] = float(any(c.dep_ == "neg" for c in cue.children))
        f["cue_in_relcl"] = float(cue.dep_ in ("relcl", "acl") or any(a.dep_ in ("relcl", "acl") for a in cue.ancestors))
        f["cue_sent_initial"] = float(bool(cue.is_sent_start))
        f["modal"] = float(any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children))
    f["speaker_type=" + (claim.speaker_type or "none")] = 1.0
    mention = (claim.speaker_mention or "").lower()
    f["speaker_pronoun"] = float(mention in ("he", "she", "they", "we", "i", "it", "you", "who"))
    f["speaker_it"] = float(mention in ("it", "this", "that", "which", "what"))
    f["speaker_missing"] = float(claim.speaker is None)
    content = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if content is not None and len(content):
        f["content_first=" + content[0].lower_] = 1.0
        f["content_root_pos=" + content.root.pos_] = 1.0
        f["content_root_dep=" + content.root.dep_] = 1.0
        f["content_has_verb"] = float(any(t.pos_ in ("VERB", "AUX") for t in content))
        f[f"lemma={lemma}|root_dep={content.root.dep_}"] = 1.0
    f[f"lemma={lemma}|speaker_type={claim.speaker_type or 'none'}"] = 1.0
    n_words = len(content_text.split())
    f["log_words"] = math.log1p(n_words)
    f["short_content"] = float(n_words <= 3)
    f["has_quote_mark"] = float(any(ch in content_text for ch in '"“”«»'))
    f["hedged"] = float(claim.hedged)
    return f


@dataclass
class ClaimScorer:
    weights: dict
    bias: float
    threshold: float

    @classmethod
    def from_file(cls, path: str | Path) -> "ClaimScorer":
        return cls.from_data(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: dict) -> "ClaimScorer":
        return cls(weights=data["weights"], bias=float(data["bias"]), threshold=float(data["threshold"]))

    def to_data(self) -> dict:
        """The JSON-able table ``from_data`` reads (what ``claims_quotes`` saves with ``to_disk``)."""
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def keep(self, claims: list, doc: Doc, lex, text: str | None = None) -> list:
        """Score every attributed candidate; drop those under the threshold.

        Fragments of one quotation (or of content split by a parenthetical
        "he said") are kept or dropped whole, on the score of their best fragment.
        """
        text = doc.text if text is None else text
        scored = [c for c in claims if c.kind in SCORED_KINDS]
        for c, p in zip(scored, grouped_scores(scored, [self.probability(candidate_features(c, doc, lex, text)) for c in scored])):
            c.score = p
        return [c for c in claims if c.kind not in SCORED_KINDS or c.score >= self.threshold]


def grouped_scores(claims: list, scores) -> list[float]:
    """Each claim's score, raised to the best score among the fragments of its group."""
    best: dict[int, float] = {}
    for c, s in zip(claims, scores):
        if c.quote_group is not None:
            best[c.quote_group] = max(best.get(c.quote_group, 0.0), s)
    return [best[c.quote_group] if c.quote_group is not None else s for c, s in zip(claims, scores)]
