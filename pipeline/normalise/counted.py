"""What a number counts: the noun phrase after it ("12,000 North Korean
troops" -> "North Korean troops"), after "of", or an antecedent."""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Token

from .number_words import COUNTED_STRIP, CURRENCY_WORDS, NOMINAL_ADJECTIVES
from .units import UNIT_WORDS
from .words import MONTH_WORDS as MONTHS


def _strip_counted(tokens: Sequence[Token], nominal: bool = False) -> str | None:
    """The counted phrase without leading determiners/possessives/numbers.

    A possessor goes with its marker ("Hillary Clinton's campaign donors" ->
    "campaign donors"); nouns coordinated with the head come along ("soldiers
    and police officers").  ``nominal`` accepts an adjective or participle
    used as a noun ("the 53 wounded").
    """
    toks = list(tokens)
    pos_marks = [k for k, t in enumerate(toks) if t.tag_ == "POS" or t.lower_ in ("'s", "’s")]
    if pos_marks and pos_marks[-1] < len(toks) - 1:
        toks = toks[pos_marks[-1] + 1 :]
    while toks and (
        toks[0].lower_ in COUNTED_STRIP
        or toks[0].tag_ in ("DT", "PRP$", "POS", "CD", "HYPH")
        or toks[0].is_punct
        or toks[0].dep_ == "poss"
        or toks[0].lower_ in MONTHS
    ):
        # a possessive phrase ("Iowa 's") goes with its marker
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks.pop()
    heads_ok = ("NOUN", "PROPN") + (("ADJ", "VERB") if nominal else ())
    if not toks or toks[-1].pos_ not in heads_ok:
        return None
    if toks[-1].pos_ == "PRON" or toks[-1].tag_ in ("PRP", "WP"):
        return None
    # words glued by hyphens to the head belong to it: "brothers-in-law"
    last = toks[-1]
    doc = last.doc
    k = last.i
    while k + 2 < len(doc) and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_:
        k += 2
    # coordinated nouns counted together: "20 former crew members, editors and contestants"
    conj = _last_conj(last)
    if conj is not None:
        k = max(k, conj.i)
    # Span.text, not doc.text: the latter rebuilds the whole text on every access
    return doc[toks[0].i : k + 1].text


def _last_conj(head: Token) -> Token | None:
    """The last noun coordinated with head by "and"/"or" (a chain of conj), if any."""
    last = None
    tok = head
    for _ in range(6):
        nxt = next(
            (
                c
                for c in tok.children
                if c.dep_ == "conj" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN") and c.tag_ in ("NNS", "NNPS", "NN")
            ),
            None,
        )
        if nxt is None:
            break
        between = head.doc[tok.i + 1 : nxt.left_edge.i]
        if any(not (t.is_punct or t.dep_ == "cc") for t in between):
            break  # a clause in between: "Latinos who are eligible ... and efforts"
        if (
            any(t.like_num or t.is_digit for t in between)
            or any(t.like_num for t in head.doc[nxt.left_edge.i : nxt.i])
            or any(c.dep_ in ("det", "poss") for c in nxt.children)
        ):
            break  # "25 delegates and 13 ..." is two counts
        last = tok = nxt
    if last is not None and not any(c.dep_ == "cc" for t in (head, *head.conjuncts) for c in t.children):
        return None
    return last


def _np_from(tok: Token, floor: int = 0) -> str | None:
    """The noun phrase headed by tok: its left modifiers and tok, no PPs or clauses."""
    doc = tok.doc
    start = tok.i
    # walk left over contiguous pre-modifiers of tok (amod, compound, nmod, conj'd adjectives)
    while (
        start > max(tok.left_edge.i, floor)
        and doc[start - 1].dep_ not in ("prep", "punct")
        and doc[start - 1].head.i >= start - 1
        and doc[start - 1].tag_ not in ("CD",)
        and doc[start - 1].lower_ not in ("of",)
    ):
        start -= 1
    return _strip_counted(doc[start : tok.i + 1])


