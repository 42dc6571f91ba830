"""Date mentions resolved against the article's reference date.

Method (see ``docs/NORMALISATION.md``):

1. Candidates are the spans the NER labels DATE or TIME, plus the date shapes
   the small model misses (a weekday, "Month Day", "mid-January", "last fall",
   "today"), found by a token scan.  Leading prepositions and focus adverbs
   ("on", "since", "just") are trimmed; "early/mid/late" stay in the text.
2. Each span is classified: a duration ("three weeks"), a frequency ("each
   year"), an age or a bare part of the day is not a date and is dropped; a
   vague period ("in recent years", "the past decade", "several weeks ago") is
   a date with no value.
3. The rest is normalised (modifiers "early/mid/late/the end of" removed: they
   do not change the granularity; a range "Aug. 5-6" or "Oct. 30 and Nov. 9"
   keeps its first end) and resolved against the reference date:
   closed-class forms by arithmetic (weekdays, today/yesterday, years,
   "last/this/next week|month|year", seasons, "last August", fixed and rule
   holidays), everything else by ``dateparser`` with RELATIVE_BASE = reference
   and PREFER_DATES_FROM chosen from the tense of the governing verb (past
   tense -> past, will/going to/scheduled -> future, otherwise the nearer of
   the two for a yearless "Month Day").  dateparser calls are memoised on
   (normalised text, reference, preference).
4. Granularity is day, month or year: the finest of the three that contains
   the whole period the expression names ("last week" -> its month when the
   week lies inside one month, else its year; a season -> its year).
5. With no publication date, :func:`pipeline.normalise.reference_date.infer_reference_date` places the article
   after every explicitly dated past event it mentions and resolves the
   yearless "Month Day" mentions to the first such date after them; never the
   machine's clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from spacy.tokens import Doc, Span

from .calendar_rules import HOLIDAYS, add_months, choose_year, fmt, period_value, season_value, weekday_date
from .date_words import (
    DATE_UNIT_WORDS,
    DAY_PARTS,
    EVENT_NOUNS,
    FREQUENCY_MARKERS,
    FUTURE_VERBS,
    LEADING_STRIP,
    NOT_DATES,
    RELATIVE_DAY,
    SEASONS,
    WEEKDAYS,
)
from .words import MONTHS
from .number_words import SMALL_NUMBERS

__all__ = [
    "DateMention",
    "explicit_parts",
    "resolve_dates",
    "resolve_text",
    "candidate_spans",
    "as_date",
    "warm_up",
]


@dataclass(frozen=True)
class DateMention:
    """One date mention; ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None

    def as_record(self) -> dict:
        """The mention as a ``schema.DATE`` struct (same keys, same order)."""
        return {"text": self.text, "value": self.value, "granularity": self.granularity}


# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"
_MODIFIER_RE = re.compile(
    r"^(?:(?:the\s+)?(?:very\s+)?(?:early|mid|late|end|beginning|start|middle|first half|second half|"
    r"first part|latter part|turn|close|spring|summer|fall|autumn|winter)\b\s*(?:-|of\s+)?\s*"
    r"|earlier\s+|later\s+|mid-?)",
    re.I,
)
_RANGE_SPLIT_RE = re.compile(
    r"\s*(?:\bthrough\b|\bthru\b|\bto\b|\buntil\b|\band\b|\bor\b|–|—|-(?=\s*(?:" + _MONTH_RE + r"|" + _WEEKDAY_RE + r")))\s*", re.I
)
_DAY_RANGE_RE = re.compile(r"(?<![\d/-])\b(\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?\b")
_TIME_RE = re.compile(r"\b(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?:\s+(?:et|est|edt|pt|pdt|ct|cdt|gmt|utc))?", re.I)
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_ONLY_RE = re.compile(r"^(?:the\s+)?(?:year\s+|fiscal\s+(?:year\s+)?)?(" + _YEAR_RE + r")$")
_SHORT_YEAR_RE = re.compile(r"^'(\d\d)$")
_DECADE_RE = re.compile(r"^(?:the\s+)?(?:early\s+|late\s+|mid-?\s*)?(?:'|’)?\d{2,4}'?s$")
_MONTH_DAY_RE = re.compile(r"^(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(" + _YEAR_RE + r"))?$", re.I)
_DAY_MONTH_RE = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH_RE + r")(?:,?\s+(" + _YEAR_RE + r"))?$", re.I)
_MONTH_YEAR_RE = re.compile(r"^(" + _MONTH_RE + r")(?:,?\s+(?:of\s+)?(" + _YEAR_RE + r"))?$", re.I)
_MONTH_REL_YEAR_RE = re.compile(r"^(" + _MONTH_RE + r")\s+(?:of\s+)?(last|this|next)\s+year$", re.I)
_REL_MONTH_RE = re.compile(r"^(last|this|next|this past|this coming)\s+(" + _MONTH_RE + r")$", re.I)
_WEEKDAY_FULL_RE = re.compile(r"^(?:(last|this|next|this past|this coming|past|coming)\s+)?(" + _WEEKDAY_RE + r")$", re.I)
_SEASON_RE = re.compile(
    r"^(?:(last|this|next|this past|this coming|the|past)\s+)?(spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(" + _YEAR_RE + r"))?$",
    re.I,
)
_REL_UNIT_RE = re.compile(
    r"^(?:(last|this|next|the past|the previous|the coming|the following|the current|earlier this|later this|this past|this coming)\s+)(week|month|year|weekend)$",
    re.I,
)
_AGO_RE = re.compile(
    r"^(?:(\w+|\d+)\s+(?:or\s+\w+\s+)?)?(days?|weeks?|months?|years?|decades?|centuries|century)\s+(ago|earlier|before|later|from now|hence)$",
    re.I,
)
_DURATION_RE = re.compile(
    r"^(?:(?:the|a|an|another|their|his|her|its|our)\s+)?(?:(?:first|last|past|next|coming|previous|final|full|entire|whole|following|recent)\s+)?"
    r"(?:(?:[\w.,'-]+)\s+){0,4}?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|weekends?|quarters?)"
    r"(?:\s+(?:long|old|running|straight|in a row))?$",
    re.I,
)
# A month, weekday or year named in the text: never a bare duration.
_NAMED_ANCHOR_RE = re.compile(r"\b(?:" + _MONTH_RE + r"(?=\s|$|,)|" + _WEEKDAY_RE + r"\b|" + _YEAR_RE + r"\b)", re.I)
_AGE_RE = re.compile(r"year[- ]old|years old|\bold\b|\baged?\b", re.I)

# --------------------------------------------------------------------------
# dateparser, memoised
# --------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _dateparser_resolve(text: str, ref: dt.date | None, prefer: str) -> tuple[dt.date, str] | None:
    """dateparser on one normalised expression: (date, period) or None.

    RELATIVE_BASE is the reference date (never the machine clock: with no
    reference only expressions carrying a year are parsed, against a fixed
    base).  Memoised on (normalised text, reference, preference): news corpora
    repeat the same expressions against the same publication dates.  A
    DateDataParser is cheap to build (~0.05 ms); the parse itself is not.
    """
    from dateparser.date import DateDataParser

    if ref is None and not re.search(_YEAR_RE, text):
        return None
    base = dt.datetime(ref.year, ref.month, ref.day) if ref is not None else dt.datetime(2000, 1, 1)
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": prefer if prefer in ("past", "future") else "current_period",
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "MDY",
            "PREFER_LOCALE_DATE_ORDER": False,
        },
    )
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


# --------------------------------------------------------------------------
# Span selection and classification
# --------------------------------------------------------------------------


def _norm(text: str) -> str:
    t = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    t = re.sub(r"\s+", " ", t).strip().lower()
    t = re.sub(r"\s*'s$", "", t)
    return t.strip(" ,.;:")


