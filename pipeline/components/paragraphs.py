"""``claims_paragraphs``: a blank line ends a sentence (set before the parser)."""

from __future__ import annotations

import re

from spacy.language import Language

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@Language.component("claims_paragraphs", assigns=["token.is_sent_start"])
def paragraph_sentences(doc):
    """A blank line ends a sentence: set the sentence start the parser must respect.

    The small English parser often runs a sentence on across a paragraph break
    ("...spoiled child."\n\n"You have to ..."), which puts one paragraph's
    reporting verb in the frame of the next paragraph's quotation. Set before
    the parser, these starts are kept by it (spaCy honours preset boundaries).
    Placed after a parser it has nothing left to do: spaCy forbids changing
    the sentence starts of a parsed Doc.
    """
    if doc.has_annotation("DEP"):
        return doc
    for token in doc[:-1]:
        if token.is_space and _BLANK_LINE.search(token.text):
            doc[token.i + 1].is_sent_start = True
            # a closing mark ending the paragraph stays with its sentence
            before = token.i - 1
            while before > 0 and (doc[before].is_quote or doc[before].is_bracket) and doc[before - 1].is_punct:
                doc[before].is_sent_start = False
                before -= 1
    return doc
