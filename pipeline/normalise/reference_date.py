"""The date an article was written when it gives no publication date: the
date its explicit dates point to."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from .dates import candidate_spans, explicit_parts, governing_tense, named_event, trim_date_span


def infer_reference_date(doc: Doc, spans: list[Span] | None = None) -> dt.date | None:
    """A reference date read from the text alone (never the machine's clock).

    The article is taken to be written after every explicitly dated event it
    mentions in a past or present tense ("launched ... in early August 2024"):
    the latest such date is a lower bound L.  Yearless "Month Day" mentions
    ("on Feb. 2", "Jan. 31") are placed at their first occurrence on or after
    L, and the latest of them is the reference.  With no yearless day but a
    fully dated past event, that date is the reference; otherwise None.
    """
    lower: dt.date | None = None
    full_dates: list[dt.date] = []
    yearless: list[tuple[int, int]] = []
    for span in spans if spans is not None else candidate_spans(doc):
        trimmed = trim_date_span(span)
        if trimmed is None or named_event(trimmed):
            continue
        year, month, day = explicit_parts(trimmed.text)
        if year is None and month and day:
            yearless.append((month, day))
            continue
        if year is None:
            continue
        if governing_tense(trimmed) == "future":
            continue  # "elections will be held in 2026" bounds nothing from below
        start = dt.date(year, month or 1, day or 1)
        if day:
            full_dates.append(start)
        lower = start if lower is None or start > lower else lower
    if lower is None:
        return None
    if yearless:
        placed = []
        for month, day in yearless:
            for y in (lower.year, lower.year + 1):
                try:
                    d = dt.date(y, month, day)
                except ValueError:
                    continue
                if d >= lower:
                    placed.append(d)
                    break
        if placed:
            return max(placed)
    if full_dates:
        return max(full_dates)
    return None