def trim_date_span(span: Span) -> Span | None:
    """Drop leading prepositions/adverbs and trailing punctuation/possessives."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and (
        doc[s].lower_ in LEADING_STRIP
        or doc[s].is_punct
        or doc[s].lower_ == "'s"
        or (doc[s].lower_ in ("a", "an") and s + 1 < e and _is_day_or_month(doc[s + 1]))
    ):
        s += 1
    while e > s and (
        doc[e - 1].is_punct and doc[e - 1].text not in (".",) or doc[e - 1].tag_ == "POS" or doc[e - 1].lower_ in ("'s", "’s")
    ):
        e -= 1
    # a trailing "." belongs to an abbreviation ("Sept.") only when glued to it
    while e > s and doc[e - 1].text == "." and doc[e - 1].i > 0 and doc[e - 2].whitespace_:
        e -= 1
    return doc[s:e] if e > s else None


def _is_day_or_month(tok) -> bool:
    w = tok.lower_.rstrip(".")
    return (w in MONTHS and tok.is_title) or (w in WEEKDAYS and tok.is_title)


_HOLIDAY_FIRST = {k.split()[0] for k in HOLIDAYS} - {"the"}
# Only these words can open a date shape the scan looks for.
_SCAN_TRIGGERS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(SEASONS)
    | _HOLIDAY_FIRST
    | {"today", "yesterday", "tomorrow", "tonight", "week", "month", "year", "weekend"}
)
# Range connectors that join two date spans into one mention ("Wednesday through Sunday").
_RANGE_CONNECTORS = {"through", "thru", "to", "until", "till", "–", "-", "—"}


def _scan_missed(doc: Doc, covered: set[int]) -> list[tuple[int, int]]:
    """Date shapes the small model's NER often misses, as (start, end) token spans."""
    n = len(doc)
    found = []
    i = 0
    while i < n:
        if i in covered:
            i += 1
            continue
        tok = doc[i]
        w = tok.lower_.rstrip(".")
        if w not in _SCAN_TRIGGERS:
            i += 1
            continue
        prev = doc[i - 1].lower_ if i > 0 else ""
        extra = None
        if w in WEEKDAYS and tok.is_title and len(w) > 3:
            s = i - 1 if prev in ("last", "next", "late", "early") else i
            e = i + 1
            if e < n and doc[e].lower_ in DAY_PARTS:
                e += 1
            extra = (s, e)
        elif w in MONTHS and tok.is_title and (w not in ("may", "march") or tok.tag_ == "NNP"):
            s, e = i, i + 1
            if prev in ("mid", "early", "late", "last", "next", "this"):
                s = i - 1
            elif i > 1 and prev == "-" and doc[i - 2].lower_ == "mid":
                s = i - 2
            if e < n and re.match(r"^\d{1,2}(st|nd|rd|th)?$", doc[e].text):
                e += 1
                if e + 1 < n and doc[e].text == "," and re.match("^" + _YEAR_RE + "$", doc[e + 1].text):
                    e += 2
            elif e < n and re.match("^" + _YEAR_RE + "$", doc[e].text):
                e += 1
            # a bare month name needs a date context ("in March"), not "March" the verb
            if e - s > 1 or prev in ("in", "since", "until", "by", "last", "next", "this", "early", "late", "mid"):
                extra = (s, e)
        elif w in SEASONS and prev in ("last", "this", "next", "early", "late"):
            extra = (i - 1, i + 1)
        elif (
            w in SEASONS
            and prev == "the"
            and i > 1
            and doc[i - 2].lower_ in ("in", "during", "by", "until", "this", "since")
            and not (i + 1 < n and doc[i + 1].lower_ in ("of", "in") and not (i + 2 < n and re.match(_YEAR_RE, doc[i + 2].text)))
        ):
            extra = (i - 1, i + 1)  # "in the fall", not "the fall of Rome"
        elif w in ("today", "yesterday", "tomorrow", "tonight"):
            extra = (i, i + 1)
        elif w in ("week", "month", "year", "weekend") and prev in ("this", "last", "next"):
            s = i - 1
            if s > 0 and doc[s - 1].lower_ in ("earlier", "later"):
                s -= 1
            extra = (s, i + 1)
        elif w in _HOLIDAY_FIRST and tok.is_title:
            for k in range(5, 0, -1):
                if i + k <= n and _norm(doc[i : i + k].text) in HOLIDAYS and any(t.is_title for t in doc[i : i + k]):
                    extra = (i, i + k)
                    break
        if extra and not any(k in covered for k in range(*extra)):
            found.append(extra)
            covered.update(range(*extra))
            i = extra[1]
            continue
        i += 1
    return found


