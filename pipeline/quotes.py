"""Stage 3: quotations and reported speech, linked to their speakers.

A spaCy component (``nlp.add_pipe("claims_quotes")``) that sets
``Doc._.claims``: a list of :class:`ClaimMention` in text order, one for each
direct quote (or quote fragment), indirect quote, mixed quote and unattributed
``reported`` sentence carrying checkable content.

The method is rules over the dependency parse, in the tradition of
Pareti's attribution relations (PARC; Pareti 2016) and of the rule systems
of Krestel et al. (2008) and GenderGapTracker (Asr et al. 2021):

1. quotation marks are paired on the raw text (straight, curly, guillemets and
   ``''`` used for both ends), across paragraphs when a paragraph opens with a
   mark before the previous quote closed, with unbalanced marks cut at the
   paragraph end rather than aborting;
2. each quote is attributed through a reporting cue in its sentence frame
   (``"...," Zelensky said``), a cue ending the previous sentence with a colon,
   or, for a quote that continues a just-attributed quotation, that quotation's
   speaker; a quote that is only a fragment of reported speech makes a
   ``mixed`` claim; one with no cue at all is a scare quote or a title;
3. every remaining reporting verb with a clausal (or, for verbs like
   "claim", a nominal) complement makes an ``indirect`` claim, as do
   "according to X", claim nouns with a "that" clause and headline colons;
4. speakers are the cue's subject (or passive agent, or the named entity in an
   apposition or in a "report by X"); pronouns resolve to the nearest
   compatible person mentioned before, role nouns ("the president") to the
   person the document introduced with that role, and names to the fullest
   form used in the document;
5. sentences with no attribution that carry a number or a resolvable date
   become ``reported`` claims.

Lexicons are data: ``models/attribution.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import MODELS_DIR
from .scorer import SCORED_KINDS, ClaimScorer

DEFAULT_LEXICON = MODELS_DIR / "attribution.json"
DEFAULT_LEARNED = MODELS_DIR / "learned_cues.json"
DEFAULT_SCORER = MODELS_DIR / "claim_scorer.json"

#: learned cues this reliable may attribute a quotation; weaker ones only propose
#: indirect claims for the scorer to accept or reject
STRONG_CUE_PRECISION = 0.5

#: kinds that attribute content to a source (``reported`` claims have none): the ones the scorer judges
ATTRIBUTED_KINDS = SCORED_KINDS
#: share of a claim's content inside a longer claim's content that makes it nested
NESTED_SHARE = 0.5

for _name in ("claims", "quotations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# ------------------------------------------------------------------ records


@dataclass
class ClaimMention:
    """One claim found in a Doc; offsets are characters of ``doc.text``."""

    kind: str  # direct | indirect | mixed | reported
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None  # resolved name
    speaker_mention: str | None = None  # as written in the sentence
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str | None = None
    hedged: bool = False
    quote_group: int | None = None  # fragments of one quotation share it
    frame_start: int = 0  # the sentence(s) holding content and attribution
    frame_end: int = 0
    rule: str = "reported"  # which rule found it (a feature of the scorer)
    cue_i: int | None = None  # token index of the cue
    score: float | None = None  # the scorer's probability that this is an attribution


@dataclass
class Quotation:
    """Content between a pair of quotation marks (marks excluded)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset just past the closing mark (or the paragraph end)
    group: int  # one quotation continued over paragraphs shares a group
    closed: bool = True


@dataclass
class Lexicon:
    reporting_verbs: frozenset
    quote_verbs: frozenset
    object_content_verbs: frozenset
    labelling_verbs: frozenset
    verbs_needing_clause: frozenset
    source_nouns: frozenset
    claim_nouns: frozenset
    person_nouns: frozenset
    role_titles: frozenset
    male_titles: frozenset
    female_titles: frozenset
    hedges: frozenset
    hedging_cues: frozenset
    verification_verbs: frozenset
    verification_objects: frozenset

    #: verb lemma -> dependents holding its content, learned from annotated news
    learned_cues: dict = field(default_factory=dict)
    #: verb lemma -> share of its uses annotated as a cue in the training data
    learned_precision: dict = field(default_factory=dict)
    #: noun lemma -> dependents holding its content ("his endorsement of X": prep:of)
    learned_noun_cues: dict = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path = DEFAULT_LEXICON, learned: str | Path | None = DEFAULT_LEARNED) -> "Lexicon":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        words = {f: frozenset(w.lower() for w in data[f]) for f in cls.__dataclass_fields__ if not f.startswith("learned_")}
        cues, precision, nouns = {}, {}, {}
        if learned and Path(learned).exists():
            learned_data = json.loads(Path(learned).read_text(encoding="utf-8"))
            cues = {lemma: tuple(v["content_deps"]) for lemma, v in learned_data["cues"].items()}
            precision = {lemma: float(v["precision"]) for lemma, v in learned_data["cues"].items()}
            nouns = {lemma: tuple(v["content_deps"]) for lemma, v in learned_data.get("noun_cues", {}).items()}
        return cls(**words, learned_cues=cues, learned_precision=precision, learned_noun_cues=nouns)

    def is_cue(self, verb: Token, strong: bool = False) -> bool:
        """A verb may report an attribution: in the hand lexicon or the learned one.

        ``strong``: only cues that report an attribution in most of their uses
        (hand lexicon, or learned precision >= STRONG_CUE_PRECISION); used where a
        cue is chosen among several, e.g. for a quotation.
        """
        lemma = verb.lemma_.lower()
        if lemma in self.reporting_verbs:
            return True
        p = self.learned_precision.get(lemma)
        return p is not None and (not strong or p >= STRONG_CUE_PRECISION)


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


