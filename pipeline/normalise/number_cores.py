"""Number cores: the digits, number words, fractions and vague quantities a
number mention is built around (step 1 of the method in ``numbers``).

A left-to-right reader over tokens: ``read_core(doc, i)`` gives the longest
core starting at token ``i`` (a fraction before a vague quantity before a
plain number), with its value, bounds, unit and kind. Prefixes, units,
ranges and what is counted are added around it by ``numbers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc

from .number_words import (
    CURRENCY_SYMBOLS,
    FRACTION_WORDS,
    MAGNITUDE_ABBREV,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    VAGUE_LOWER,
    VAGUE_PLURALS,
)


# Words that can open a number core (everything else must start with a digit).
CORE_OPENERS = (
    frozenset(SMALL_NUMBERS) | frozenset(VAGUE_PLURALS) | frozenset(SCALES) | {"a", "an", "several", "half", "tens", "scores", "dozen"}
)
DIGITS_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
DIGIT_MAG_RE = re.compile(r"^(\d+(?:\.\d+)?)(k|bn|b|bln|mn|mln|m|tn|trn|thousand|million|billion|trillion)$", re.I)
CLOCK_RE = re.compile(r"^\d{1,2}:\d{2}$")
DECADE_RE = re.compile(r"^'?\d{2,4}s$")
SLASH_FRACTION_RE = re.compile(r"^(\d)/(\d{1,2})$")
# a currency written against the number in one token: "CDN$11,000", "SEK9", "GBP738"
GLUED_CURRENCY_RE = re.compile(r"^([A-Za-z]{1,3}\$|[A-Za-z]{3})(\d[\d,.]*)$")
# a range written with an en dash in one token: "10–15", "200–400"
DASH_RANGE_RE = re.compile(r"^(\d[\d,.]*)[–—-](\d[\d,.]*)$")
# pence glued to the number: "50p", "2.5p"
PENCE_RE = re.compile(r"^(\d+(?:\.\d+)?)p$")


# --------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------


def glued(doc: Doc, i: int) -> bool:
    """True when token i is written directly against token i+1 (no space)."""
    return i + 1 < len(doc) and not doc[i].whitespace_


def parse_digits(text: str) -> float | None:
    """Value of a digit token ("12,000" -> 12000.0, "2bn" -> 2e9), else None."""
    if DIGITS_RE.match(text):
        return float(text.replace(",", ""))
    m = DIGIT_MAG_RE.match(text)
    if m and m.group(2).lower() != "m":
        mag = m.group(2).lower()
        return float(m.group(1)) * (MAGNITUDE_ABBREV.get(mag) or SCALES[mag])
    return None


def words_value(words: Sequence[str]) -> float | None:
    """Value of spelled-out number words (["one", "hundred", "five"] -> 105).

    The classic accumulator: units and tens add, "hundred" multiplies the
    running group, larger scales close the group.  None for an empty list.
    """
    if not words:
        return None
    total, current = 0.0, 0.0
    for w in words:
        if w in SMALL_NUMBERS:
            current += SMALL_NUMBERS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        elif w == "dozen":
            current = (current or 1) * 12
    return total + current


def looks_like_year(text: str) -> bool:
    """A four-digit 1900-2099 integer written without a separator."""
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2099


@dataclass
class Core:
    """A number core under construction (token indices, end exclusive)."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    unit: str | None = None
    kind: str = "number"  # number | vague | fraction | range
    scaled: bool = False  # a scale word/abbreviation was part of the core
    money_m: bool = False  # ended in a bare "m" that is a million only with a currency


# --------------------------------------------------------------------------
# Core recognition
# --------------------------------------------------------------------------