def candidate_spans(doc: Doc) -> list[Span]:
    """DATE/TIME entities plus date shapes the NER missed, merged, sorted, non-overlapping.

    Adjacent pieces are merged ("Thursday" + "night", "tomorrow" + "morning"),
    so are two dates joined by a range connector ("Wednesday through Sunday"),
    and a number range in front of a relative date ("three or" + "four months ago").
    """
    bounds = [(e.start, e.end) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    covered = set()
    for s, e in bounds:
        covered.update(range(s, e))
    bounds = sorted(bounds + _scan_missed(doc, covered))
    merged: list[list[int]] = []
    for s, e in bounds:
        if merged:
            ps, pe = merged[-1]
            gap = doc[pe:s]
            second_is_day_part = all(t.lower_ in DAY_PARTS or t.lower_ in ("the", "early", "late") for t in doc[s:e])
            if (
                s == pe
                and second_is_day_part
                and not doc[pe - 1].is_punct
                or (len(gap) == 1 and gap[0].lower_ in _RANGE_CONNECTORS and doc[s - 1].sent.start == doc[ps].sent.start)
            ):
                merged[-1][1] = e
                continue
        merged.append([s, e])
    spans = []
    n = len(doc)
    for s, e in merged:
        # "three or four months ago": NER keeps only "four months ago"
        if s >= 2 and doc[s - 1].lower_ in ("or", "to", "-") and (doc[s - 2].like_num) and doc[s].like_num:
            s -= 2
        # "this" + "week", "earlier this" + "month": NER sometimes drops the deictic
        while (
            s > 0
            and doc[s - 1].lower_ in ("this", "last", "next", "earlier", "later", "early", "late")
            and doc[s].lower_ not in ("this", "last", "next", "the", "a", "an")
        ):
            s -= 1
        # "tomorrow" + "morning", "Monday" + "night"
        while e < n and doc[e].lower_ in DAY_PARTS and doc[e].lower_ != "tonight":
            e += 1
        # "between now and Nov. 8": "now" is no date
        k = s
        while k < e - 1 and doc[k].lower_ in ("between", "from", "now", "and", "until", "through", "to", "till"):
            k += 1
        if k > s and any(t.lower_ == "now" for t in doc[s:k]):
            s = k
        spans.append(doc[s:e])
    return spans


def governing_tense(span: Span) -> str:
    """'past', 'future' or 'present' from the verb the date hangs on.

    A date that modifies a noun ("the March 1 primary", "Tuesday's vote") is
    not an adverbial of the verb: its tense says nothing ('none').
    """
    tok = span.root
    if tok.dep_ in ("compound", "nmod", "amod", "poss") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > span.end - 1:
        return "none"
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return "none"
    kids = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(k in ("will", "'ll", "shall", "wo", "’ll") for k in kids):
        return "future"
    if tok.lemma_ in FUTURE_VERBS and tok.tag_ in ("VBN", "VBZ", "VBP", "JJ"):
        return "future"
    if tok.lemma_ == "go" and tok.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in tok.children):
        return "future"
    head = tok.head
    if head is not tok and head.lemma_ == "go" and head.tag_ == "VBG" and tok.dep_ == "xcomp":
        return "future"
    if head is not tok and head.lemma_ in FUTURE_VERBS and tok.dep_ == "xcomp":
        return "future"
    if any(k in ("would", "could", "may", "might", "should", "can", "must") for k in kids):
        return "present"
    if tok.tag_ in ("VBD", "VBN"):
        return "past"
    return "present"


