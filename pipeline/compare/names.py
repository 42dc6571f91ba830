"""Speaker names taken apart: title, given names and surname (``parse_person``), organisation keys, and the word lists and text folding they use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .lemmas import shared_lemmatizer, fold
from .params import DEFAULT_MODEL, FUZZY_MIN_LEN, NAME_FUZZY_RATIO


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


#: Words that name a government department after "<title> of" ("Secretary of
#: State", "Minister of Foreign Affairs", "Secretary of Homeland Security"): part
#: of the office, not of the person's name. Only read as titles in that position.
DEPARTMENT_WORDS = frozenset(
    """
    state foreign affairs home homeland security defense defence interior finance
    treasury justice commerce energy education labor labour health transportation
    transport agriculture housing veterans trade economy economic internal external
    joint chiefs staff
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
NOT_GIVEN_NAMES = frozenset(
    {"republican", "republicans", "democrat", "democratic", "democrats", "gop", "conservative", "liberal", "then", "former"}
)


#: Reflexive pronouns written after a name ("Mr. Rubio himself").
REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})


#: Lower-case particles that belong to a surname ("Ursula von der Leyen").
SURNAME_PARTICLES = frozenset(
    {
        "de",
        "da",
        "das",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "di",
        "du",
        "ter",
        "ten",
    }
)


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


_POSSESSIVE = re.compile(r"(?:'s|')$")


_PAREN = re.compile(r"\s*\([^)]*\)")


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
    # (a lower-case "of" phrase, a reflexive) is not part of it. An "of" right
    # after a title ("Secretary of State Antony Blinken") names the office, and
    # the name comes after it.
    for k in range(1, len(written)):
        if written[k] in ("of", "from") and _is_name_word(written[k - 1]):
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
    office = False  # inside "<title> of <department words>"
    for i, low in enumerate(bare):
        whole = written[pieces[i][1]]  # case is judged on the written word: "Jong-un", "front-runner"
        if low in TITLE_WORDS and not _title_word_is_surname(words, bare, i):
            start = i + 1
        elif low in DETERMINERS or low in VAGUE_MODIFIERS:
            start = i + 1
        elif office and low in DEPARTMENT_WORDS:
            start = i + 1
        elif whole[:1].islower() and whole.split("-")[0].lower() not in SURNAME_PARTICLES:
            office = low in ("of", "for") and start == i and i > 0
            start = i + 1
        else:
            office = False
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


def _is_name_word(word: str) -> bool:
    """A written word that can be part of a person's name: capitalised and not
    a title, determiner or vague modifier ("Ted" in "Senator Ted Cruz of Texas",
    not "Secretary" in "Secretary of State Antony Blinken")."""
    low = word.strip(".").lower()
    return word[:1].isupper() and low not in TITLE_WORDS and low not in DETERMINERS and low not in VAGUE_MODIFIERS


def _title_word_is_surname(words: list[str], bare: list[str], i: int) -> bool:
    """A title word written after a given name is a surname ("Martin Luther
    King Jr", "Larry King", "John Major"): a title stands before the name it
    qualifies, so it is read as the surname when it follows a capitalised name
    word and nothing but a generational suffix follows it ("King Jr": titles
    take no suffix), or when it ends the mention right after a given name that
    is not an ordinary English word (spaCy's lemmatizer tables: "Larry King",
    but "Senate Majority Leader" and "Russian President" stay titles)."""
    if i == 0 or not words[i][:1].isupper():
        return False
    prev = bare[i - 1]
    if not words[i - 1][:1].isupper() or prev in TITLE_WORDS or prev in NOT_GIVEN_NAMES or prev in DETERMINERS or len(prev) < 2:
        return False
    rest = bare[i + 1 :]
    if len(rest) == 1 and rest[0] in NAME_SUFFIXES:
        return True
    if rest:
        return False
    lem = shared_lemmatizer(DEFAULT_MODEL)
    return not lem.is_word(prev) and not _is_demonym(prev)


_DEMONYM = re.compile(r"(?:an|ian|ese|ish|ic|i)$")


def _is_demonym(word: str) -> bool:
    """A nationality or party adjective ("russian", "ukrainian", "democratic"):
    the demonym endings, and an adjective in spaCy's lemmatizer tables (so
    "Ivan", "Juan", "Brian" are not)."""
    if not _DEMONYM.search(word):
        return False
    lem = shared_lemmatizer(DEFAULT_MODEL)
    return lem.is_adjective(word)


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


def org_key(name: str) -> str:
    """An organisation or group name for exact comparison: folded, without
    determiners, vague modifiers, periods and possessive ("The New York Times"
    = "New York Times"; "U.S. officials" = "US officials")."""
    text = fold(clean_mention(name)).replace(".", "")
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    while words and (words[0] in DETERMINERS or words[0] in VAGUE_MODIFIERS):
        words = words[1:]
    return " ".join(words)
