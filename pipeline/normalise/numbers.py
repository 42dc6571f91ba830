"""Number mentions: find, normalise and attach them to what they count.

Method (see ``docs/NORMALISATION.md``). This is a rule-based quantity tagger over
the spaCy parse, in the spirit of textacy's pure ``extract`` functions
(Doc in, spans out) and of the Duckling/Recognizers-Text "number with unit"
grammars (core number, then prefix modifiers, then suffix units):

1. A left-to-right scan over tokens finds *cores*: digits ("12,000", "6.2"),
   digits with a magnitude suffix ("2bn", "4k"), spelled numbers ("twenty-five",
   "one hundred and five") with scale words ("1.3 million"), fractions ("half",
   "two-thirds", "7 in 10") and vague quantities ("dozens", "tens of thousands",
   "several", "a handful").  The scan is our own (token text + a few lexicons),
   because the small model's NER mislabels numbers ("Between 10 and 20" as a
   DATE) and misses others; NER labels are used only to *exclude* numbers that
   are part of names (PERSON, ORG, WORK_OF_ART ...).
2. Dates and times are excluded by the shape of the context, not by the DATE
   label: years (1900-2099 without a separator, unless they count something),
   days of the month next to a month name, clock times.  Durations ("three
   weeks", "six months ago") stay numbers with a time unit.
3. Prefix modifiers: approximators (around, about, nearly ... -> approximate)
   and bounds (more than / at least -> low, fewer than / up to -> high,
   any comparative "X-er than"), currency symbols.  Ranges ("5-6", "between 10
   and 20", "10 to 20", "two or three") give low/high and a null value (a range
   has no single value; a midpoint would invent one).
4. Suffix units are mapped to a small canonical set (km, km2, mi, mi2, m, kg,
   t, lb, ft, acre, ha, %, pp, ISO currency codes, and the time units second,
   minute, hour, day, week, month, year, decade, century); the original
   wording stays in ``text``.
5. ``counted`` comes from the dependency parse: the noun the number modifies
   (its pre-modifiers included: "12,000 North Korean troops"), else the object
   of a following "of" ("60,000 of their soldiers" -> "soldiers"), else, for
   "of whom/which", the nearest preceding plural noun (the relative pronoun's
   antecedent).  A unit is never the thing counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc

from .counted import counted_noun
from .number_words import (
    AND_BOUNDS,
    CHANGE_VERBS,
    CLOCK_WORDS,
    CURRENCY_SUBUNITS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    FRACTION_WORDS,
    HIGH_COMPARATIVES,
    ID_NOUNS,
    LOW_COMPARATIVES,
    NAME_LABELS,
    ONE_IDIOMS,
    POSTFIX_BOUNDS,
    PREFIXES,
    SCALES,
    SMALL_NUMBERS,
    YEAR_PREPOSITIONS,
    MAX_PREFIX_WORDS,
)
from .units import SQUARE_UNITS, TIME_UNITS, UNIT_WORDS
from .words import MONTH_WORDS as MONTHS

from .number_cores import (
    CLOCK_RE,
    CORE_OPENERS,
    Core,
    DECADE_RE,
    GLUED_CURRENCY_RE,
    glued,
    looks_like_year,
    parse_digits,
    read_core,
    read_number,
    words_value,
)

__all__ = ["NumberMention", "extract_numbers"]


@dataclass(frozen=True)
class NumberMention:
    """One normalised number mention; ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    unit: str | None
    counted: str | None

    def as_record(self) -> dict:
        """The mention as a ``schema.NUMBER`` struct (same keys, same order)."""
        return {
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "approximate": self.approximate,
            "unit": self.unit,
            "counted": self.counted,
        }


# --------------------------------------------------------------------------
# Exclusions: dates, times, names, identifiers, ordinals
# --------------------------------------------------------------------------


