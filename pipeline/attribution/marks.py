"""Quotation marks paired on the raw text into quotations (straight, curly,
guillemets, ``''`` for both ends; across paragraphs; unbalanced marks cut at the
paragraph end)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Quotation:
    """Content between a pair of quotation marks (marks excluded)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset just past the closing mark (or the paragraph end)
    group: int  # one quotation continued over paragraphs shares a group
    closed: bool = True


# --------------------------------------------------------- quotation marks

# Marks that only open, only close, or (straight quotes, and '' in NYT copy) both.
OPENING_MARKS = ("“", "«", "„", "``")
CLOSING_MARKS = ("”", "»")
AMBIGUOUS_MARKS = ('"', "''")
_MARK_RE = re.compile(r"``|''|[\"“”«»„]")
_SINGLE_RE = re.compile(r"[‘’]")
_PARAGRAPH_RE = re.compile(r"[^\n]+")


def find_quotations(text: str) -> list[Quotation]:
    """Pair the double quotation marks of ``text`` into quotations.

    Works paragraph by paragraph (a paragraph is a line). A quote still open at
    the end of a paragraph continues into the next paragraph when that one opens
    with a mark (the convention for multi-paragraph quotes); otherwise it ends
    with its paragraph and is marked unclosed. Top-level single quotes (‘...’,
    British style) are used only when no double quote is open and they pair
    within the paragraph; apostrophes are never opening marks.
    """
    quotes: list[Quotation] = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip()]
    group = 0
    carry = False  # the previous paragraph ended inside a quote
    for idx, (p_start, p_end) in enumerate(paragraphs):
        para = text[p_start:p_end]
        open_at: int | None = None
        open_len = 0
        spans: list[tuple[int, int, int, int, bool]] = []
        if carry:
            first = _MARK_RE.match(para.lstrip())
            if not first:
                carry = False
        if not carry:
            group += 1
        for m in _MARK_RE.finditer(para):
            mark, pos = m.group(), p_start + m.start()
            if open_at is None:
                if mark in OPENING_MARKS or (mark in AMBIGUOUS_MARKS and _looks_opening(text, pos, len(mark))):
                    open_at, open_len = pos, len(mark)
                elif mark in CLOSING_MARKS and _looks_opening(text, pos, len(mark)) and not _looks_closing(text, pos, len(mark)):
                    open_at, open_len = pos, len(mark)  # a closing mark misused as opening
            else:
                if mark in OPENING_MARKS and mark != "``":
                    # a new opening mark before the old one closed: the old one was unclosed
                    spans.append((open_at, open_at + open_len, pos, pos, False))
                    open_at, open_len = pos, len(mark)
                elif mark in CLOSING_MARKS or mark in AMBIGUOUS_MARKS or mark == "``":
                    spans.append((open_at, open_at + open_len, pos, pos + len(mark), True))
                    open_at = None
        next_opens = idx + 1 < len(paragraphs) and bool(_MARK_RE.match(text[paragraphs[idx + 1][0] : paragraphs[idx + 1][1]].lstrip()))
        if open_at is not None:
            spans.append((open_at, open_at + open_len, p_end, p_end, False))
        if not spans:
            spans = _single_quotes(text, p_start, p_end)
        for k, (o, s, e, c, closed) in enumerate(spans):
            quotes.append(Quotation(start=s, end=e, open_at=o, close_at=c, group=group, closed=closed))
            if k < len(spans) - 1:
                group += 1
        # continue the quotation into the next paragraph when it stays open
        carry = open_at is not None and next_opens
        if open_at is not None and carry:
            quotes[-1].closed = True  # a continued paragraph is a normal fragment
        if carry is False and spans:
            group += 1
    return [_trim(text, q) for q in quotes if text[q.start : q.end].strip()]


def _looks_opening(text: str, pos: int, length: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;,") and not after.isspace()


def _looks_closing(text: str, pos: int, length: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _single_quotes(text: str, p_start: int, p_end: int) -> list[tuple[int, int, int, int, bool]]:
    spans = []
    open_at = None
    for m in _SINGLE_RE.finditer(text, p_start, p_end):
        pos = m.start()
        if m.group() == "‘" and open_at is None and _looks_opening(text, pos, 1):
            open_at = pos
        elif m.group() == "’" and open_at is not None and _looks_closing(text, pos, 1):
            after = text[pos + 1] if pos + 1 < len(text) else " "
            if not after.isalpha():
                spans.append((open_at, open_at + 1, pos, pos + 1, True))
                open_at = None
    return spans


def _trim(text: str, q: Quotation) -> Quotation:
    s, e = q.start, q.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    q.start, q.end = s, e
    return q