# ----------------------------------------------------------------- the doc


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _subtree_span(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Token index range [lo, hi) of ``token``'s subtree minus excluded subtrees."""
    skip = set()
    for t in exclude:
        skip.update(w.i for w in t.subtree)
    idx = [w.i for w in token.subtree if w.i not in skip]
    return min(idx), max(idx) + 1


def _trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Drop leading complementisers/punctuation and trailing punctuation."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that", "if", "whether"))):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or (doc[hi - 1].is_punct and doc[hi - 1].text not in ".?!%)")):
        hi -= 1
    return lo, hi


@dataclass
class _Mention:
    """A speaker mention with its resolution."""

    start: int
    end: int
    text: str
    name: str | None
    label: str | None
    head: Token


class AttributionFinder:
    """Finds the claims of one Doc; see the module docstring for the method."""

    def __init__(self, doc: Doc, lex: Lexicon, scorer: "ClaimScorer | None" = None):
        self.doc = doc
        self.lex = lex
        self.scorer = scorer
        self.text = doc.text
        self.claims: list[ClaimMention] = []
        self.used_cues: set[int] = set()
        self.quotes = find_quotations(self.text)
        self.in_quote = self._quote_token_mask()
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]
        self.roles = self._role_map()
        self.full_names = self._full_names()

    # ---------------------------------------------------------------- setup

    def _quote_token_mask(self) -> list[int]:
        """For each token, the index of the quotation holding it, or -1."""
        mask = [-1] * len(self.doc)
        for qi, q in enumerate(self.quotes):
            span = _char_span(self.doc, q.open_at, q.close_at)
            if span is None:
                continue
            for i in range(span.start, span.end):
                mask[i] = qi
        return mask

    def _full_names(self) -> dict[str, str]:
        """Each person's surname (and each name form) -> the fullest form used in the doc."""
        best: dict[str, str] = {}
        for ent in self.persons:
            name = clean_name(ent.text)
            words = name.split()
            if not words:
                continue
            for key in {words[-1].lower(), name.lower()}:
                if len(name) > len(best.get(key, "")):
                    best[key] = name
        return best

    def _role_map(self) -> list[tuple[int, str, str]]:
        """(char offset, role word, person name) for people introduced with a role.

        "President Volodymyr Zelensky", "Ukrainian President ...", and
        appositions ("the unit's spokesperson, Colonel Oleksandr Kindratenko").
        """
        roles = []
        for ent in self.persons:
            name = clean_name(ent.text)
            # titles written before the name, inside or just outside the entity
            i = ent.start - 1
            words = [t.lower_ for t in ent if t.lower_ in self.lex.role_titles]
            while i >= 0 and (self.doc[i].lower_ in self.lex.role_titles or (self.doc[i].pos_ in ("PROPN", "ADJ") and self.doc[i].ent_type_ in ("NORP", "GPE", "ORG") )):
                words.append(self.doc[i].lower_)
                i -= 1
            # apposition: the role noun is the name's head or child
            root = ent.root
            for rel in [root.head] + list(root.children):
                if (rel.dep_ == "appos" or root.dep_ == "appos") and rel.lemma_.lower() in self.lex.role_titles:
                    words.append(rel.lemma_.lower())
            for w in words:
                if w not in ("mr.", "mrs.", "ms.", "former", "national", "security", "foreign", "press", "acting"):
                    roles.append((ent.start_char, w, name))
        return roles

    # ------------------------------------------------------------------ api

    def find(self, keep_nested: bool = False) -> list[ClaimMention]:
        """All claims of the Doc; ``keep_nested`` keeps candidates inside others (for training)."""
        self._direct_and_mixed()
        self._headline_colons()
        self._indirect()
        self._according_to()
        self._hedge()
        if self.scorer is not None:
            self.claims = self.scorer.keep(self.claims, self.doc, self.lex)
        if not keep_nested:
            self.claims = drop_nested(self.claims)
        self._reported()
        self._hedge()  # again, for the reported claims
        self.claims.sort(key=lambda c: (c.start, c.end))
        return self.claims

    # --------------------------------------------------------- quotations

    def _frame(self, q: Quotation) -> tuple[int, int]:
        """Token range of the sentences a quotation (with its marks) touches."""
        span = _char_span(self.doc, q.open_at, q.close_at)
        first = span[0].sent if span is not None else self.doc[0].sent
        last = span[-1].sent if span is not None else first
        lo, hi = first.start, last.end
        # spaCy often ends a sentence at the closing punctuation inside the quote:
        # the attribution after the closing mark belongs to the same frame.
        while hi < len(self.doc) and self.doc[hi - 1].text in ("”", '"', "''", "»", ".", ",") and self.doc[hi].sent.start == hi and self._attribution_tail(hi):
            hi = self.doc[hi].sent.end
        # likewise a sentence that starts with the closing mark
        if lo > 0 and self.doc[lo].is_punct and self.in_quote[lo] != -1 and self.in_quote[lo - 1] == self.in_quote[lo]:
            lo = self.doc[lo - 1].sent.start
        return lo, hi

    def _attribution_tail(self, i: int) -> bool:
        """Whether the sentence starting at token ``i`` is only an attribution ("he said.")."""
        sent = self.doc[i].sent
        words = [t for t in sent if not t.is_punct and self.in_quote[t.i] == -1]
        return 0 < len(words) <= 6 and any(self.lex.is_cue(t, strong=True) for t in words) and self.in_quote[i] == -1

    def _direct_and_mixed(self) -> None:
        last_direct: ClaimMention | None = None
        for qi, q in enumerate(self.quotes):
            span = _char_span(self.doc, q.start, q.end)
            if span is None or len(span) == 0:
                continue
            lo, hi = self._frame(q)
            outside = [t for t in self.doc[lo:hi] if self.in_quote[t.i] == -1 and not t.is_punct and not t.is_space]
            cue = self._cue_for_quote(span, outside)
            has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
            fragment = len(span) <= 3 or not has_verb
            frame_start, frame_end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
            if cue is not None:
                content_tokens = self._content_outside_quote(cue, span, outside)
                if not content_tokens:
                    if fragment and not self._is_whole_content(cue, span):
                        continue  # a scare quote or title in a sentence that has a cue
                    claim = self._claim("direct", q.start, q.end, cue, frame_start, frame_end, rule="quote")
                    if claim:
                        claim.quote_group = q.group
                        last_direct = claim
                    continue
                self._mixed(cue, span, frame_start, frame_end)
                continue
            # no cue in the frame: a colon-introduced quote, a continuation, or a scare quote
            if fragment or q.start - q.open_at > 2:
                continue
            prev_cue = self._colon_cue_before(lo)
            if prev_cue is not None:
                claim = self._claim("direct", q.start, q.end, prev_cue, frame_start, frame_end, rule="quote_colon")
                if claim:
                    claim.quote_group = q.group
                    last_direct = claim
                continue
            if last_direct is not None and self._continues(last_direct, q, lo):
                self.claims.append(
                    ClaimMention(
                        kind="direct", start=q.start, end=q.end, cue=last_direct.cue,
                        cue_start=last_direct.cue_start, cue_end=last_direct.cue_end,
                        speaker=last_direct.speaker, speaker_mention=last_direct.speaker_mention,
                        speaker_start=last_direct.speaker_start, speaker_end=last_direct.speaker_end,
                        speaker_type=last_direct.speaker_type, quote_group=last_direct.quote_group,
                        frame_start=frame_start, frame_end=frame_end, rule="continuation", cue_i=last_direct.cue_i,
                    )
                )
                last_direct = self.claims[-1]

    def _is_whole_content(self, cue: Token, span: Span) -> bool:
        """The quote is the cue's entire complement ('said "No."')."""
        kids = self._content_children(cue)
        return bool(kids) and all(span.start <= k.i < span.end for k in kids)

    def _continues(self, prev: ClaimMention, q: Quotation, lo: int) -> bool:
        """A quote without attribution continues the previous quotation when
        nothing but its attribution stands between them (same or next paragraph)."""
        between = self.text[prev.frame_end : q.open_at]
        return q.group == prev.quote_group or (between.count("\n") <= 2 and not between.strip())

    def _cue_for_quote(self, span: Span, outside: list[Token]) -> Token | None:
        """The reporting cue attributing a quotation, from the tokens of its frame outside quotes."""
        cands = [
            t for t in outside
            if t.pos_ in ("VERB", "AUX") and t.i not in self.used_cues and not _in_hyphenation(t)
            and (t.lemma_.lower() in self.lex.quote_verbs
                 or (self.lex.is_cue(t, strong=True) and t.lemma_.lower() not in self.lex.verbs_needing_clause))
        ]
        cands += [t for t in outside if t.lower_ == "according" and t.i not in self.used_cues]
        if not cands:
            return None

        def distance(t: Token) -> int:
            return min(abs(t.i - span.start), abs(t.i - span.end))

        # prefer a cue syntactically tied to the quote (its head or a child is inside)
        def tied(t: Token) -> bool:
            return any(span.start <= c.i < span.end for c in t.children) or span.start <= t.head.i < span.end
        return sorted(cands, key=lambda t: (not tied(t), distance(t)))[0]

    def _content_outside_quote(self, cue: Token, span: Span, outside: list[Token]) -> list[Token]:
        """Tokens of the cue's reported content that lie outside the quotation:
        none for a direct quote, the surrounding clause for a mixed one."""
        if cue.lower_ == "according":
            content = [t for t in outside if t not in set(_according_phrase(cue))]
            return [t for t in content if t.pos_ not in ("CCONJ", "ADV") and t.i not in range(span.start, span.end)]
        content_children = self._content_children(cue)
        if not content_children:
            return []
        inside = set(range(span.start, span.end))
        result = []
        for child in content_children:
            for t in child.subtree:
                if self.in_quote[t.i] == -1 and not t.is_punct and t.i not in inside:
                    result.append(t)
        return result

    def _content_children(self, cue: Token) -> list[Token]:
        lemma = cue.lemma_.lower()
        learned = self.lex.learned_cues.get(lemma)
        if learned is not None:
            # the dependents that held the content of this verb in annotated news
            kids = [c for c in cue.children if c.dep_ in ("ccomp", "parataxis") or c.dep_ in learned or (c.dep_ == "prep" and f"prep:{c.lower_}" in learned)]
            return [c for c in kids if not self._reporting_aside(c)]
        kids = [c for c in cue.children if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and lemma not in ("continue",))]
        kids = [c for c in kids if not self._reporting_aside(c)]
        if lemma in self.lex.labelling_verbs:
            kids += [c for c in cue.children if c.dep_ in ("dobj", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")]
        if lemma in self.lex.object_content_verbs:
            kids += [c for c in cue.children if c.dep_ == "dobj"]
        return kids

    def _reporting_aside(self, t: Token) -> bool:
        """'Bob, they said, ordered them to wait': a parenthetical attribution of
        the clause it interrupts, not content of that clause's verb."""
        return t.dep_ == "parataxis" and self.lex.is_cue(t, strong=True) and any(c.dep_ == "nsubj" for c in t.children)

    def _mixed(self, cue: Token, span: Span, frame_start: int, frame_end: int) -> None:
        if cue.lower_ == "according":
            self._according_claim(cue)
            return
        kids = [k for k in self._content_children(cue) if not (span.start <= k.i < span.end)] or self._content_children(cue)
        lo = min(_subtree_span(k)[0] for k in kids)
        hi = max(_subtree_span(k)[1] for k in kids)
        lo, hi = self._clip_content(cue, lo, hi)
        if hi <= lo:
            return
        self._claim("mixed", self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1]), cue, frame_start, frame_end, rule="quote_fragment")

    def _clip_content(self, cue: Token, lo: int, hi: int) -> tuple[int, int]:
        """Content tokens exclude the cue and its subject, and stop at the sentence."""
        sent = cue.sent
        if lo < cue.i < hi:
            # content on both sides of the cue: keep the side holding the complement
            if hi - cue.i > cue.i - lo:
                lo = cue.i + 1
            else:
                hi = cue.i
        # the parse can hang clauses of the next sentence under the cue: stop at
        # the sentence, unless a quotation opened inside the content runs on
        lo, hi = max(lo, sent.start), min(hi, sent.end)
        # nor across a paragraph break outside quotation marks (headlines have no full stop)
        breaks = [i for i in range(lo, hi) if self.doc[i].is_space and "\n" in self.doc[i].text and self.in_quote[i] == -1]
        if breaks:
            after = [i for i in breaks if i > cue.i]
            before = [i for i in breaks if i < cue.i]
            lo = before[-1] + 1 if before else lo
            hi = after[0] if after else hi
        # a quotation opened inside the content runs on to its closing mark
        while hi < len(self.doc) and self.in_quote[hi - 1] != -1 and self.in_quote[hi] == self.in_quote[hi - 1]:
            hi += 1
        return _trim_tokens(self.doc, lo, hi)

    def _colon_cue_before(self, lo: int) -> Token | None:
        """'Zelensky said:' ending the previous sentence introduces the quote."""
        if lo == 0:
            return None
        j = lo - 1
        while j > 0 and (self.doc[j].is_space or self.doc[j].text in ('"', "“", "``", "''")):
            j -= 1
        if self.doc[j].text != ":":
            return None
        sent = self.doc[j].sent
        cands = [t for t in sent if t.pos_ in ("VERB", "AUX") and self.lex.is_cue(t, strong=True) and self.in_quote[t.i] == -1]
        return cands[-1] if cands else None

    # ------------------------------------------------------ reported speech

    def _indirect(self) -> None:
        for t in self.doc:
            if t.i in self.used_cues or self.in_quote[t.i] != -1:
                continue
            lemma = t.lemma_.lower()
            if t.pos_ == "VERB" and self.lex.is_cue(t):
                self._verb_claim(t)
            elif t.pos_ == "NOUN" and (lemma in self.lex.claim_nouns or lemma in self.lex.learned_noun_cues):
                self._noun_claim(t)

    def _source_like_subject(self, cue: Token) -> bool:
        """The cue's subject can be a source: a person, an organisation, a
        pronoun, a person noun ('officials') or a source noun ('a report')."""
        subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return False
        if subj.pos_ == "PRON":
            return subj.lower_ in ("he", "she", "they", "i", "we", "you", "who")
        if subj.ent_type_ in ("PERSON", "ORG") or subj.pos_ == "PROPN":
            return True
        if subj.ent_type_ in ("GPE", "NORP"):
            return True  # 'Russia said', not 'Ukrainian forces'
        lemma = subj.lemma_.lower()
        return lemma in self.lex.person_nouns or lemma in self.lex.source_nouns

    def _verb_claim(self, cue: Token) -> None:
        if not self.lex.is_cue(cue, strong=True) and not self._source_like_subject(cue):
            return  # a verb that is only sometimes a cue needs a speaker-like subject
        kids = self._content_children(cue)
        if not kids:
            self._inverted_claim(cue)
            return
        if any(c.dep_ == "neg" for c in cue.children) and any(m.lower_ in ("if", "whether") for k in kids for m in k.children if m.dep_ == "mark"):
            return  # "have not confirmed if ..." reports no content
        if all(k.dep_ == "xcomp" for k in kids) and not any(k.pos_ in ("VERB", "AUX") for k in kids):
            return
        lo = min(_subtree_span(k)[0] for k in kids)
        hi = max(_subtree_span(k)[1] for k in kids)
        if not any(k.dep_ == "ccomp" for k in kids) and lo > cue.i:
            # a nominal or infinitival complement: its modifiers the parse hangs on
            # the verb belong to it ('praised the efforts of X to attack Y')
            hi = max([hi] + [_subtree_span(c)[1] for c in cue.children if c.i > hi - 1 and c.dep_ in ("prep", "xcomp", "oprd", "acomp", "advcl") and not self.lex.is_cue(c)])
        lo, hi = self._clip_content(cue, lo, hi)
        if hi - lo < 2:
            return
        sent = cue.sent
        kind = "indirect"
        quoted = {self.in_quote[i] for i in range(lo, hi)} - {-1}
        if quoted:
            kind = "mixed"
        start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        if any(c.start <= start and end <= c.end and c.kind in ("direct", "mixed") for c in self.claims):
            return
        self._claim(kind, start, end, cue, sent.start_char, sent.end_char, rule="verb")

    def _inverted_claim(self, cue: Token) -> None:
        """Reported content the parse does not hang under the cue as a complement:

        - '..., the spokesperson told the Kyiv Independent.' and the parenthetical
          'This campaign, he says, is different.' (the cue is a conjunct or
          parataxis of the reported clause: content around the cue's phrase,
          two fragments when the cue stands in the middle);
        - 'As the Post reported, the subpoenas ...' (the cue heads an adverbial
          clause: the content is the main clause);
        - 'The move was first reported by MSNBC.' (a passive with an agent: the
          content is the subject).
        """
        sent = cue.sent
        kids = {c.dep_: c for c in cue.children}
        if "nsubjpass" in kids and "agent" in kids:
            lo, hi = _trim_tokens(self.doc, *_subtree_span(kids["nsubjpass"]))
            self._content_spans(cue, [(lo, hi)])
            return
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            return
        lo_cue, hi_cue = _subtree_span(cue)
        if cue.dep_ in ("advcl", "acl") and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) and cue.head.i > cue.i:
            head_lo, head_hi = _subtree_span(cue.head, exclude=[cue])
            self._content_spans(cue, [_trim_tokens(self.doc, max(head_lo, hi_cue), min(head_hi, sent.end))])
            return
        if lo_cue <= sent.start or self.doc[lo_cue - 1].text not in (",", "—", "–"):
            lo_cue, hi_cue = _trim_tokens(self.doc, lo_cue, hi_cue)  # the parse may hang the commas on the cue
            if lo_cue <= sent.start or self.doc[lo_cue - 1].text not in (",", "—", "–"):
                return
        if cue.dep_ == "parataxis" and cue.head.i > cue.i:
            # 'The outreach, they said, raised new worries.': the cue's phrase set
            # off by commas inside the clause it reports
            if hi_cue < sent.end and self.doc[hi_cue].text in (",", "—", "–"):
                self._content_spans(cue, [_trim_tokens(self.doc, sent.start, lo_cue), _trim_tokens(self.doc, hi_cue + 1, sent.end)])
            return
        at_end = all(t.is_punct or t.is_space for t in self.doc[hi_cue : sent.end])
        trailing_clause = cue.dep_ == "advcl" and at_end and not any(c.dep_ == "mark" for c in cue.children)
        if not (cue.dep_ in ("conj", "parataxis") or trailing_clause) or cue.head.i >= cue.i:
            return  # '..., she said.' parsed as an adverbial clause of the content
        parts = [_trim_tokens(self.doc, sent.start, lo_cue)]
        if cue.dep_ == "parataxis" and hi_cue < sent.end and self.doc[hi_cue - 1].text == "," or (hi_cue < sent.end and self.doc[hi_cue].text == ","):
            parts.append(_trim_tokens(self.doc, hi_cue, sent.end))  # 'This campaign, he says, is different.'
        self._content_spans(cue, parts)

    def _content_spans(self, cue: Token, parts: list[tuple[int, int]]) -> None:
        """Claims for content token ranges of one cue; several ranges are fragments of one claim."""
        parts = [(lo, hi) for lo, hi in parts if hi - lo >= (1 if len(parts) > 1 else 2)]
        if not parts or sum(hi - lo for lo, hi in parts) < 3:
            return
        sent = cue.sent
        group = None if len(parts) == 1 else -(cue.i + 1)  # negative: never collides with quotation groups
        for lo, hi in parts:
            start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
            if any(c.start <= start and end <= c.end for c in self.claims):
                continue
            quoted = {self.in_quote[i] for i in range(lo, hi)} - {-1}
            claim = self._claim("mixed" if quoted else "indirect", start, end, cue, sent.start_char, sent.end_char, rule="inverted")
            if claim is not None:
                claim.quote_group = group

    def _noun_claim(self, noun: Token) -> None:
        """A cue noun with its owner as the source: "the president's claim that ...",
        "his endorsement of Cruz", "HP's decision not to fund the convention".

        Claim nouns (hand lexicon) take a that-clause; nouns learned from
        annotated news take the dependents that held their content there.
        """
        owner = [c for c in noun.children if c.dep_ == "poss"]
        if not owner:
            return
        lemma = noun.lemma_.lower()
        kids = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)]
        min_tokens = 3
        if not kids and lemma in self.lex.learned_noun_cues:
            learned = self.lex.learned_noun_cues[lemma]
            kids = [c for c in noun.children if c.dep_ in learned or (c.dep_ == "prep" and f"prep:{c.lower_}" in learned)]
            # the object of "endorsement of", not the preposition
            kids = [g for c in kids for g in ([c] if c.dep_ != "prep" else [w for w in c.children if w.dep_ in ("pobj", "pcomp")])]
            min_tokens = 1
        if not kids:
            return
        lo = min(_subtree_span(k)[0] for k in kids)
        hi = max(_subtree_span(k)[1] for k in kids)
        lo, hi = _trim_tokens(self.doc, lo, hi)
        if hi - lo < min_tokens:
            return
        start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        kind = "mixed" if {self.in_quote[i] for i in range(lo, hi)} - {-1} else "indirect"
        self._claim(kind, start, end, noun, noun.sent.start_char, noun.sent.end_char, speaker_token=owner[0], rule="noun")

    def _according_to(self) -> None:
        for t in self.doc:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to" and t.i not in self.used_cues and self.in_quote[t.i] == -1:
                self._according_claim(t)

    def _according_claim(self, t: Token) -> None:
        phrase = _according_phrase(t)
        if not phrase:
            return
        sent = t.sent
        p_lo, p_hi = phrase[0].i, phrase[-1].i + 1
        left = _trim_tokens(self.doc, sent.start, p_lo)
        right = _trim_tokens(self.doc, p_hi, sent.end)
        lo, hi = left if (left[1] - left[0]) >= (right[1] - right[0]) else right
        if hi - lo < 3:
            return
        start, end = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        if end - start <= 0:
            return
        pobj = [w for w in phrase if w.dep_ == "pobj"]
        kind = "direct" if all(self.in_quote[i] != -1 for i in range(lo, hi)) else ("mixed" if {self.in_quote[i] for i in range(lo, hi)} - {-1} else "indirect")
        self._claim(kind, start, end, t, sent.start_char, sent.end_char, speaker_token=pobj[0] if pobj else None, cue_lemma="according to", rule="according")

    def _headline_colons(self) -> None:
        """'Pence: Trump will win' - a named source, a colon, then the content."""
        for m in re.finditer(r"^([^\n:]{2,60}):\s+(\S[^\n]{10,})$", self.text, flags=re.MULTILINE):
            src = _char_span(self.doc, m.start(1), m.end(1))
            if src is None or len(src) > 6:
                continue
            ents = [e for e in src.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
            if ents:
                ent = max(ents, key=len)
            elif all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in src) and len(src) <= 4:
                ent = src  # a name the NER missed ('Pence: ...')
            else:
                continue
            if len(ent) < len(src) - 1:
                continue
            start, end = m.start(2), m.end(2)
            if any(c.start < end and start < c.end for c in self.claims):
                continue
            inside = self.text[start:end]
            kind = "direct" if inside[:1] in "\"“'" and inside.rstrip(".")[-1:] in "\"”'" else "indirect"
            if kind == "direct":
                start, end = start + 1, end - 1 - (inside.endswith(".") and inside[-2:-1] in "\"”")
            mention = self._resolve_mention(ent.root)
            self.claims.append(
                ClaimMention(
                    kind=kind, start=start, end=end, cue=":", cue_start=m.end(1), cue_end=m.end(1) + 1,
                    speaker=mention.name, speaker_mention=mention.text, speaker_start=mention.start,
                    speaker_end=mention.end, speaker_type=mention.label, frame_start=m.start(), frame_end=m.end(), rule="headline",
                )
            )

    def _reported(self) -> None:
        """Sentences with no attribution that carry a number or a dated event."""
        numbers = [n for n in (self.doc._.get("numbers") if Doc.has_extension("numbers") else None) or []]
        dates = [d for d in (self.doc._.get("dates") if Doc.has_extension("dates") else None) or [] if getattr(d, "value", None)]
        anchors = [(n.start, n.end) for n in numbers] + [(d.start, d.end) for d in dates]
        if not anchors:
            return
        attributed = [(c.frame_start, c.frame_end) for c in self.claims]
        for sent in self.doc.sents:
            s, e = sent.start_char, sent.end_char
            if not any(s <= a < e for a, _ in anchors):
                continue
            if any(fs < e and s < fe for fs, fe in attributed):
                continue
            if not any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "advcl", "relcl", "acl") for t in sent):
                continue
            if sent.text.rstrip().endswith("?") or any(self.in_quote[t.i] != -1 for t in sent):
                continue
            lo, hi = _trim_tokens(self.doc, sent.start, sent.end)
            if hi - lo < 4:
                continue
            self.claims.append(
                ClaimMention(kind="reported", start=self.doc[lo].idx, end=self.doc[hi - 1].idx + len(self.doc[hi - 1]), frame_start=s, frame_end=e)
            )

    # ---------------------------------------------------------- hedging

    def _hedge(self) -> None:
        """Mark claims whose content or cue marks them unverified, and claims
        before a sentence saying they could not be verified."""
        for c in self.claims:
            frame = self.text[c.frame_start : c.frame_end].lower()
            words = set(re.findall(r"[a-z]+", frame))
            if words & self.lex.hedges or (c.cue and c.cue in self.lex.hedging_cues):
                c.hedged = True
        for sent in self.doc.sents:
            verbs = [t for t in sent if t.lemma_.lower() in self.lex.verification_verbs and any(ch.dep_ == "neg" or ch.lower_ in ("not", "n't", "cannot") for ch in list(t.children) + list(t.head.children))]
            if not verbs:
                continue
            objs = [ch for v in verbs for ch in v.children if ch.dep_ in ("dobj", "nsubjpass") and ch.lower_ in self.lex.verification_objects]
            if not objs:
                continue
            # the claims stated in the sentences just before (same or previous paragraph)
            before = [c for c in self.claims if c.frame_end <= sent.start_char and self.text[c.frame_end : sent.start_char].count("\n") <= 2]
            for c in before:
                if c.frame_end > self._previous_sentence_start(sent):
                    c.hedged = True

    def _previous_sentence_start(self, sent: Span) -> int:
        if sent.start == 0:
            return 0
        return self.doc[sent.start - 1].sent.start_char

    # -------------------------------------------------------------- speakers

    def _claim(self, kind, start, end, cue: Token, frame_start, frame_end, speaker_token: Token | None = None, cue_lemma: str | None = None, rule: str = "verb") -> ClaimMention | None:
        if end <= start:
            return None
        self.used_cues.add(cue.i)
        mention = self._speaker(cue) if speaker_token is None else self._resolve_mention(speaker_token)
        claim = ClaimMention(
            kind=kind, start=start, end=end, cue=cue_lemma or cue.lemma_.lower(), cue_start=cue.idx, cue_end=cue.idx + len(cue),
            frame_start=min(frame_start, cue.sent.start_char), frame_end=max(frame_end, cue.sent.end_char if kind != "direct" else frame_end),
            rule=rule, cue_i=cue.i,
        )
        if mention is not None:
            claim.speaker, claim.speaker_mention = mention.name, mention.text
            claim.speaker_start, claim.speaker_end, claim.speaker_type = mention.start, mention.end, mention.label
        self.claims.append(claim)
        return claim

    def _speaker(self, cue: Token) -> _Mention | None:
        """The speaker of a cue: its subject, passive agent, or the subject of the verb it depends on."""
        t = cue
        for _ in range(3):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
            if subj:
                return self._resolve_mention(subj[0])
            agent = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agent:
                return self._resolve_mention(agent[0])
            if t.dep_ in ("xcomp", "conj", "advcl", "ccomp") and t.head is not t:
                t = t.head
                continue
            break
        # inverted order the parser missed: 'said Zelensky'
        nxt = cue.i + 1
        if nxt < len(self.doc) and self.doc[nxt].pos_ in ("PROPN", "PRON") and self.in_quote[nxt] == -1:
            return self._resolve_mention(self.doc[nxt])
        return None

    def _resolve_mention(self, tok: Token) -> _Mention:
        doc = self.doc
        # a named entity holding the token
        if tok.ent_type_ and tok.ent_iob_ != "O":
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return self._named(ent, tok)
        # 'the unit's spokesperson, Colonel Oleksandr Kindratenko': take the apposed name
        for c in tok.children:
            if c.dep_ == "appos":
                ent = next((e for e in doc.ents if e.start <= c.i < e.end and e.label_ in ("PERSON", "ORG")), None)
                if ent is not None:
                    return self._named(ent, ent.root)
        if tok.pos_ == "PRON":
            return self._pronoun(tok)
        if tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper() and tok.lower_ in self.full_names:
            # a surname the NER did not tag, of a person named in full elsewhere
            lo, hi = self._noun_phrase(tok)
            span = doc[lo:hi]
            return _Mention(span.start_char, span.end_char, span.text, self.full_names[tok.lower_], "PERSON", tok)
        lemma = tok.lemma_.lower()
        # 'a report by Yonhap', 'a statement from the ministry'
        if lemma in self.lex.source_nouns:
            for w in tok.subtree:
                if w.dep_ == "pobj" and w.head.lower_ in ("by", "from", "of"):
                    sub = doc[_subtree_span(w)[0] : _subtree_span(w)[1]]
                    ents = [e for e in sub.ents if e.label_ in ("ORG", "PERSON", "GPE", "NORP")]
                    # the entity the phrase is about ('the Seoul-based Yonhap News agency'): organisations and people first
                    ents.sort(key=lambda e: (not (e.start <= w.i < e.end or w.i == e.end), e.label_ not in ("ORG", "PERSON")))
                    if ents:
                        mention = self._named(ents[0], ents[0].root)
                        if mention.label == "ORG" and w.i == ents[0].end and w.pos_ == "NOUN" and ents[0].root.dep_ == "compound":
                            # the entity names an organisation noun: 'the Yonhap news agency'
                            mention.name = f"{mention.name} {w.text}"
                            mention.end = w.idx + len(w)
                            mention.text = self.text[mention.start : mention.end]
                        return mention
        lo, hi = self._noun_phrase(tok)
        span = doc[lo:hi]
        start, end = span.start_char, span.end_char
        if tok.pos_ == "PROPN":
            start, end = _glued_extent(self.text, start, end)  # 'News.Az', split by the tokenizer
        text = self.text[start:end]
        name = text
        label = None
        if lemma in self.lex.role_titles and tok.pos_ == "NOUN":
            person = self._role_person(lemma, tok.idx)
            if person:
                name, label = person, "PERSON"
        if label is None:
            if lemma in self.lex.person_nouns:
                label = "PERSON"
            elif span.ents:
                label = max(span.ents, key=len).label_
        if name == text:
            name = _strip_determiner(text)
        return _Mention(start, end, text, name, label, tok)

    def _noun_phrase(self, tok: Token) -> tuple[int, int]:
        """Token range of the speaker phrase headed by ``tok``, without its relative
        clauses, appositions and adverbial clauses."""
        keep = [w.i for w in tok.subtree if not any(a.dep_ in _OUTSIDE_NP for a in _path_up(w, tok))]
        keep = [i for i in keep if i <= tok.i or self.doc[i].dep_ in ("conj", "cc", "compound", "amod") or self.doc[i].head.i in keep]
        if not keep:
            return tok.i, tok.i + 1
        lo, hi = min(keep), max(keep) + 1
        while lo < tok.i and self.doc[lo].is_punct:
            lo += 1
        while hi - 1 > tok.i and (self.doc[hi - 1].is_punct or self.doc[hi - 1].dep_ == "case"):
            hi -= 1  # and the possessive 's of "the president's claim"
        return lo, hi

    def _named(self, ent: Span, tok: Token) -> _Mention:
        label = ent.label_
        start, end = _glued_extent(self.text, ent.start_char, ent.end_char)
        name = clean_name(self.text[start:end])
        words = name.split()
        if label != "PERSON" and words and (name.lower() in self.full_names or (len(words) == 1 and words[0].lower() in self.full_names)):
            label = "PERSON"  # the NER tagged a person's surname as something else elsewhere
        if label == "PERSON":
            name = self.full_names.get(name.lower()) or self.full_names.get(name.split()[-1].lower() if name.split() else "", name) or name
        elif label in ("ORG", "WORK_OF_ART", "FAC"):
            label = "ORG"
        return _Mention(start, end, self.text[start:end], name, label, tok)

    def _pronoun(self, tok: Token) -> _Mention:
        low = tok.lower_
        mention = _Mention(tok.idx, tok.idx + len(tok), tok.text, None, None, tok)
        if low in ("he", "she", "him", "her"):
            gender = "m" if low in ("he", "him") else "f"
            person = self._antecedent_person(tok, gender)
            if person:
                mention.name, mention.label = person, "PERSON"
        elif low in ("they", "we"):
            prev = [c for c in self.claims if c.speaker and c.start < tok.idx and c.speaker_type in ("ORG", "NORP", "GPE") or (c.speaker and c.speaker_mention and c.speaker_mention.endswith("s") and c.speaker_type != "PERSON")]
            if prev:
                mention.name, mention.label = prev[-1].speaker, prev[-1].speaker_type
        elif low == "it":
            prev = [c for c in self.claims if c.speaker and c.start < tok.idx and c.speaker_type == "ORG"]
            if prev:
                mention.name, mention.label = prev[-1].speaker, "ORG"
        return mention

    def _antecedent_person(self, tok: Token, gender: str) -> str | None:
        """Nearest person before the pronoun, preferring recent speakers and subjects."""
        cands: list[tuple[int, str]] = []
        for ent in self.persons:
            if ent.start_char >= tok.idx:
                break
            name = self._named(ent, ent.root).name
            g = self._gender(ent)
            if g and g != gender:
                continue
            score = ent.start_char + (200 if ent.root.dep_ in ("nsubj", "nsubjpass") else 0)
            cands.append((score, name))
        for c in self.claims:
            if c.speaker and c.speaker_type == "PERSON" and (c.speaker_start or 0) < tok.idx:
                cands.append(((c.speaker_start or 0) + 300, c.speaker))
        if not cands:
            return None
        # the nearest preceding candidate, with a bonus for subjects and speakers
        return max(cands)[1]

    def _gender(self, ent: Span) -> str | None:
        i = ent.start - 1
        while i >= 0 and i >= ent.start - 3:
            w = self.doc[i].lower_
            if w in self.lex.male_titles:
                return "m"
            if w in self.lex.female_titles:
                return "f"
            i -= 1
        return None

    def _role_person(self, role: str, before: int) -> str | None:
        prior = [name for (pos, r, name) in self.roles if r == role and pos < before]
        if prior:
            return prior[-1]
        later = [name for (pos, r, name) in self.roles if r == role]
        return later[0] if len(set(later)) == 1 else None