def _classify(text: str) -> str:
    """'skip' (not a date), 'vague' (a date with no value) or 'resolve'."""
    t = text
    if t in HOLIDAYS:
        return "resolve"
    if not t or t in NOT_DATES or t in DAY_PARTS or t in DATE_UNIT_WORDS:
        return "skip" if t != "tonight" else "resolve"
    words = t.split()
    relative = bool(re.search(r"\b(?:ago|earlier|later|before|after|from now)\b", t))
    if words[0] in FREQUENCY_MARKERS and len(words) > 1 and words[1] in DATE_UNIT_WORDS | {"other", "single"} and not relative:
        return "skip"
    if words[0] in ("each", "every", "annual", "annually", "daily", "weekly", "monthly", "yearly"):
        return "skip"
    if _AGE_RE.search(t) and not re.search(r"\bago\b", t):
        return "skip"
    if re.fullmatch(r"[\w.]+-(?:second|minute|hour|day|week|month|year|decade)s?(?:-long)?", t) or t == "last-minute":
        return "skip"  # "four-day", "last-minute": adjectives, not dates
    if _TIME_RE.fullmatch(t) or re.fullmatch(r"\d{1,2}:\d{2}", t) or t in ("noon", "midnight"):
        return "skip"
    if _DECADE_RE.match(t):
        return "vague"
    named = bool(_NAMED_ANCHOR_RE.search(t))
    has_anchor = named or bool(
        re.search(
            r"\bago\b|today|yesterday|tomorrow|tonight|\bthis\b|\blast\b|\bnext\b|earlier|later|\bfrom now\b|spring|summer|fall|autumn|winter|/\d|\bday\b",
            t,
        )
    )
    if (
        _DURATION_RE.match(t)
        and not named
        and not re.search(r"\b(?:ago|earlier|later|before|after|from now|this|of " + _YEAR_RE + r")\b", t)
    ):
        if re.search(r"\b(?:recent|past|coming|upcoming|next|last|previous|prior|following|final)\b", t):
            # "the past two years", "recent weeks", "the next four years": a period
            # with no single date; "last year"/"next month" resolve below
            if not _REL_UNIT_RE.match(_strip_modifiers(t)):
                return "vague"
            return "resolve"
        return "skip"
    if re.search(r"\brecent\b", t) or re.fullmatch(r"(?:the\s+)?(?:early|late|mid)\s+\w+s", t):
        return "vague"
    if re.search(r"\b(?:several|few|many|some|couple|dozens?)\b.*\b(?:ago|earlier|later)\b", t):
        return "vague"
    if not has_anchor and not any(h in t for h in HOLIDAYS):
        return "skip"
    return "resolve"


# --------------------------------------------------------------------------
# Resolution of one expression
# --------------------------------------------------------------------------


def _strip_modifiers(t: str) -> str:
    """ "early August 2024" -> "August 2024", "the end of this month" -> "this month"."""
    prev = None
    while prev != t:
        prev = t
        m = _MODIFIER_RE.match(t)
        if m and m.end() < len(t):
            rest = t[m.end() :].strip()
            # "fall 2015" is a season, not a modifier: keep seasons when they are the head
            if m.group(0).strip().rstrip("-").strip() in SEASONS and not rest.startswith("of"):
                break
            t = rest
            t = re.sub(r"^(?:of|in)\s+", "", t)
    return t


def _first_of_range(t: str) -> list[str]:
    """A range or list keeps its first end: "aug. 5-6" -> "aug. 5"."""
    t = _DAY_RANGE_RE.sub(r"\1", t)
    parts = [p.strip() for p in _RANGE_SPLIT_RE.split(t) if p and p.strip()]
    return parts or [t]


def _strip_time_of_day(t: str) -> str:
    t = _TIME_RE.sub("", t).strip(" ,")
    words = t.split()
    if len(words) > 1 and words[-1] in DAY_PARTS:
        t = " ".join(words[:-1])
    elif len(words) > 1 and words[0] in DAY_PARTS | {"late", "early"} and words[1] in WEEKDAYS:
        t = " ".join(words[1:])
    return t.strip(" ,")