def _is_date_or_time_part(doc: Doc, core: Core) -> bool:
    """True when the core is a year, a day of the month or a clock time.

    Decided from the context, not from the DATE label (the small model labels
    durations and even "Between 10 and 20" as DATE).
    """
    n = len(doc)
    first = doc[core.start]
    text = first.text
    if CLOCK_RE.match(text) or DECADE_RE.match(text) or text.startswith("'"):
        return True
    nxt = doc[core.end].lower_ if core.end < n else ""
    prev = doc[core.start - 1].lower_ if core.start > 0 else ""
    if nxt in CLOCK_WORDS:
        return True
    if core.kind != "number" or core.end - core.start != 1:
        return False
    if first.text.isdigit():
        v = int(first.text)
        # day of the month: "Aug. 24", "June 5, 2016", "24 August", "Sept. 1-3"
        if prev in MONTHS and 1 <= v <= 31:
            return True
        if nxt in MONTHS and 1 <= v <= 31 and first.ent_type_ in ("DATE", "") and nxt != "may":
            return True
        if (
            prev == "-"
            and core.start >= 2
            and doc[core.start - 2].text.isdigit()
            and core.start >= 3
            and doc[core.start - 3].lower_ in MONTHS
        ):
            return True
        if looks_like_year(first.text) or (len(first.text) == 4 and 1000 <= v < 1900 and prev in YEAR_PREPOSITIONS):
            return _year_not_count(doc, core)
        # "'16", "the 90's": abbreviated years and decades
        if core.start > 0 and doc[core.start - 1].text in ("'", "’") and not doc[core.start - 1].whitespace_:
            return True
        if nxt in ("'s", "’s", "s") and not first.whitespace_ and v % 10 == 0 and v >= 10:
            return True
    return False


def _year_not_count(doc: Doc, core: Core) -> bool:
    """A 1900-2099 integer is a year unless it visibly counts something."""
    n = len(doc)
    prev = doc[core.start - 1] if core.start > 0 else None
    if prev is not None and (prev.lower_ in CURRENCY_SYMBOLS or prev.tag_ == "$"):
        return False
    nxt = doc[core.end] if core.end < n else None
    if nxt is None:
        return True
    if nxt.lower_ in UNIT_WORDS or nxt.lower_ in CURRENCY_WORDS or nxt.lower_ in SCALES:
        return False
    # News style (AP) writes counts of 1,000 and more with a comma, years without:
    # "the 2008 primaries" is a year.  An approximator or bound makes it a count.
    if nxt.tag_ == "NNS" and first_prefix(doc, core.start) is not None:
        return False
    return True


def first_prefix(doc: Doc, i: int) -> tuple[int, bool, str | None] | None:
    """The longest approximator/bound phrase ending right before token i.

    Returns (start index, approximate, bound) or None.
    """
    for size in range(MAX_PREFIX_WORDS, 0, -1):
        s = i - size
        if s < 0:
            continue
        key = tuple(t.lower_ for t in doc[s:i])
        if key in PREFIXES:
            approx, bound = PREFIXES[key]
            return s, approx, bound
    # any comparative + "than": "younger than 18", "no more than" handled above
    if i >= 2 and doc[i - 1].lower_ == "than" and doc[i - 2].tag_ in ("JJR", "RBR"):
        comp = doc[i - 2].lower_
        s = i - 2
        negated = s > 0 and doc[s - 1].lower_ in ("no", "not")
        if comp in LOW_COMPARATIVES:
            bound = "high" if negated else "low"
        elif comp in HIGH_COMPARATIVES:
            bound = "low" if negated else "high"
        else:
            return None
        return (s - 1 if negated else s), False, bound
    return None


def _in_name(doc: Doc, core: Core) -> bool:
    """Numbers inside names ("Fox 5", "Air Force One") are not quantities."""
    return any(doc[k].ent_type_ in NAME_LABELS for k in range(core.start, core.end) if doc[k].like_num or doc[k].lower_ in SMALL_NUMBERS)


def _is_identifier(doc: Doc, core: Core) -> bool:
    """A number written right after a naming noun: "Perceptions 301", "page 6", "No. 2"."""
    if core.kind != "number" or core.start == 0:
        return False
    prev = doc[core.start - 1]
    if not prev.whitespace_:
        return False
    if prev.text == "." and core.start >= 2 and doc[core.start - 2].lower_ == "no" and not doc[core.start - 2].whitespace_:
        return True  # "No. 2" tokenised as "No" "."
    if prev.text == "The" and prev.i != prev.sent.start and not (core.end < len(doc) and doc[core.end].pos_ in ("NOUN", "PROPN", "ADJ")):
        return True  # "‘The 411’": a capitalised article mid-sentence opens a title
    if prev.lower_ in ID_NOUNS and prev.lower_ not in ("week", "day"):
        return True
    if (
        prev.pos_ in ("PROPN", "NOUN")
        and prev.is_title
        and prev.i > prev.sent.start
        and not (core.end < len(doc) and doc[core.end].pos_ in ("NOUN", "PROPN"))
    ):
        # a title-case noun followed by a bare number, the number not counting a noun
        # after it: an identifier ("Proposition 64", "Level 4")
        return prev.tag_ != "NNPS" and prev.lower_ not in ("percent",)
    return False


