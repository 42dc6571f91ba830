"""Content lemmas of claim words from spaCy's lemmatizer tables, without running the tagger."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .. import MODELS_DIR
from ..lexicons import reporting_verbs
from ..normalise.units import UNIT_DIMENSIONS
from .params import DEFAULT_MODEL


LEXICON_PATH = MODELS_DIR / "compare.json"


#: Generic words dropped from place names ("Kursk Oblast" = "the Kursk region").
PLACE_GENERIC = frozenset({"oblast", "region", "province", "county", "district", "krai", "governorate"})


#: Reporting cues: every quote has one, so they say nothing about content. The
#: reporting verbs of the attribution stage (``pipeline.lexicons``) and "accord"
#: (the lemma of "according to").
CUE_LEMMAS = reporting_verbs() | {"accord"}


_WORD = re.compile(r"^[a-z][a-z0-9.'\-]*$")


@dataclass(frozen=True)
class Lexicon:
    synonyms: dict[str, str]
    phrases: dict[str, str]
    units: dict[str, tuple[str, float]]  # ``normalise.units.UNIT_DIMENSIONS``, the one unit table


@lru_cache(maxsize=1)
def lexicon(path: str | Path = LEXICON_PATH) -> Lexicon:
    """Synonym classes and phrase rewrites from ``models/compare.json``, and the unit table."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    synonyms = {}
    for members in data.get("synonyms", []):
        for word in members:
            synonyms[word] = members[0]
    return Lexicon(synonyms=synonyms, phrases=dict(data.get("phrases", {})), units=UNIT_DIMENSIONS)


def fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes and dashes made ASCII."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return text.lower()


class Lemmatizer:
    """Lemmas from spaCy's English rule lemmatizer tables without running the
    tagger: a word takes its noun lemma when a noun rule gives a known noun,
    else its verb lemma when a verb rule gives a known verb (troops -> troop,
    fleeing -> flee, seen -> see; his -> his). The tagger would cost ~1.5 ms per
    claim; this is cached per distinct word, and a word is lemmatised the same
    way in every claim, which is what matching needs."""

    def __init__(self, model: str = DEFAULT_MODEL, nlp=None):
        """``nlp``: a loaded pipeline of ``model`` (``claims run`` hands over the
        one it parsed with) whose tokenizer and lemmatizer tables are used
        instead of loading the model a second time."""
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner", "senter", "attribute_ruler"])
            except OSError:
                nlp = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "senter", "attribute_ruler"])
        self.nlp = nlp
        self.tokenizer = nlp.tokenizer
        self._rule_lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._nouns: frozenset = frozenset()
        self._verbs: frozenset = frozenset()
        self._words: frozenset = frozenset()
        self._adjectives: frozenset = frozenset()
        self._rules: dict[str, tuple] = {}
        if self._rule_lemmatizer is not None:
            index = self._rule_lemmatizer.lookups.get_table("lemma_index", {})
            self._nouns = frozenset(index.get("noun", ()))
            self._verbs = frozenset(index.get("verb", ()))
            self._adjectives = frozenset(index.get("adj", ()))
            self._words = self._nouns | self._verbs | self._adjectives | frozenset(index.get("adv", ()))
            exceptions = self._rule_lemmatizer.lookups.get_table("lemma_exc", {})
            rules = self._rule_lemmatizer.lookups.get_table("lemma_rules", {})
            for pos, known in (("noun", self._nouns), ("verb", self._verbs)):
                self._rules[pos] = (known, dict(exceptions.get(pos, {})), [tuple(r) for r in rules.get(pos, [])])
        self.stop_words = stop_words()
        self._cache: dict[str, str] = {}
        lex = lexicon()
        self.synonyms = lex.synonyms
        self.phrases = lex.phrases

    def lemma(self, word: str) -> str:
        """The noun lemma when a noun rule yields a known noun, else the verb
        lemma when a verb rule yields a known verb, else the word (stop words
        and unknown forms stay as they are: "his" is not "hi", "bias" not "bia")."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = word
        if self._rule_lemmatizer is not None and word.isalpha() and word not in self.stop_words:
            for pos, known in (("noun", self._nouns), ("verb", self._verbs)):
                form = next((f for f in self.rule_forms(word, pos) if f != word and f in known), None)
                if form:
                    result = form
                    break
        self._cache[word] = result
        return result

    def rule_forms(self, word: str, pos: str) -> list[str]:
        """spaCy's ``Lemmatizer.rule_lemmatize`` for a token of ``pos`` ("noun"
        or "verb") without morphology, on sets instead of its lists: the same
        forms in the same order, without a linear search of the 57,000 nouns
        for every candidate form (which made it 0.1-0.3 ms a call)."""
        known, exceptions, rules = self._rules[pos]
        if not (known or exceptions or rules):
            return [word.lower()]
        orig, string = word, word.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in known:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms

    def is_adjective(self, word: str) -> bool:
        """Whether a lower-case word is an English adjective in the lemmatizer's tables."""
        return word in self._adjectives

    def is_word(self, word: str) -> bool:
        """Whether a lower-case word is an English noun, verb, adjective or
        adverb in the lemmatizer's tables."""
        return word in self._words

    def content(self, words: Sequence[str]) -> list[str]:
        """Content lemmas of folded lower-case words: lemmatised, phrases
        rewritten ("front line" -> frontline), stop words and reporting cues
        removed, synonyms mapped to their class."""
        lemmas = [self.lemma(w) for w in words if _WORD.match(w)]
        out = []
        i = 0
        while i < len(lemmas):
            pair = lemmas[i] + " " + lemmas[i + 1] if i + 1 < len(lemmas) else None
            if pair is not None and pair in self.phrases:
                out.append(self.phrases[pair])
                i += 2
                continue
            out.append(self.phrases.get(lemmas[i], lemmas[i]))
            i += 1
        return [
            self.synonyms.get(w, w)
            for w in out
            if len(w) > 1 and w not in self.stop_words and w not in CUE_LEMMAS and w not in PLACE_GENERIC
        ]

    def words(self, texts: Iterable[str]) -> Iterable[list[tuple[str, int]]]:
        """Folded lower-case words of each text with their character offsets."""
        for doc in self.tokenizer.pipe(t or "" for t in texts):
            yield [(_fold_word(t.text), t.idx) for t in doc if not t.is_space]


#: ``fold`` of one token: a corpus repeats its words, and unicodedata is slow.
_fold_word = lru_cache(maxsize=1 << 16)(fold)


@lru_cache(maxsize=1)
def stop_words() -> frozenset:
    """spaCy's English stop words, as written and folded."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {fold(w) for w in STOP_WORDS}


_LEMMATIZERS: dict[str, Lemmatizer] = {}


def shared_lemmatizer(model: str, nlp=None) -> Lemmatizer:
    """One Lemmatizer per model name; ``nlp``, a loaded pipeline of that model,
    saves loading it again (``claims run`` hands over the one it parsed with)."""
    lem = _LEMMATIZERS.get(model)
    if lem is None:
        lem = _LEMMATIZERS[model] = Lemmatizer(model, nlp=nlp)
    return lem