#: dependents that take a word out of the speaker's noun phrase
_OUTSIDE_NP = ("relcl", "acl", "appos", "punct", "advcl")


def _path_up(w: Token, top: Token) -> Iterator[Token]:
    """``w`` and its heads up to, not including, ``top`` (``w`` lies in ``top``'s subtree)."""
    while w.i != top.i:
        yield w
        w = w.head


def _glued_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's characters plus those glued to it without a space ('News.Az',
    where the tokenizer splits at the dot), quotation marks and brackets excluded."""
    stop = " \t\n\"“”‘’'()[],;:"
    while start > 0 and text[start - 1] not in stop and text[start - 1].isprintable():
        start -= 1
    while end < len(text) and text[end] not in stop and text[end] not in ".!?" and text[end].isprintable():
        end += 1
    return start, end


def _in_hyphenation(t: Token) -> bool:
    """'so-called', 'self-described': part of a hyphenated word, not a verb of speech."""
    doc = t.doc
    return (t.i > 0 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_) or (
        t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_
    )


def _according_phrase(t: Token) -> list[Token]:
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
    """A person or organisation name without titles, possessive and surrounding punctuation."""
    name = re.sub(r"[’']s$", "", text.strip()).strip(" ,.;:\"“”")
    name = _TITLE_WORDS.sub("", name)
    return re.sub(r"\s+", " ", name).strip()


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


# ------------------------------------------------------------- component


def drop_nested(claims: list[ClaimMention]) -> list[ClaimMention]:
    """Drop attributions whose content lies inside a longer attribution's content.

    In "Sanders said voters who support Clinton want change", "support" and
    "want" make candidate claims inside Sanders's: they are part of what he
    said, not claims of their own, and annotators (PolNeAR, after PARC; Pareti
    2016) mark only the outer attribution in nearly all such cases. A claim is
    nested when at least ``NESTED_SHARE`` of its content is inside a longer
    content; fragments of one quotation count as one content.
    """
    groups: dict[tuple, list[ClaimMention]] = {}
    for i, c in enumerate(claims):
        if c.kind in ATTRIBUTED_KINDS:
            groups.setdefault(("q", c.quote_group) if c.quote_group is not None else ("c", i), []).append(c)
    extents = {key: [(c.start, c.end) for c in members] for key, members in groups.items()}
    sizes = {key: sum(e - s for s, e in spans) for key, spans in extents.items()}
    dropped: set[int] = set()
    for key, spans in extents.items():
        for other, other_spans in extents.items():
            if sizes[other] <= sizes[key]:
                continue
            inside = sum(max(0, min(e, oe) - max(s, os)) for s, e in spans for os, oe in other_spans)
            if inside >= NESTED_SHARE * sizes[key]:
                dropped.update(id(c) for c in groups[key])
                break
    return [c for c in claims if id(c) not in dropped] if dropped else claims


def extract_claims(doc: Doc, lexicon: Lexicon | None = None, scorer: ClaimScorer | None = None) -> list[ClaimMention]:
    """The claims of a parsed ``doc`` (pure: reads the parse, writes nothing)."""
    return AttributionFinder(doc, lexicon or _default_lexicon(), scorer).find()


_LEXICON_CACHE: dict[str, Lexicon] = {}


def _default_lexicon(path: str | Path = DEFAULT_LEXICON, learned: str | Path = DEFAULT_LEARNED) -> Lexicon:
    key = f"{path}|{learned}"
    if key not in _LEXICON_CACHE:
        _LEXICON_CACHE[key] = Lexicon.from_file(path, learned)
    return _LEXICON_CACHE[key]


class QuoteAttributor:
    """The ``claims_quotes`` component: sets ``Doc._.claims`` and ``Doc._.quotations``."""

    def __init__(self, nlp: Language, name: str, lexicon: str, learned_cues: str, scorer: str):
        self.name = name
        self.lexicon = _default_lexicon(lexicon or DEFAULT_LEXICON, learned_cues or DEFAULT_LEARNED)
        # "none" turns the learned filter off (to train it, or to see every candidate)
        path = Path(scorer) if scorer and scorer != "none" else DEFAULT_SCORER
        self.scorer = ClaimScorer.from_file(path) if scorer != "none" and path.exists() else None

    def __call__(self, doc: Doc) -> Doc:
        finder = AttributionFinder(doc, self.lexicon, self.scorer)
        doc._.claims = finder.find()
        doc._.quotations = finder.quotes
        return doc


@Language.factory("claims_quotes", default_config={"lexicon": "", "learned_cues": "", "scorer": ""}, requires=["token.dep", "token.lemma", "doc.ents"], assigns=["doc._.claims", "doc._.quotations"])
def make_quote_attributor(nlp: Language, name: str, lexicon: str, learned_cues: str, scorer: str) -> QuoteAttributor:
    return QuoteAttributor(nlp, name, lexicon, learned_cues, scorer)
