"""One canonical speaker per person or organisation: inside each document (a bare surname -> the full name written there), then across the run (``canonical_speakers``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .cells import as_list
from .lemmas import Lemmatizer, shared_lemmatizer, fold
from .names import (
    DETERMINERS,
    NOT_GIVEN_NAMES,
    OFFICE_TITLES,
    ORG_WORDS,
    ParsedName,
    SURNAME_PARTICLES,
    TITLE_WORDS,
    VAGUE_MODIFIERS,
    clean_mention,
    names_compatible,
    org_key,
    parse_person,
)
from .params import DEFAULT_MODEL, FUZZY_MIN_LEN, NAME_FUZZY_RATIO


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
    return (
        0 < len(words) <= 5
        and not any(w.lower().strip(".") in ORG_WORDS for w in words)
        and all(w[:1].isupper() or w.lower().strip(".") in TITLE_WORDS | DETERMINERS | SURNAME_PARTICLES for w in words)
    )


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
        found += [e.get("text") for e in as_list(ents) if e.get("label") == "PERSON" and e.get("text")]
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
                q
                for display, q in by_surname.get(p.surname, {}).items()
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
    lem = shared_lemmatizer(DEFAULT_MODEL)
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
