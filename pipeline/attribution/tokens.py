"""Small pure helpers over a parsed Doc: token ranges, character offsets,
name extents and name cleaning, shared by the attribution modules."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token


def indices_with_lemma(doc: Doc, lemmas: Container[str]) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in ``lemmas``, in order.

    Reads the lemma column once (``Doc.to_array``) and looks up each distinct
    lemma once: a Token object per token is what makes a scan of every token
    slow in Python (a news article has ~1,000 tokens and ~400 distinct lemmas)."""
    if not len(doc):
        return []
    column = doc.to_array(LEMMA).tolist()
    strings = doc.vocab.strings
    wanted = {h for h in set(column) if strings[h].lower() in lemmas}
    return [i for i, h in enumerate(column) if h in wanted] if wanted else []


def char_end(doc: Doc, hi: int) -> int:
    """Character offset just past token ``hi - 1``: the end of the token range ``[lo, hi)``."""
    return doc[hi - 1].idx + len(doc[hi - 1])


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def subtree_span(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Token index range [lo, hi) of ``token``'s subtree minus excluded subtrees."""
    skip = set()
    for t in exclude:
        skip.update(w.i for w in t.subtree)
    idx = [w.i for w in token.subtree if w.i not in skip]
    return min(idx), max(idx) + 1


def trim_tokens(doc: Doc, lo: int, hi: int, keep_marks: bool = False) -> tuple[int, int]:
    """Drop leading complementisers/punctuation and trailing punctuation
    (``keep_marks``: only punctuation, for content that is a whole clause: 'If ...')."""
    marks = () if keep_marks else ("that", "if", "whether")
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].dep_ == "mark" and doc[lo].lower_ in marks)):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or (doc[hi - 1].is_punct and doc[hi - 1].text not in ".?!%)")):
        hi -= 1
    return lo, hi


#: dependents that take a word out of the speaker's noun phrase
OUTSIDE_NOUN_PHRASE = ("relcl", "acl", "appos", "punct", "advcl")


def path_up(w: Token, top: Token) -> Iterator[Token]:
    """``w`` and its heads up to, not including, ``top`` (``w`` lies in ``top``'s subtree)."""
    while w.i != top.i:
        yield w
        w = w.head


def glued_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's characters plus those glued to it without a space ('News.Az',
    where the tokenizer splits at the dot), quotation marks and brackets excluded."""
    stop = " \t\n\"“”‘’'()[],;:"
    while start > 0 and text[start - 1] not in stop and text[start - 1].isprintable():
        start -= 1
    while end < len(text) and text[end] not in stop and text[end] not in ".!?" and text[end].isprintable():
        end += 1
    return start, end


def in_hyphenation(t: Token) -> bool:
    """'so-called', 'self-described': part of a hyphenated word, not a verb of speech."""
    doc = t.doc
    return (t.i > 0 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_) or (
        t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_
    )


def according_phrase(t: Token) -> list[Token]:
    """Tokens of 'according to X' (the prep and its object's subtree)."""
    to = [c for c in t.children if c.lower_ == "to"]
    if not to and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
        to = [t.doc[t.i + 1]]
    if not to:
        return [t]
    toks = [t] + list(to[0].subtree)
    return sorted(set(toks), key=lambda w: w.i)


_TITLE_WORDS = re.compile(
    r"^(?:(?:President|Vice President|Prime Minister|Minister|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|"
    r"Gen\.|General|Col\.|Colonel|Lt\.|Capt\.|Dr\.|Mr\.|Mrs\.|Ms\.|Miss|Sir|Judge|Justice|Chancellor|King|Queen|Prince|Pope)\s+)+"
)


def clean_name(text: str) -> str:
    """A person or organisation name without titles, possessive, surrounding
    punctuation and editorial brackets ('[Robert] Mueller' -> 'Robert Mueller')."""
    name = re.sub(r"[’']s$", "", text.strip().replace("[", "").replace("]", "")).strip(' ,.;:"“”')
    name = _TITLE_WORDS.sub("", name)
    return re.sub(r"\s+", " ", name).strip()


def strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