def resolve_text(text: str, ref: dt.date | None, tense: str = "past") -> tuple[str | None, str | None]:
    """(value, granularity) of one date expression against a reference date.

    ``tense`` is the tense of the governing verb ('past', 'future', 'present'
    or 'none'); it decides which way a yearless date or a weekday points.
    Pure apart from the memoised dateparser call.
    """
    t = _norm(text)
    kind = _classify(t)
    if kind != "resolve":
        return None, None
    if _ISO_RE.match(t) or _AGO_RE.match(t) or t in RELATIVE_DAY:
        return _resolve_simple(t, ref, tense)
    t = _strip_time_of_day(t)
    t = _strip_modifiers(t)
    if t in ("now", ""):
        return None, None
    for part in _first_of_range(t):
        part = _strip_modifiers(_strip_time_of_day(part))
        if part in ("now", "today") and part != t and len(_first_of_range(t)) > 1 and part == "now":
            continue
        value = _resolve_simple(part, ref, tense)
        if value != (None, None):
            return value
    return None, None


def _resolve_simple(t: str, ref: dt.date | None, tense: str) -> tuple[str | None, str | None]:
    """Closed-class forms by arithmetic, the rest by dateparser."""
    prefer_dates = "future" if tense == "future" else ("past" if tense == "past" else "nearest")
    # weekdays in news point back unless the verb is in the future ("present" is kept
    # apart only for "this Tuesday", which points forward unless the verb is past)
    prefer_days = "future" if tense == "future" else ("past" if tense == "past" else "present")
    # absolute forms first: they need no reference
    m = _ISO_RE.match(t)
    if m:
        try:
            return fmt(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day"), "day"
        except ValueError:
            return None, None
    m = _YEAR_ONLY_RE.match(t)
    if m:
        return m.group(1), "year"
    m = _SHORT_YEAR_RE.match(t)
    if m:
        yy = int(m.group(1))
        return str((2000 if ref is None or yy <= (ref.year % 100) + 1 else 1900) + yy), "year"
    if t in ("9/11",):
        return "2001-09-11", "day"
    m = _MONTH_DAY_RE.match(t) or None
    if m:
        month, day, year = (
            MONTHS[m.group(1).rstrip(".")[:3] if m.group(1).rstrip(".") not in MONTHS else m.group(1).rstrip(".")],
            int(m.group(2)),
            m.group(3),
        )
        return _month_day(month, day, int(year) if year else None, ref, prefer_dates)
    m = _DAY_MONTH_RE.match(t)
    if m:
        month = _month_num(m.group(2))
        return _month_day(month, int(m.group(1)), int(m.group(3)) if m.group(3) else None, ref, prefer_dates)
    m = _MONTH_YEAR_RE.match(t)
    if m and _month_num(m.group(1)):
        month = _month_num(m.group(1))
        if m.group(2):
            return f"{int(m.group(2)):04d}-{month:02d}", "month"
        if ref is None:
            return None, None
        d = choose_year(month, None, ref, prefer_dates)
        return (fmt(d, "month"), "month") if d else (None, None)
    m = _SEASON_RE.match(t)
    if m:
        mod = m.group(1) if m.group(1) not in ("the",) else None
        return season_value(m.group(2), mod, int(m.group(3)) if m.group(3) else None, ref, prefer_dates)
    if t in HOLIDAYS:
        if ref is None:
            return None, None
        rule = HOLIDAYS[t]
        cands = [rule(ref.year - 1), rule(ref.year), rule(ref.year + 1)]
        if prefer_dates == "past":
            d = max(c for c in cands if c <= ref)
        elif prefer_dates == "future":
            d = min(c for c in cands if c >= ref)
        else:
            d = min(cands, key=lambda c: abs((c - ref).days))
        return fmt(d, "day"), "day"
    m = re.match(r"^(.+?)\s+(?:of\s+)?(" + _YEAR_RE + r")$", t)
    if m and m.group(1) in HOLIDAYS:
        return fmt(HOLIDAYS[m.group(1)](int(m.group(2))), "day"), "day"
    # everything below is relative to the reference date
    if ref is None:
        return None, None
    if t in RELATIVE_DAY:
        return fmt(ref + dt.timedelta(days=RELATIVE_DAY[t]), "day"), "day"
    m = _WEEKDAY_FULL_RE.match(t)
    if m:
        return fmt(weekday_date(WEEKDAYS[m.group(2)], ref, prefer_days, m.group(1)), "day"), "day"
    m = _MONTH_REL_YEAR_RE.match(t)
    if m:
        shift = {"last": -1, "this": 0, "next": 1}[m.group(2)]
        return f"{ref.year + shift:04d}-{_month_num(m.group(1)):02d}", "month"
    m = _REL_MONTH_RE.match(t)
    if m:
        month = _month_num(m.group(2))
        mod = m.group(1)
        if mod in ("last", "this past"):
            y = ref.year if month < ref.month else ref.year - 1
        elif mod in ("next", "this coming"):
            y = ref.year if month > ref.month else ref.year + 1
        else:
            y = ref.year
        return f"{y:04d}-{month:02d}", "month"
    m = _REL_UNIT_RE.match(t)
    if m:
        return _relative_unit(m.group(1), m.group(2), ref)
    m = _AGO_RE.match(t)
    if m:
        return _ago(m.group(1), m.group(2), m.group(3), ref)
    # the general case: dateparser, memoised
    r = _dateparser_resolve(t, ref, prefer_dates if prefer_dates != "nearest" else "past")
    if r is None:
        return None, None
    d, period = r
    if prefer_dates == "nearest" and not re.search(_YEAR_RE, t) and period in ("day", "month"):
        # dateparser has no "nearest": move a yearless date a year on when that is closer
        try:
            alt = d.replace(year=d.year + 1)
            if abs((alt - ref).days) < abs((d - ref).days):
                d = alt
        except ValueError:
            pass
    if period == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return period_value(monday, monday + dt.timedelta(days=6))
    if period not in ("day", "month", "year"):
        period = "day"
    return fmt(d, period), period


def _month_num(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(key[:3]) or 0


def _month_day(month: int, day: int, year: int | None, ref: dt.date | None, prefer: str) -> tuple[str | None, str | None]:
    if not month:
        return None, None
    if year is not None:
        try:
            return dt.date(year, month, day).isoformat(), "day"
        except ValueError:
            return None, None
    if ref is None:
        return None, None
    d = choose_year(month, day, ref, prefer)
    return (d.isoformat(), "day") if d else (None, None)


def _relative_unit(mod: str, unit: str, ref: dt.date) -> tuple[str | None, str | None]:
    """ "last week", "this month", "next year", "earlier this week"."""
    mod = mod.lower()
    shift = (
        -1
        if mod in ("last", "the past", "the previous", "this past")
        else (1 if mod in ("next", "the coming", "the following", "this coming") else 0)
    )
    if mod in ("the past", "the coming") and unit != "weekend":
        return None, None  # "the past year" is a span of time up to now, not a date
    if unit == "year":
        return str(ref.year + shift), "year"
    if unit == "month":
        return fmt(add_months(ref.replace(day=1), shift), "month"), "month"
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
    if unit == "weekend":
        sat = monday + dt.timedelta(days=5)
        if shift == 0 and ref.weekday() < 5:
            # "this weekend" before it comes is the coming one; "last weekend" the one before
            pass
        elif shift == -1 and ref.weekday() >= 5:
            sat = sat
        return period_value(sat, sat + dt.timedelta(days=1))
    return period_value(monday, monday + dt.timedelta(days=6))


# "a year ago", "six months ago": the number words of number recognition, and the article
_AGO_NUMBERS = {**SMALL_NUMBERS, "a": 1, "an": 1}


def _ago(num: str | None, unit: str, direction: str, ref: dt.date) -> tuple[str | None, str | None]:
    """ "six months ago" -> the month six months before ref; "two years ago" -> its year."""
    if num is None:
        n = 1
    elif num.isdigit():
        n = int(num)
    elif num.lower() in _AGO_NUMBERS:
        n = _AGO_NUMBERS[num.lower()]
    else:
        return None, None  # "several weeks ago": vague
    if direction.lower() in ("earlier", "before", "later"):
        # "Four years later, the movement ...": counted from an event in the story,
        # not from the reference date; only "ago" and "from now" are deictic
        return None, None
    sign = -1 if direction.lower() == "ago" else 1
    unit = unit.lower().rstrip("s")
    if unit in ("centurie", "century"):
        return str(ref.year + sign * 100 * n), "year"
    if unit == "decade":
        return str(ref.year + sign * 10 * n), "year"
    if unit == "year":
        return str(ref.year + sign * n), "year"
    if unit == "month":
        return fmt(add_months(ref, sign * n), "month"), "month"
    if unit == "week":
        d = ref + dt.timedelta(weeks=sign * n)
        monday = d - dt.timedelta(days=d.weekday())
        return period_value(monday, monday + dt.timedelta(days=6))
    if unit == "day":
        return fmt(ref + dt.timedelta(days=sign * n), "day"), "day"
    return None, None


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def named_event(span: Span) -> str | None:
    """ "the Sept. 11 attacks": a date that names a known event, not a day this year."""
    t = _norm(span.text)
    nxt = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if (re.fullmatch(r"sept?(?:ember)?\.? 11", t) and nxt in EVENT_NOUNS) or t == "9/11":
        return "2001-09-11"
    return None


def resolve_dates(doc: Doc, reference: dt.date | None, spans: list[Span] | None = None) -> Iterator[DateMention]:
    """Every date mention in a parsed Doc, resolved against ``reference``.

    A pure function over the parse (it writes nothing to the Doc).  Relative
    expressions resolve to None when ``reference`` is None.
    """
    last_year: int | None = None  # the latest explicit year so far, for "that year"
    for span in spans if spans is not None else candidate_spans(doc):
        trimmed = trim_date_span(span)
        if trimmed is None:
            continue
        first = trimmed[0]
        if first.text in ("This", "Last", "Next") and not first.is_sent_start and all(t.is_title for t in trimmed if t.is_alpha):
            continue  # ABC's "This Week": a title, not a date
        text = _norm(trimmed.text)
        raw = trimmed.text
        if "that year" in text and last_year is not None:
            # "in January of that year": the year the text last named
            raw = re.sub(r"(?i)that year", str(last_year), raw)
            text = _norm(raw)
        year = explicit_parts(trimmed.text)[0]
        if year is not None:
            last_year = year
        event = named_event(trimmed)
        if event is not None:
            value, gran = event, "day"
        else:
            kind = _classify(text)
            if kind == "skip":
                continue
            if kind == "vague":
                value, gran = None, None
            else:
                value, gran = resolve_text(raw, reference, governing_tense(trimmed))
                if value is None and _classify(_strip_modifiers(_strip_time_of_day(text))) == "skip":
                    continue  # "the night of" and other anchorless pieces
        yield DateMention(start=trimmed.start_char, end=trimmed.end_char, text=trimmed.text, value=value, granularity=gran)


def explicit_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) written out in an expression, without any reference."""
    t = _strip_modifiers(_strip_time_of_day(_norm(text)))
    t = _first_of_range(t)[0]
    m = _MONTH_DAY_RE.match(t)
    if m:
        return (int(m.group(3)) if m.group(3) else None), _month_num(m.group(1)), int(m.group(2))
    m = _DAY_MONTH_RE.match(t)
    if m:
        return (int(m.group(3)) if m.group(3) else None), _month_num(m.group(2)), int(m.group(1))
    m = _MONTH_YEAR_RE.match(t)
    if m and _month_num(m.group(1)):
        return (int(m.group(2)) if m.group(2) else None), _month_num(m.group(1)), None
    m = _YEAR_ONLY_RE.match(t)
    if m:
        return int(m.group(1)), None, None
    m = _ISO_RE.match(t)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None, None, None


def as_date(value) -> dt.date | None:
    """The caller's ``published`` as a date (a date, a datetime or an ISO string)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def warm_up() -> None:
    """Load dateparser's language data and compile its regexes once (~0.5 s),
    at pipeline construction rather than inside the first document."""
    _dateparser_resolve("the first of march 2001", dt.date(2001, 1, 1), "past")