def _is_list_marker(doc: Doc, core: Core) -> bool:
    """ "3. FOR AFGHAN WOMEN": a number opening a sentence followed by '.' or ')'."""
    if core.end - core.start != 1 or core.end >= len(doc):
        return False
    tok = doc[core.start]
    return tok.i == tok.sent.start and doc[core.end].text in (".", ")")


def _one_is_pronoun(doc: Doc, core: Core) -> bool:
    """ "one of the", "no one", "one another": "one" that counts nothing."""
    if doc[core.start].lower_ != "one" or core.end - core.start != 1:
        return False
    i = core.start
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    prev = doc[i - 1].lower_ if i > 0 else ""
    if (prev, "one") in ONE_IDIOMS or ("one", nxt) in ONE_IDIOMS:
        return True
    if nxt in ("of", "-", "who", "that", "which", ",", ".", "'s", "’s"):
        return True
    if prev in ("the", "this", "that", "any", "every", "each", "no", "someone", "anyone", "only"):
        return True
    tok = doc[i]
    # keep "one" only when it is the number of a following noun
    return not (tok.dep_ in ("nummod", "quantmod") and tok.head.i > i)


# --------------------------------------------------------------------------
# Prefixes, ranges and units around a core
# --------------------------------------------------------------------------


def _currency_before(doc: Doc, i: int) -> tuple[int, str] | None:
    """A currency symbol/code right before token i ("$", "US$", "EUR")."""
    if i == 0:
        return None
    prev = doc[i - 1]
    code = CURRENCY_SYMBOLS.get(prev.lower_)
    if code is None and prev.tag_ == "$" and prev.text.endswith("$"):
        code = "USD"
    if code is None:
        return None
    start = i - 1
    # "US $" written apart
    if start > 0 and doc[start - 1].text in ("US", "U.S.") and prev.text == "$":
        start -= 1
    return start, code


def _read_unit(doc: Doc, j: int, core: Core) -> tuple[int, str | None, float]:
    """A unit starting at token j: (end index, canonical unit, value factor)."""
    n = len(doc)
    if j >= n:
        return j, None, 1.0
    w = doc[j].lower_
    nxt = doc[j + 1].lower_ if j + 1 < n else ""
    # hyphenated compounds: "eight-minute", "25-year-old", "1.4-square-mile", "10-percent"
    if w == "-" and not doc[j - 1].whitespace_ and glued(doc, j):
        end, unit, factor = _read_unit(doc, j + 1, core)
        if unit is not None:
            if unit == "year" and end + 1 < n and doc[end].text == "-" and doc[end + 1].lower_ == "old":
                end += 2  # "70-year-old"
            return end, unit, factor
        return j, None, 1.0
    if w == "per" and nxt == "cent":
        return j + 2, "%", 1.0
    if w == "percentage":
        # "percentage point(s)", "percentage-point"
        k = j + 1
        if k < n and doc[k].text == "-":
            k += 1
        if k < n and doc[k].lower_ in ("point", "points"):
            return k + 1, "pp", 1.0
        return j, None, 1.0
    if w in ("square", "sq", "sq."):
        k = j + 1
        if k < n and doc[k].text == "-":
            k += 1
        if k < n and UNIT_WORDS.get(doc[k].lower_) in SQUARE_UNITS:
            return k + 1, SQUARE_UNITS[UNIT_WORDS[doc[k].lower_]], 1.0
        return j, None, 1.0
    if w in ("metric", "short") and nxt in ("ton", "tons", "tonne", "tonnes"):
        return j + 2, "t", 1.0
    if w in ("pound", "pounds") and nxt == "sterling":
        return j + 2, "GBP", 1.0
    if w in ("pound", "pounds") and core.scaled and nxt != "of":
        return j + 1, "GBP", 1.0  # "24 million pounds" is money; "2 million pounds of beef" a weight
    if w in CURRENCY_SUBUNITS and core.unit is None:
        return j + 1, CURRENCY_SUBUNITS[w], 0.01
    if w in CURRENCY_WORDS and (w != "won" or doc[j].pos_ == "NOUN"):
        return j + 1, CURRENCY_WORDS[w], 1.0
    if w in UNIT_WORDS:
        unit = UNIT_WORDS[w]
        if w == "m" and (core.unit is not None or doc[j - 1].whitespace_ == ""):
            return j, None, 1.0
        end = j + 1
        if unit == "year" and end < n and doc[end].lower_ == "old":
            end += 1  # "70 years old"
        if unit == "mi" and end + 1 < n and doc[end].lower_ == "per" and doc[end + 1].lower_ == "hour":
            return end + 2, "mph", 1.0
        return end, unit, 1.0
    return j, None, 1.0