def read_number(doc: Doc, i: int) -> Core | None:
    """A plain number (digits and/or number words and scales) starting at i."""
    n = len(doc)
    low = doc[i].lower_
    glued_unit = None
    m = GLUED_CURRENCY_RE.match(doc[i].text)
    if m and m.group(1).lower() in CURRENCY_SYMBOLS and parse_digits(m.group(2)) is not None:
        glued_unit = CURRENCY_SYMBOLS[m.group(1).lower()]  # "SEK9 million", "CDN$11,000"
    m = DASH_RANGE_RE.match(doc[i].text)
    if (
        m
        and parse_digits(m.group(1)) is not None
        and parse_digits(m.group(2)) is not None
        and parse_digits(m.group(1)) < parse_digits(m.group(2))
    ):
        return Core(i, i + 1, None, low=parse_digits(m.group(1)), high=parse_digits(m.group(2)), kind="range")
    m = PENCE_RE.match(doc[i].text)
    if m:
        return Core(i, i + 1, float(m.group(1)) / 100, unit="GBP")
    # digits, possibly followed by scale words: "1.3 million", "27 million"
    val = parse_digits(GLUED_CURRENCY_RE.sub(r"\2", doc[i].text) if glued_unit else doc[i].text)
    if val is None and DIGIT_MAG_RE.match(doc[i].text):
        # "5m": a million only with a currency, resolved by the caller
        m = DIGIT_MAG_RE.match(doc[i].text)
        return Core(i, i + 1, float(m.group(1)) * 1e6, scaled=True, money_m=True)
    if val is not None:
        j = i + 1
        scaled = bool(DIGIT_MAG_RE.match(doc[i].text))
        while j < n:
            if doc[j].text == "-" and j + 1 < n and doc[j + 1].lower_ in SCALES and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                j += 1  # "$5-million"
            if doc[j].lower_ not in SCALES:
                break
            val *= SCALES[doc[j].lower_]
            j += 1
            scaled = True
        mag = doc[j].lower_ if j < n else ""
        if mag in ("m.", "bn.") and (j + 1 == n or doc[j].is_sent_end) and not doc[j - 1].whitespace_:
            mag = mag[:-1]  # "£50m." closing a sentence: the tokenizer keeps the full stop
        if j < n and not scaled and mag in MAGNITUDE_ABBREV and mag != "b":
            # "$5 m", "$2 bn" written apart
            return Core(i, j + 1, val * MAGNITUDE_ABBREV[mag], scaled=True, money_m=(mag == "m"), unit=glued_unit)
        if j < n and doc[j].lower_ == "dozen":
            val *= 12
            j += 1
        return Core(i, j, val, scaled=scaled, unit=glued_unit)
    # spelled-out numbers: "twenty-five", "one hundred and five", "a million", "a dozen"
    words: list[str] = []
    j = i
    if low in ("a", "an") and i + 1 < n and (doc[i + 1].lower_ in SCALES or doc[i + 1].lower_ == "dozen"):
        j = i + 1
    while j < n:
        w = doc[j].lower_
        if w in SMALL_NUMBERS or w in SCALES or w == "dozen":
            words.append(w)
            j += 1
        elif (
            w == "-"
            and words
            and j + 1 < n
            and not doc[j - 1].whitespace_
            and not doc[j].whitespace_
            and (
                (words[-1] in TENS and doc[j + 1].lower_ in SMALL_NUMBERS and SMALL_NUMBERS[doc[j + 1].lower_] < 10)
                or (doc[j + 1].lower_ in SCALES and words[-1] in SMALL_NUMBERS)
            )
        ):
            j += 1  # "twenty-five", "one-hundred"
        elif w == "and" and words and words[-1] in ("hundred", "thousand") and j + 1 < n and doc[j + 1].lower_ in SMALL_NUMBERS:
            j += 1  # "one hundred and five"
        else:
            break
    if not words:
        return None
    value = words_value(words)
    # "two and a half million", "a million-and-a-half": a half of the last unit or scale
    k, dashes = j, 0
    seq = []
    while k < n and len(seq) < 3 and (doc[k].lower_ in ("and", "a", "half") or (doc[k].text == "-" and dashes < 3)):
        if doc[k].text == "-":
            dashes += 1
        else:
            seq.append(doc[k].lower_)
        k += 1
    if seq == ["and", "a", "half"] and value is not None:
        if words[-1] in SCALES:
            value += SCALES[words[-1]] / 2
            j = k
        elif k < n and doc[k].lower_ in SCALES:
            value = (value + 0.5) * SCALES[doc[k].lower_]
            j = k + 1
            words.append(doc[k].lower_)
        elif words[-1] in SMALL_NUMBERS:
            value += 0.5
            j = k
    return Core(i, j, value, scaled=any(w in SCALES for w in words))