def _counted_after_of(doc: Doc, j: int) -> str | None:
    """ "of" at token j introduces the counted thing: "60,000 of their soldiers"."""
    n = len(doc)
    if j >= n or doc[j].lower_ != "of":
        return None
    pobj = next((c for c in doc[j].children if c.dep_ == "pobj"), None)
    if pobj is None:
        # the parser sometimes hangs the noun elsewhere: take the next noun
        pobj = next((t for t in doc[j + 1 : min(n, j + 8)] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if pobj is None:
            return None
    if pobj.tag_ in ("WP", "WDT"):
        return _antecedent(doc, j)
    if pobj.pos_ == "PRON":
        return None
    # "of the 53 wounded": the parser made the number the object
    if pobj.like_num and pobj.i + 1 < n:
        after = doc[pobj.i + 1]
        if after.lower_ in NOMINAL_ADJECTIVES:
            return after.text
        if after.pos_ in ("NOUN", "PROPN") and after.lower_ not in UNIT_WORDS:
            return _np_from(after, floor=pobj.i + 1)
    # "one-half of 1 percent": a quantity of a quantity counts nothing named
    if pobj.lower_ in UNIT_WORDS or pobj.lower_ in CURRENCY_WORDS or (j + 1 < n and doc[j + 1].like_num):
        return None
    return _strip_counted(doc[max(pobj.left_edge.i, j + 1) : pobj.i + 1], nominal=True) if pobj.i > j else None


def _antecedent(doc: Doc, i: int) -> str | None:
    """For "of whom/which": the nearest plural noun before token i in its sentence."""
    sent_start = doc[i].sent.start
    for k in range(i - 1, sent_start - 1, -1):
        t = doc[k]
        if t.tag_ in ("NNS", "NNPS") and t.pos_ in ("NOUN", "PROPN"):
            return _np_from(t)
    return None


def counted_noun(doc: Doc, start: int, end: int, core_last: int, unit: str | None, kind: str) -> str | None:
    """What the mention counts (None when it counts nothing the text names)."""
    n = len(doc)
    # "of whom more than 4,000": a fronted "of" + relative pronoun
    if start >= 2 and doc[start - 2].lower_ == "of" and doc[start - 1].tag_ in ("WP", "WDT"):
        return _antecedent(doc, start - 2)
    # "60,000 of their soldiers", "dozens of officers", "43% of Ohio voters"
    j = end
    if j < n and doc[j].lower_ == "of":
        return _counted_after_of(doc, j)
    if j + 1 < n and doc[j].lower_ == "out" and doc[j + 1].lower_ == "of" and any(t.like_num for t in doc[j + 2 : j + 4]):
        return _counted_after_of(doc, j + 1)  # "49 out of the 54 seats", not "out of our country"
    if j < n and doc[j].text == "(":
        # "1,300 square kilometers (500 square miles) of Russian territory"
        close = next((k for k in range(j, min(n, j + 12)) if doc[k].text == ")"), None)
        if close is not None and close + 1 < n and doc[close + 1].lower_ == "of":
            return _counted_after_of(doc, close + 1)
    if j < n and doc[j].text == "-" and not doc[j - 1].whitespace_:
        return None  # "a 5.1-magnitude earthquake": the compound is no count
    if kind == "fraction":
        # "half the states", "less than half its peak"
        if j < n and doc[j].tag_ in ("DT", "PRP$"):
            head = next((t for t in doc[j : min(n, j + 6)] if t.pos_ in ("NOUN", "PROPN")), None)
            return _np_from(head, floor=j) if head is not None else None
        return None
    if unit is not None:
        return None  # a unit is not the thing counted
    # the noun the number modifies, to its right: "12,000 North Korean troops"
    tok = doc[core_last]
    head = tok.head
    # a quantmod/compound chain inside the core ends at the number's own head
    hops = 0
    while head.i < end and head.i >= start and head.i != head.head.i and hops < 4:
        head = head.head
        hops += 1
    # "14 million more jobs": through a quantity adjective to its noun
    if (
        head.i >= end
        and head.pos_ in ("ADJ", "ADV")
        and head.head.i > head.i
        and head.head.pos_ in ("NOUN", "PROPN")
        and head.dep_ in ("amod", "advmod", "npadvmod")
    ):
        head = head.head
    nominal_head = (
        head.pos_ in ("ADJ", "VERB")
        and head.tag_ in ("VBN", "JJ")
        and head.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj")
        and not any(c.pos_ in ("NOUN", "PROPN") for c in head.children)
    )
    if (
        head.i >= end
        and (head.pos_ in ("NOUN", "PROPN") or nominal_head)
        and tok.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "det", "dep", "appos")
    ):
        between = doc[end : head.i + 1]
        # everything between must hang off the head (no second NP)
        if all(t.head.i >= end and t.head.i <= head.i for t in between[:-1]) and head.i - end < 8:
            if not any(t.lower_ in ("of", ",", ";", "and", "or") and t.dep_ not in ("cc",) for t in between[:-1]):
                return _strip_counted(between, nominal=nominal_head)
    # "the 53 wounded": adjectives and participles news uses as nouns
    if end < n and doc[end].lower_ in NOMINAL_ADJECTIVES and not (end + 1 < n and doc[end + 1].pos_ in ("NOUN", "PROPN")):
        return doc[end].text
    # fallback: a plural noun right after the number ("40 bottles") the parse missed,
    # also past a closing quotation mark ('the "2 million-plus" people')
    k = end + 1 if end < n and doc[end].is_quote else end
    if k < n and doc[k].tag_ in ("NNS", "NNPS") and doc[k].pos_ in ("NOUN", "PROPN"):
        return _strip_counted(doc[k : k + 1])
    return None