def _read_range_tail(doc: Doc, core: Core, between: bool) -> tuple[Core, int, str | None] | None:
    """The second half of a range after a core: "- 6", "to 5,000", "or three", "and 20".

    Returns (second core, index of its first token, its currency) or None.
    """
    n = len(doc)
    j = core.end
    if j >= n:
        return None
    conn = doc[j].lower_
    if between:
        if conn != "and":
            return None
    elif conn in ("-", "–", "—"):
        if doc[j - 1].whitespace_ or doc[j].whitespace_:
            return None  # "5 - 6" with spaces is rare; "12 - a dash" is not a range
    elif conn not in ("to", "or"):
        return None
    k = j + 1
    currency = None
    if k < n and doc[k].lower_ in CURRENCY_SYMBOLS:  # "$5,000 and $15,000"
        currency = CURRENCY_SYMBOLS[doc[k].lower_]
        k += 1
    second = read_number(doc, k) if k < n else None
    if second is None or second.value is None or doc[k].lower_ in SCALES:
        return None
    if second.unit is not None and second.unit != core.unit:
        return None  # "GBP738 thousand or USD910 thousand": one amount in two currencies
    return second, k, currency


# --------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------


def _mention(doc: Doc, start: int, end: int, **fields) -> NumberMention:
    span = doc[start:end]
    return NumberMention(start=span.start_char, end=span.end_char, text=span.text, **fields)


def _is_change_context(doc: Doc, i: int) -> bool:
    """ "rose from 5 to 10": the 'from' before token i hangs off a change verb."""
    if i == 0:
        return False
    k = i - 1
    if doc[k].lower_ in CURRENCY_SYMBOLS and k > 0:
        k -= 1
    if doc[k].lower_ != "from":
        # "fell 1.3 percent to $191.6 million": also two values after a change verb
        return False
    head = doc[k].head
    return head.lemma_ in CHANGE_VERBS or any(a.lemma_ in CHANGE_VERBS for a in head.ancestors)


def _excluded(doc: Doc, core: Core) -> bool:
    return (
        _is_date_or_time_part(doc, core)
        or _in_name(doc, core)
        or _is_identifier(doc, core)
        or _is_list_marker(doc, core)
        or _one_is_pronoun(doc, core)
    )


def _scan(doc: Doc) -> Iterator[tuple[int, int, int, dict]]:
    """Yield (start, end, core_last, fields) for every number mention, in order."""
    n = len(doc)
    i = 0
    floor = 0  # end of the previous mention
    while i < n:
        tok = doc[i]
        w = tok.lower_
        # cheap pre-filter: only tokens that can open a core (a digit or a number word)
        first = tok.text[:1]
        if not (
            first.isdigit()
            or (first == "." and tok.text[1:2].isdigit())
            or w in CORE_OPENERS
            or (tok.text[-1:].isdigit() and GLUED_CURRENCY_RE.match(tok.text))
        ):
            i += 1
            continue
        if w in ("a", "an") and not (
            i + 1 < n
            and (
                doc[i + 1].lower_ in SCALES
                or doc[i + 1].lower_ in ("dozen", "few", "couple", "handful")
                or doc[i + 1].lower_ in FRACTION_WORDS
            )
        ):
            i += 1
            continue
        core = read_core(doc, i)
        if core is None or core.end <= i:
            i += 1
            continue
        if (
            core.kind == "fraction"
            and doc[core.end - 1].lower_ in ("half", "halves")
            and core.end - core.start == 1
            and not _half_is_quantity(doc, core.start)
        ):
            i += 1
            continue
        if core.kind == "vague" and doc[i].lower_ in ("a", "an") and doc[i + 1].lower_ == "few" and i > 0 and doc[i - 1].lower_ == "quite":
            core.start = i - 1
        if _excluded(doc, core):
            # a day range "Sept. 1-3" or a date: skip the whole hyphen group
            i = core.end
            while i + 1 < n and doc[i].text in ("-", "–") and not doc[i - 1].whitespace_ and doc[i + 1].like_num:
                i += 2
            continue
        fields = _complete(doc, core)
        if fields is None:
            i = core.end
            continue
        start, end, core_last, rec = fields
        if start < floor:
            i = core.end  # its prefix belongs to the previous mention: never overlap
            continue
        floor = end
        yield start, end, core_last, rec
        i = max(end, i + 1)