def read_fraction(doc: Doc, i: int) -> Core | None:
    """Fractions: "half", "a third", "two-thirds", "one-half", "7 in 10", "8 out of 10"."""
    n = len(doc)
    w = doc[i].lower_
    m = SLASH_FRACTION_RE.match(doc[i].text)
    if m and 0 < int(m.group(1)) < int(m.group(2)) <= 10:
        return Core(i, i + 1, int(m.group(1)) / int(m.group(2)), kind="fraction", unit="fraction")
    # "N in M" / "N out of M" (rates in polls: "7 in 10 voters")
    num = read_number(doc, i)
    if num is not None and num.value is not None and num.end < n:
        j = num.end
        if doc[j].lower_ == "in":
            j += 1
        elif doc[j].lower_ == "out" and j + 1 < n and doc[j + 1].lower_ == "of":
            j += 2
        else:
            j = -1
        if j > 0 and j < n:
            den = read_number(doc, j)
            if den and den.value and num.value < den.value and den.value in (2, 3, 4, 5, 10, 100, 1000):
                return Core(i, den.end, num.value / den.value, kind="fraction", unit="fraction")
    # "two-thirds", "one-half", "a quarter", "half"
    start = i
    numerator = 1.0
    j = i
    if w in SMALL_NUMBERS and 0 < SMALL_NUMBERS[w] < 10:
        numerator = SMALL_NUMBERS[w]
        j = i + 1
        if j < n and doc[j].text == "-" and glued(doc, i):
            j += 1
        elif j < n and doc[j].lower_ in FRACTION_WORDS and w != "one":
            pass  # "two thirds"
        else:
            return None
    elif w in ("a", "an", "one"):
        j = i + 1
    if j >= n or doc[j].lower_ not in FRACTION_WORDS:
        return None
    frac = doc[j].lower_
    if j == i and frac not in ("half",):
        return None  # a bare "third"/"quarter" is an ordinal or a noun
    if frac in ("half", "halves") and numerator != 1:
        return None
    if (
        j == i + 1
        and w in ("a", "an")
        and j + 1 < n
        and doc[j + 1].lower_ in ("before", "past", "to", "after")
        and j + 2 < n
        and doc[j + 2].like_num
    ):
        return None  # "a quarter before 11": a clock time
    if (
        j == i + 1
        and w in ("a", "an")
        and frac in ("third", "fourth", "fifth")
        and j + 1 < n
        and (doc[j + 1].is_punct or doc[j + 1].pos_ in ("NOUN", "PROPN", "ADJ"))
    ):
        return None  # "a third, Jared Golden", "a third officer": an ordinal
    # "a quarter million", "half a million": a fraction of a scale is a number
    k = j + 1
    if frac in ("half",) and k + 1 < n and doc[k].lower_ in ("a", "an") and doc[k + 1].lower_ in SCALES:
        k += 1
    if k < n and doc[k].lower_ in SCALES and (k == j + 1 or frac == "half"):
        return Core(start, k + 1, numerator / FRACTION_WORDS[frac] * SCALES[doc[k].lower_], scaled=True)
    return Core(start, j + 1, numerator / FRACTION_WORDS[frac], kind="fraction", unit="fraction")


def read_vague(doc: Doc, i: int) -> Core | None:
    """Vague quantities: "dozens", "tens of thousands", "several hundred", "a few", "a handful"."""
    n = len(doc)
    w = doc[i].lower_
    # "tens/hundreds/dozens of thousands/millions"
    if w in VAGUE_PLURALS or w == "tens":
        base = 10.0 if w == "tens" else VAGUE_PLURALS[w]
        j = i + 1
        if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in ("thousands", "millions", "billions"):
            base *= VAGUE_PLURALS[doc[j + 1].lower_]
            j += 2
        elif w == "tens":
            return None
        if w == "scores" and not (j < n and doc[j].lower_ == "of"):
            return None  # "test scores"
        return Core(i, j, None, low=2 * base, kind="vague")
    # "a few", "quite a few", "a couple (of)", "a handful", "several" (+ "dozen"/"hundred" ...)
    j = i
    lowb: float | None = None
    value: float | None = None
    approx = False
    if w == "several":
        lowb, j = VAGUE_LOWER["several"], i + 1
        if (
            j + 2 < n
            and doc[j].lower_ in ("tens", "hundreds")
            and doc[j + 1].lower_ == "of"
            and doc[j + 2].lower_ in ("thousands", "millions", "billions")
        ):
            # "several tens of thousands": three tens of thousands at least
            base = (10.0 if doc[j].lower_ == "tens" else 100.0) * VAGUE_PLURALS[doc[j + 2].lower_]
            return Core(i, j + 3, None, low=VAGUE_LOWER["several"] * base, kind="vague")
    elif w in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in ("few", "couple", "handful"):
        kind = doc[i + 1].lower_
        j = i + 2
        if kind == "few":
            lowb = VAGUE_LOWER["few"]
        elif kind == "couple":
            value, approx = 2.0, True
        # "a handful": small, but the word fixes no bound
    else:
        return None
    if j < n and (doc[j].lower_ in SCALES or doc[j].lower_ == "dozen"):
        scale = 12.0 if doc[j].lower_ == "dozen" else SCALES[doc[j].lower_]
        lowb = lowb * scale if lowb is not None else None
        value = value * scale if value is not None else None
        j += 1
    return Core(i, j, value, low=lowb, approximate=approx, kind="vague")


def read_core(doc: Doc, i: int) -> Core | None:
    """The longest core starting at token i, fraction before vague before number."""
    return read_fraction(doc, i) or read_vague(doc, i) or read_number(doc, i)
