"""Words and labels shared by numbers, dates, extraction and compare, defined once."""

from __future__ import annotations

#: month name or abbreviation -> month number
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

#: abbreviations: a month word that begins a longer one ("sept" -> "september")
MONTH_ABBREVIATIONS = frozenset(word for word in MONTHS if any(other != word and other.startswith(word) for other in MONTHS))

#: every month word as a token can be written: names, abbreviations, abbreviations with a dot
MONTH_WORDS = frozenset(MONTHS) | {f"{word}." for word in MONTH_ABBREVIATIONS}

#: spaCy entity labels that are numbers or dates: not a claim's entities (they
#: have their own columns) and compared through ``numbers``/``dates``
NUMERIC_ENTITY_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})