def _half_is_quantity(doc: Doc, i: int) -> bool:
    """ "half" counts when it quantifies: "half of", "half the", "roughly half"."""
    n = len(doc)
    nxt = doc[i + 1] if i + 1 < n else None
    if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text == "-":
        return False
    if i > 0 and doc[i - 1].lower_ in ("first", "second", "latter", "last", "the", "other", "back", "front"):
        return False  # "the first half of the year": a period, not a proportion
    if nxt is not None and (nxt.lower_ == "of" or nxt.tag_ in ("DT", "PRP$")):
        return True
    if nxt is not None and nxt.text == "-" and not doc[i].whitespace_:
        return False  # "half-brother", "half-hour"
    if first_prefix(doc, i) is not None:
        return True
    return doc[i].dep_ in ("dobj", "nsubj", "pobj", "nsubjpass", "attr") and (nxt is None or nxt.pos_ not in ("ADJ",))


def _complete(doc: Doc, core: Core) -> tuple[int, int, int, dict] | None:
    """Add currency, prefix, range and unit around a core; the mention's fields."""
    n = len(doc)
    start, end = core.start, core.end
    unit = core.unit
    value, low, high, approx = core.value, core.low, core.high, core.approximate
    factor = 1.0
    # currency before the number: "$2.5 million", "US$40 million"
    cur = _currency_before(doc, start)
    if cur is not None:
        start, unit = cur
    if core.money_m and unit is None:
        # "5m" without a currency: metres
        if doc[core.end - 1].lower_ == "m":
            end = core.end - 1
            if end <= core.start:
                return None
            value = value / 1e6 if value is not None else None
            unit = "m"
        else:
            value = parse_digits(doc[core.start].text[:-1])
            unit = "m"
    # "between 10 and 20", "10 to 20", "5-6", "two or three"
    between = start > 0 and doc[start - 1].lower_ == "between"
    kind = core.kind
    if kind == "number" and not _is_change_context(doc, start):
        tail = _read_range_tail(doc, core, between)
        if tail is not None:
            second, k, cur2 = tail
            lo, hi = value, second.value
            if lo is not None and hi is not None and second.scaled and not core.scaled and lo < 1000:
                # "5 to 10 million": the scale applies to both ends
                base = parse_digits(doc[k].text) or words_value([doc[k].lower_]) or 1
                lo = lo * (hi / base) if base else lo
            if lo is not None and hi is not None and lo < hi and not _is_date_or_time_part(doc, second):
                value, low, high = None, lo, hi
                end = second.end
                kind = "range"
                if cur2 and unit is None:
                    unit = cur2
                if between:
                    start = start - 1
    # unit after the number: "square kilometers", "percent", "weeks", "dollars"
    uend, u, f = _read_unit(doc, end, core)
    if u is None and kind == "vague" and end + 1 < n and doc[end].lower_ == "of":
        # "hundreds of thousands of dollars", "millions of tons"
        uend2, u2, f2 = _read_unit(doc, end + 1, core)
        if u2 is not None and u2 not in ("%", "pp"):
            uend, u, f = uend2, u2, f2
    if u is not None:
        if unit is not None and u != unit and not (unit in CURRENCY_SYMBOLS.values() and u in CURRENCY_SYMBOLS.values()):
            u = None  # "$5 a day"-style: keep the currency, the rest is a rate
        else:
            end = uend
            unit = u
            factor = f
    if factor != 1.0:
        value = value * factor if value is not None else None
        low = low * factor if low is not None else None
        high = high * factor if high is not None else None
    # "2 million-plus", "65-plus": a lower bound
    if value is not None and end + 1 < n and doc[end].text == "-" and doc[end + 1].lower_ == "plus" and not doc[end - 1].whitespace_:
        low = value
        end += 2
    elif value is not None and end < n and doc[end].lower_ == "plus" and not doc[end - 1].whitespace_:
        low = value
        end += 1
    elif value is not None and kind == "number" and end < n and doc[end].text == "+" and not doc[end - 1].whitespace_:
        low = value  # "18+ years"
        end += 1
        uend, u, f = _read_unit(doc, end, core)
        if u is not None and unit is None and f == 1.0:
            end, unit = uend, u
    # "45 and older", "18 and under": a bound
    if value is not None and end + 1 < n and doc[end].lower_ == "and" and doc[end + 1].lower_ in AND_BOUNDS:
        if AND_BOUNDS[doc[end + 1].lower_] == "low":
            low = value
        else:
            high = value
        end += 2
    # "or so" after the number: approximate; "or less" / "or more": a bound
    if end + 1 < n and doc[end].lower_ == "or":
        after = doc[end + 1].lower_
        if after == "so":
            approx = True
            end += 2
        elif (
            after in POSTFIX_BOUNDS and value is not None and not (end + 2 < n and doc[end + 2].lower_ == "than")
        ):  # "$1 billion or more than $42 billion"
            if POSTFIX_BOUNDS[after] == "low":
                low = value
            else:
                high = value
            end += 2
    # approximators and bounds before: "around", "more than", "at least", "younger than"
    pre = first_prefix(doc, start)
    if pre is not None:
        pstart, papprox, bound = pre
        # "over 14 months" is "during", not "more than"; "some" approximates a number,
        # not "some several" or "some one"
        temporal = doc[pstart].lower_ in ("over", "under", "above", "below") and doc[pstart].dep_ == "prep" and unit in TIME_UNITS
        if not temporal and not (doc[pstart].lower_ == "some" and (kind == "vague" or doc[start].lower_ == "one")):
            start = pstart
            approx = approx or papprox
            if bound == "low" and value is not None:
                low = value
            elif bound == "high" and value is not None:
                high = value
            # approximator before a bound: "roughly more than" / "nearly up to"
            pre2 = first_prefix(doc, start)
            if pre2 is not None and pre2[1] and pre2[2] is None:
                start = pre2[0]
                approx = True
    elif start > 0 and doc[start - 1].lower_ == "estimated" and kind != "vague":
        start -= 1
        approx = True
    if kind == "range" and not approx and start > 0 and doc[start - 1].lower_ in ("around", "about", "roughly", "approximately"):
        start -= 1
        approx = True
    counted = counted_noun(doc, start, end, core.end - 1 if kind != "range" else end - 1, unit, kind)
    rec = dict(value=_clean(value), low=_clean(low), high=_clean(high), approximate=bool(approx), unit=unit, counted=counted)
    return start, end, core.end - 1, rec


