"""The attribution lexicon: hand word lists (``models/attribution.json``) and
the cues learned from PolNeAR train (``models/learned_cues.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from .. import MODELS_DIR

DEFAULT_LEXICON = MODELS_DIR / "attribution.json"


DEFAULT_LEARNED = MODELS_DIR / "learned_cues.json"

#: learned cues this reliable may attribute a quotation; weaker ones only propose
#: indirect claims for the scorer to accept or reject
STRONG_CUE_PRECISION = 0.5


@dataclass
class AttributionLexicon:
    reporting_verbs: frozenset
    quote_verbs: frozenset
    object_content_verbs: frozenset
    infinitive_content_verbs: frozenset  # 'claimed to have killed', 'admitted wanting to': the 'to' or gerund clause is the content
    next_act_participles: frozenset  # 'reports citing foreign media': a participle after the cue is the speaker's next act
    labelling_verbs: frozenset
    verbs_needing_clause: frozenset
    belief_verbs: frozenset  # verbs of belief or prediction: a clause under them stays inside a longer claim
    source_nouns: frozenset
    claim_nouns: frozenset
    person_nouns: frozenset
    role_titles: frozenset
    male_titles: frozenset
    female_titles: frozenset
    hedges: frozenset
    hedging_cues: frozenset
    verification_verbs: frozenset
    verification_objects: frozenset
    # speaker resolution (pipeline/attribution/speakers.py)
    person_roles: frozenset  # role nouns besides titles: 'the father', 'the archbishop'
    role_qualifiers: frozenset  # ranks that make another role: 'deputy governor' is not 'the governor'
    role_synonyms: frozenset  # space-separated groups: 'minister secretary'
    document_nouns: frozenset  # documents and posts whose issuer is the source: 'the decree'
    issuing_verbs: frozenset  # 'X signed/posted the decree': X issued it
    quantity_nouns: frozenset  # 'thousands said': an amount, not a speaker
    platforms: frozenset  # 'wrote on Twitter': the platform is not the speaker
    organisation_words: frozenset  # words that make a proper noun an organisation's name
    directive_verbs: frozenset  # 'urged / invited / called on X to Y': a directive reported with its object and 'to' clause

    #: verb lemma -> dependents holding its content, learned from annotated news
    learned_cues: dict = field(default_factory=dict)
    #: verb lemma -> share of its uses annotated as a cue in the training data
    learned_precision: dict = field(default_factory=dict)
    #: noun lemma -> dependents holding its content ("his endorsement of X": prep:of)
    learned_noun_cues: dict = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_LEXICON, learned: str | Path | None = DEFAULT_LEARNED) -> "AttributionLexicon":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        learned_data = json.loads(Path(learned).read_text(encoding="utf-8")) if learned and Path(learned).exists() else None
        return cls.from_data(data, learned_data)

    @classmethod
    def from_data(cls, data: dict, learned_data: dict | None = None) -> "AttributionLexicon":
        """From the tables of ``models/attribution.json`` and (optionally) ``models/learned_cues.json``."""
        words = {f: frozenset(w.lower() for w in data.get(f, ())) for f in cls.__dataclass_fields__ if not f.startswith("learned_")}
        cues, precision, nouns = {}, {}, {}
        if learned_data:
            cues = {lemma: tuple(v["content_deps"]) for lemma, v in learned_data["cues"].items()}
            precision = {lemma: float(v["precision"]) for lemma, v in learned_data["cues"].items()}
            nouns = {lemma: tuple(v["content_deps"]) for lemma, v in learned_data.get("noun_cues", {}).items()}
        return cls(**words, learned_cues=cues, learned_precision=precision, learned_noun_cues=nouns)

    def to_data(self) -> tuple[dict, dict]:
        """The word lists and the learned cues as the JSON tables ``from_data`` reads."""
        words = {f: sorted(getattr(self, f)) for f in self.__dataclass_fields__ if not f.startswith("learned_")}
        learned = {
            "cues": {
                lemma: {"content_deps": list(deps), "precision": self.learned_precision[lemma]}
                for lemma, deps in sorted(self.learned_cues.items())
            },
            "noun_cues": {lemma: {"content_deps": list(deps)} for lemma, deps in sorted(self.learned_noun_cues.items())},
        }
        return words, learned

    def is_cue(self, verb: Token, strong: bool = False) -> bool:
        """A verb may report an attribution: in the hand lexicon or the learned one.

        ``strong``: only cues that report an attribution in most of their uses
        (hand lexicon, or learned precision >= STRONG_CUE_PRECISION); used where a
        cue is chosen among several, e.g. for a quotation.
        """
        lemma = verb.lemma_.lower()
        if lemma in self.reporting_verbs:
            return True
        p = self.learned_precision.get(lemma)
        return p is not None and (not strong or p >= STRONG_CUE_PRECISION)

    @staticmethod
    def is_speech_phrase(verb: Token) -> bool:
        """Phrasal verbs of speech whose verb alone is not one: a retort ('Trump shot
        back', 'fired back', 'hit back', 'wrote back') and 'as X put it'."""
        if any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" and c.i == verb.i + 1 for c in verb.children):
            return True
        return verb.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)


_LEXICON_CACHE: dict[str, AttributionLexicon] = {}


def default_lexicon(path: str | Path = DEFAULT_LEXICON, learned: str | Path = DEFAULT_LEARNED) -> AttributionLexicon:
    key = f"{path}|{learned}"
    if key not in _LEXICON_CACHE:
        _LEXICON_CACHE[key] = AttributionLexicon.from_file(path, learned)
    return _LEXICON_CACHE[key]