def _clean(x: float | None) -> float | None:
    """Round away float noise from scaling (1.3 * 1e6)."""
    if x is None:
        return None
    r = round(x, 6)
    return float(r)


def _share_units(mentions: list[tuple[int, int, int, dict]], doc: Doc) -> None:
    """ "5 and 10 percentage points", "212,205 to 210,424 votes": a bare number
    coordinated with a following number takes its unit (and counted)."""
    for a, b in zip(mentions, mentions[1:]):
        a_start, a_end, _, ra = a
        b_start, _, _, rb = b
        if ra["unit"] is not None or ra["counted"] is not None:
            continue
        between = [t.lower_ for t in doc[a_end:b_start]]
        if between in (["and"], ["or"], ["to"], [","], ["-"], ["–"]) or (between == [] and False):
            if rb["unit"] is not None and rb["unit"] != "fraction":
                ra["unit"] = rb["unit"]
            elif rb["counted"] is not None:
                ra["counted"] = rb["counted"]


def extract_numbers(doc: Doc) -> Iterator[NumberMention]:
    """Every number mention in a parsed Doc, in text order.

    A pure function over the parse (textacy-style ``extract``): it reads tokens,
    tags, dependencies and entity labels and changes nothing.  See the module
    docstring for the method and ``docs/NORMALISATION.md`` for the conventions.
    """
    found = list(_scan(doc))
    _share_units(found, doc)
    for start, end, _, rec in found:
        yield _mention(doc, start, end, **rec)
