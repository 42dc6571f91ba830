"""Stage 3: quotations and reported speech, linked to their speakers.

``AttributionFinder`` (run by the ``claims_quotes`` component,
``pipeline.components.quotes``) sets ``Doc._.claims``: a list of :class:`ClaimMention` in text order, one for each
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
   a clause ending in a colon (any verb) or a comma (a verb of speech) right
   before it, or, for a quote that continues a just-attributed quotation, that
   quotation's speaker, or, standing alone after a sentence about one named
   person, that person; a quote that is only a fragment of reported speech
   makes a ``mixed`` claim; one with no cue at all is a scare quote or a title;
3. every remaining reporting verb with a clausal (or, for verbs like
   "claim", a nominal, or for "claimed to have", an infinitive) complement
   makes an ``indirect`` claim, as do directives with an object and a "to"
   clause ("urged residents to leave"), a speaker and cue set off by commas
   inside the clause they report ("X, officials said, Y"), a cue the parse
   misread ("reported on Friday, X"; "outlets reported ... X" read as a
   participle), "according to X" and a sentence-opening "Per X,", claim nouns
   with a "that" clause, headline colons and title-case headlines ("Clinton
   Says Russians Hacked DNC");
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

import re

from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from .hedging import mark_hedged
from .lexicon import AttributionLexicon, default_lexicon
from .marks import Quotation, find_quotations
from .nesting import drop_nested
from .records import ClaimMention
from .reported import reported_claims
from .scorer import ClaimScorer
from .speakers import SpeakerMention, SpeakerResolver
from .tokens import according_phrase, char_end, char_span, in_hyphenation, subtree_span, trim_tokens


#: Tokens of the source after a trailing cue ('..., reported the state news agency').
MAX_TRAILING_SOURCE = 6

#: Dependents of a cue that never hold what it reports (its subject, a coordinated verb).
_NOT_CONTENT_DEPS = frozenset({"nsubj", "nsubjpass", "conj", "cc", "punct", "advcl", "mark", "aux", "auxpass", "neg"})


#: at most this many words in a sentence after a quotation that is only its
#: attribution ('Macron told the world on Thursday via Twitter.')
ATTRIBUTION_TAIL_WORDS = 12

#: at most this many words between a quotation and its cue make a speaker's name
#: and title ('"...", Caloundra coach Geoff Ingram said.')
SPEAKER_RUN_WORDS = 6


_ACCORDING, _PER = get_string_id("according"), get_string_id("per")

#: at most this many words in a sentence-opening 'Per X,' source phrase
PER_PHRASE_WORDS = 12

#: conjunctions that open an adverbial clause, never reported content
ADVERBIAL_MARKS = frozenset({"before", "after", "when", "while", "because", "since", "until", "although", "though", "once", "as", "unless"})

#: at most this many words between two quotations make an attribution of their own
#: ('"A", Martin muses, "B"')
UNREAD_ATTRIBUTION_WORDS = 4


#: a clause ending in a comma introduces a quotation only when its verb is in the
#: hand lexicon or a learned cue at least this precise ('defended his decision,
#: "..."'; not 'seem', 0.54)
COMMA_INTRODUCER_PRECISION = 0.7


class AttributionFinder:
    """Finds the claims of one Doc; see the module docstring for the method."""

    def __init__(self, doc: Doc, lex: AttributionLexicon, scorer: "ClaimScorer | None" = None):
        self.doc = doc
        self.lex = lex
        self.scorer = scorer
        self.text = doc.text
        self.claims: list[ClaimMention] = []
        self.used_cues: set[int] = set()
        self.standalone: list = []  # quotations with no cue, for _carry_over
        self.quotes = find_quotations(self.text)
        self.in_quote = self._quote_token_mask()
        self.speakers = SpeakerResolver(doc, lex, self.in_quote, self.claims, self.text)

    def _quote_token_mask(self) -> list[int]:
        """For each token, the index of the quotation holding it, or -1."""
        mask = [-1] * len(self.doc)
        for qi, q in enumerate(self.quotes):
            span = char_span(self.doc, q.open_at, q.close_at)
            if span is None:
                continue
            for i in range(span.start, span.end):
                mask[i] = qi
        return mask

    def find(self, keep_nested: bool = False) -> list[ClaimMention]:
        """All claims of the Doc; ``keep_nested`` keeps candidates inside others (for training)."""
        self._direct_and_mixed()
        self._headline_colons()
        self._title_case_headlines()
        self._indirect()
        self._according_to()
        self._carry_over()
        mark_hedged(self.claims, self.doc, self.lex, self.text)
        if self.scorer is not None:
            self.claims[:] = self.scorer.keep(self.claims, self.doc, self.lex, self.text)
        if not keep_nested:
            self.claims[:] = drop_nested(self.claims, self.doc, self.lex)
        self.claims.extend(reported_claims(self.doc, self.claims, self.in_quote))
        mark_hedged(self.claims, self.doc, self.lex, self.text)  # again, for the reported claims
        self.claims.sort(key=lambda c: (c.start, c.end))
        return self.claims

    def _frame(self, q: Quotation) -> tuple[int, int]:
        """Token range of the sentences a quotation (with its marks) touches."""
        span = char_span(self.doc, q.open_at, q.close_at)
        first = span[0].sent if span is not None else self.doc[0].sent
        last = span[-1].sent if span is not None else first
        lo, hi = first.start, last.end
        # spaCy often ends a sentence at the closing punctuation inside the quote:
        # the attribution after the closing mark belongs to the same frame.
        while (
            hi < len(self.doc)
            and self.doc[hi - 1].text in ("”", '"', "''", "»", ".", ",")
            and self.doc[hi].sent.start == hi
            and self._attribution_tail(hi)
        ):
            hi = self.doc[hi].sent.end
        # likewise a sentence that starts with the closing mark
        if lo > 0 and self.doc[lo].is_punct and self.in_quote[lo] != -1 and self.in_quote[lo - 1] == self.in_quote[lo]:
            lo = self.doc[lo - 1].sent.start
        return lo, hi

    def _attribution_tail(self, i: int) -> bool:
        """Whether the sentence starting at token ``i`` is only an attribution ("he said.")."""
        sent = self.doc[i].sent
        words = [t for t in sent if not t.is_punct and self.in_quote[t.i] == -1]
        if not words or self.in_quote[i] != -1:
            return False
        if len(words) <= 6:
            return any(self.lex.is_cue(t, strong=True) for t in words)
        # a longer one whose main verb is a cue with a subject and nothing it reports
        # ('Macron told the world on Thursday via Twitter.')
        root = sent.root
        return (
            len(words) <= ATTRIBUTION_TAIL_WORDS
            and self.lex.is_cue(root, strong=True)
            and any(c.dep_ == "nsubj" and c.i < root.i for c in root.children)
            and not any(c.dep_ in ("ccomp", "xcomp", "parataxis", "advcl", "conj") for c in root.children)
        )

    def _direct_and_mixed(self) -> None:
        last_direct: ClaimMention | None = None
        for qi, q in enumerate(self.quotes):
            span = char_span(self.doc, q.start, q.end)
            if span is None or len(span) == 0:
                continue
            lo, hi = self._frame(q)
            outside = [t for t in self.doc[lo:hi] if self.in_quote[t.i] == -1 and not t.is_punct and not t.is_space]
            cue = self._cue_for_quote(span, outside)
            has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
            # a short quote is a label ("a 'witch hunt'"), unless it is a clause with
            # its own subject ('told a guard, "they raped me"')
            clause = any(t.dep_ in ("nsubj", "nsubjpass") and span.start <= t.head.i < span.end for t in span)
            # an exclamation or question, or a command ('"Stay there!"', '"What a
            # Super Tuesday!"'), is an utterance, however short
            utterance = span.text.rstrip()[-1:] in ("!", "?") or (span[0].tag_ == "VB" and span[0].dep_ == "ROOT")
            fragment = (not has_verb or (len(span) <= 3 and not clause)) and not utterance
            frame_start, frame_end = self.doc[lo].idx, char_end(self.doc, hi)
            # a cue after the quotation ('...: "A," she said') attributes it itself
            intro = None if fragment or (cue is not None and cue.i >= span.end) else self._colon_introducer(q)
            if intro is not None:
                # 'X disagreed with these findings: "..."', 'The palace issued a statement: "..."'
                verb, mention = intro
                kids = self._content_children(verb)
                # its own clause ('told the press the drugs were ...:') is a claim too,
                # unless the parse hangs the quotation inside that clause
                had_content = (
                    bool(kids)
                    and verb.i not in self.used_cues
                    and not any(subtree_span(k)[0] < span.end and span.start < subtree_span(k)[1] for k in kids)
                )
                last_direct = self._quotation_claim(q, verb, frame_start, frame_end, rule="quote_colon", mention=mention) or last_direct
                if had_content:
                    self.used_cues.discard(verb.i)
                continue
            if cue is not None:
                content_tokens = self._content_outside_quote(cue, span, outside)
                if content_tokens and self._addressee_only(cue, span, content_tokens):
                    content_tokens = []  # 'urging viewers, "we have got to vote ..."': the quotation is what was said
                speaker_run = self._speaker_run(cue, span) if content_tokens else None
                if speaker_run is not None:
                    # '"...", Caloundra coach Geoff Ingram said.' with "coach" parsed as a verb
                    last_direct = (
                        self._quotation_claim(q, cue, frame_start, frame_end, rule="verb", speaker_token=speaker_run) or last_direct
                    )
                    continue
                labelled = self._labelled_object(cue, span) if not content_tokens else None
                if labelled is not None:
                    # 'X called the proposed deal "lousy"' parsed with the label inside the object
                    lo, hi = self._clip_content(cue, *subtree_span(labelled))
                    self._claim("mixed", self.doc[lo].idx, char_end(self.doc, hi), cue, frame_start, frame_end, rule="quote_fragment")
                    continue
                if not content_tokens:
                    if fragment and not self._is_whole_content(cue, span) and not self._leads_attribution(q, span, cue):
                        continue  # a scare quote or title in a sentence that has a cue
                    last_direct = self._quotation_claim(q, cue, frame_start, frame_end, rule="quote") or last_direct
                    continue
                self._mixed(cue, span, frame_start, frame_end)
                continue
            # no cue in the frame: a colon-introduced quote, a continuation, or a scare quote
            if fragment or q.start - q.open_at > 2:
                continue
            prev_cue = self._colon_cue_before(lo)
            if prev_cue is not None:
                last_direct = self._quotation_claim(q, prev_cue, frame_start, frame_end, rule="quote_colon") or last_direct
                continue
            if last_direct is not None and self._continues(last_direct, q, lo) and not self._unread_attribution(qi):
                source = "carried_over" if last_direct.speaker else None
                self.claims.append(_continuation(last_direct, q, frame_start, frame_end, source, quote_group=last_direct.quote_group))
                last_direct = self.claims[-1]
                continue
            if all(t.is_punct or t.is_space for t in self.doc[lo:hi] if self.in_quote[t.i] == -1):
                self.standalone.append((q, frame_start, frame_end))

    def _addressee_only(self, cue: Token, span: Span, content_tokens: list[Token]) -> bool:
        """The cue's only content outside the quotation is its object, after the quotation
        or before a comma or colon that opens it: the object is who was addressed
        ('urging viewers, "..."', 'told the crowd: "..."', '"...?" she asked him'), and
        the quotation is what was said."""
        objects = [c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i]
        if not objects or span.start == 0:
            return False
        addressed = {t.i for o in objects for t in o.subtree}
        if cue.i >= span.end:
            # '"But why?" the reporter asked him.': after the quotation, the object is the
            # listener, when the cue has a subject ('"...", read the warning.' has none)
            return any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) and all(t.i in addressed for t in content_tokens)
        k = span.start - 1
        while k > cue.i and self.in_quote[k] != -1:
            k -= 1  # the opening mark
        if self.doc[k].text not in (",", ":"):
            return False
        return all(t.i in addressed and t.i < k for t in content_tokens)

    def _reported_kind(self, lo: int, hi: int) -> str:
        """Reported content of tokens ``[lo, hi)``: ``mixed`` when it holds quoted words, else ``indirect``."""
        return "mixed" if any(self.in_quote[i] != -1 for i in range(lo, hi)) else "indirect"

    def _clause_start(self, start: int, lo: int) -> int:
        """The first token of the clause ending at ``lo``: after the last semicolon
        outside quotation marks in ``[start, lo)`` ('The bridge was closed; about 300
        trucks, the police said, ...'), as the parse may hang the earlier clause on this one."""
        return max([start] + [k + 1 for k in range(start, lo) if self.doc[k].text == ";" and self.in_quote[k] == -1])

    def _quotation_claim(self, q: Quotation, cue: Token, frame_start: int, frame_end: int, **how) -> ClaimMention | None:
        """A direct claim of the quotation ``q`` attributed through ``cue``, in its
        quotation group; ``how``: the rule and, optionally, the speaker (see ``_claim``)."""
        claim = self._claim("direct", q.start, q.end, cue, frame_start, frame_end, **how)
        if claim:
            claim.quote_group = q.group
        return claim

    def _carry_over(self) -> None:
        """A quotation standing alone as its sentence or paragraph, right after a
        sentence attributed to a named speaker ('Smith said the plan failed. "It
        was a disaster."'), continues that speaker's statement."""
        attributed = [c for c in self.claims if c.kind in ("direct", "indirect", "mixed")]
        for q, frame_start, frame_end in self.standalone:
            if any(c.start < q.end and q.start < c.end for c in self.claims):
                continue
            before = [c for c in attributed if c.frame_end <= q.open_at]
            prev = max(before, key=lambda c: (c.frame_end, c.start)) if before else None
            between = self.text[prev.frame_end : q.open_at] if prev is not None else ""
            if prev is not None and not between.strip() and between.count("\n") <= 2 and prev.speaker and prev.speaker_source:
                self.claims.append(_continuation(prev, q, frame_start, frame_end, "carried_over"))
            else:
                self._context_speaker(q, frame_start, frame_end)

    def _context_speaker(self, q: Quotation, frame_start: int, frame_end: int) -> None:
        """A quotation standing alone right after a sentence of its paragraph whose
        subject is one named person ('Underwhelmed with her role, she left the
        series. "This is not what I wanted."'; 'McGurk also criticized the decision
        via Twitter. "..."'): news style gives the quotation to that person."""
        span = char_span(self.doc, q.open_at, q.close_at)
        if span is None or span.start == 0:
            return
        k = span.start - 1
        while k > 0 and self.doc[k].is_space:
            k -= 1
        prev_sent = self.doc[k].sent
        if "\n" in self.text[prev_sent.end_char : q.open_at] or self.in_quote[prev_sent.root.i] != -1:
            return
        subj = [c for c in prev_sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and self.in_quote[c.i] == -1]
        if len(subj) != 1:
            return
        mention = self.speakers.resolve(subj[0], (q.start, q.end), "context")
        if not mention.name or mention.label != "PERSON" or not any(w[:1].isupper() for w in mention.name.split()):
            return
        if mention.source in ("cue_subject", None):
            mention.source = "context"
        self._claim("direct", q.start, q.end, prev_sent.root, frame_start, frame_end, rule="quote_context", mention=mention)
        self.used_cues.discard(prev_sent.root.i)

    def _speaker_run(self, cue: Token, span: Span) -> Token | None:
        """The speaker's head word when a quotation, a comma and its cue end the
        sentence but the parser left the cue without a subject: the last word of
        a name between them ('"...", Caloundra coach Geoff Ingram said.', with
        "coach" parsed as a verb; at most SPEAKER_RUN_WORDS words ending in a
        proper noun), or the head of the noun phrase after the cue in inverted
        order ('"...", read the warning.', with "warning" parsed as its object).
        None when the cue has a subject or the words around it are anything else."""
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) or cue.i < span.end:
            return None
        i = span.end
        while i < cue.i and (self.doc[i].is_punct or self.in_quote[i] != -1):
            i += 1
        if i == span.end or not any(self.doc[k].text == "," for k in range(span.end, i)):
            return None
        rest = [t for t in self.doc[cue.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
        if i == cue.i:
            # inverted: '"...", read the warning.' with "warning" parsed as the object
            heads = [t for t in rest if t.head.i == cue.i and t.pos_ in ("NOUN", "PROPN")]
            if (
                0 < len(rest) <= SPEAKER_RUN_WORDS
                and len(heads) == 1
                and all(t.head.i == cue.i or t.head in heads or t.head.head in heads for t in rest)
            ):
                return heads[0]
            return None
        run = self.doc[i : cue.i]
        if not 0 < len(run) <= SPEAKER_RUN_WORDS or run[-1].pos_ != "PROPN" or any(t.is_punct for t in run):
            return None
        return run[-1] if not rest else None

    def _leads_attribution(self, q: Quotation, span: Span, cue: Token) -> bool:
        """A quotation that opens its sentence and ends in a comma before its cue
        ('"Heartbroken and numb," writes his partner') is speech even without a
        verb: a scare quote or a title is not set off that way."""
        if cue.i < span.end or cue.i - span.end > SPEAKER_RUN_WORDS + 2:
            return False
        sent = span[0].sent
        if any(not (t.is_punct or t.is_space) for t in self.doc[sent.start : span.start]):
            return False
        if any(self.in_quote[t.i] not in (-1, self.in_quote[span.start]) for t in self.doc[cue.i : sent.end]):
            return False  # '"Hopefully," he said, "..."': the first piece of one quotation
        return self.text[q.end : q.end + 1] == "," or self.text[q.close_at : q.close_at + 1] == ","

    def _labelled_object(self, cue: Token, span: Span) -> Token | None:
        """The object of a labelling verb that holds the quoted label with words of
        its own ('called [the proposed deal "lousy"]'), or None."""
        if cue.lemma_.lower() not in self.lex.labelling_verbs:
            return None
        for c in cue.children:
            if c.dep_ == "dobj" and c.left_edge.i < span.start and span.end <= c.right_edge.i + 1:
                return c
        return None

    def _is_whole_content(self, cue: Token, span: Span) -> bool:
        """The quote is the cue's entire complement ('said "No."')."""
        kids = self._content_children(cue)
        return bool(kids) and all(span.start <= k.i < span.end for k in kids)

    def _unread_attribution(self, qi: int) -> bool:
        """A short run of words with a name between this quotation and the next one
        of its paragraph ('"A", Martin muses, "B"', a verb no lexicon knows, parsed
        as a noun): someone else may be speaking, so the quotation does not
        continue the previous speaker's."""
        if qi + 1 >= len(self.quotes):
            return False
        q, nxt = self.quotes[qi], self.quotes[qi + 1]
        between = self.text[q.close_at : nxt.open_at]
        if "\n" in between:
            return False
        words = re.findall(r"[^\W\d_][\w'’.-]*", between)
        return 0 < len(words) <= UNREAD_ATTRIBUTION_WORDS and any(w[:1].isupper() for w in words)

    def _continues(self, prev: ClaimMention, q: Quotation, lo: int) -> bool:
        """A quote without attribution continues the previous quotation when
        nothing but its attribution stands between them (same or next paragraph)."""
        between = self.text[prev.frame_end : q.open_at]
        return q.group == prev.quote_group or (between.count("\n") <= 2 and not between.strip())

    def _cue_for_quote(self, span: Span, outside: list[Token]) -> Token | None:
        """The reporting cue attributing a quotation, from the tokens of its frame outside quotes."""
        cands = [
            t
            for t in outside
            if t.pos_ in ("VERB", "AUX")
            and t.i not in self.used_cues
            and not in_hyphenation(t)
            and (
                t.lemma_.lower() in self.lex.quote_verbs
                or (self.lex.is_cue(t, strong=True) and t.lemma_.lower() not in self.lex.verbs_needing_clause)
                or self.lex.is_speech_phrase(t)
            )
        ]
        cands += [t for t in outside if t.lower_ == "according" and t.i not in self.used_cues]
        if not cands:
            return None

        def distance(t: Token) -> int:
            return min(abs(t.i - span.start), abs(t.i - span.end))

        # prefer a cue syntactically tied to the quote (its head or a child is inside)
        def tied(t: Token) -> bool:
            return any(span.start <= c.i < span.end for c in t.children) or span.start <= t.head.i < span.end

        # then one whose reported content holds the quote ('X called the deal "lousy"
        # and said he would ...': the label is in "called"'s object, not in what "said" reports)
        def holds(t: Token) -> bool:
            return any(
                c.dep_ not in _NOT_CONTENT_DEPS and c.left_edge.i <= span.start and span.end <= c.right_edge.i + 1 for c in t.children
            )

        # then one in the quotation's own sentences, before one in an attribution tail
        # the frame runs on to ('..., a statement which read, in part, "A". X further
        # claimed, "B"': "claimed" introduces B)
        first, last = span[0].sent.start, span[-1].sent.end

        def own(t: Token) -> bool:
            return first <= t.i < last

        return min(cands, key=lambda t: (not tied(t), not holds(t), not own(t), distance(t)))

    def _content_outside_quote(self, cue: Token, span: Span, outside: list[Token]) -> list[Token]:
        """Tokens of the cue's reported content that lie outside the quotation:
        none for a direct quote, the surrounding clause for a mixed one."""
        if cue.lower_ == "according":
            content = [t for t in outside if t not in set(according_phrase(cue))]
            return [t for t in content if t.pos_ not in ("CCONJ", "ADV") and t.i not in range(span.start, span.end)]
        if self.lex.is_speech_phrase(cue):
            return []  # 'As Vulture put it, "..."': "it" is the quotation
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
            # the hand lexicon's nominal-content and labelling verbs keep their object
            # though the annotated news had too few of them to learn it ('reported a
            # total of 5667 cases', 'calling it "an aggression"')
            nominal = lemma in self.lex.object_content_verbs
            labelling = lemma in self.lex.labelling_verbs
            kids = [
                c
                for c in cue.children
                if c.dep_ in ("ccomp", "parataxis")
                or c.dep_ in learned
                or (c.dep_ == "prep" and f"prep:{c.lower_}" in learned)
                or (nominal and c.dep_ == "dobj")
                or (labelling and (c.dep_ in ("dobj", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")))
                or (c.dep_ == "xcomp" and lemma in self.lex.infinitive_content_verbs and self._right_after(cue, c))
                # the small parser often labels a verb's 'to' clause advcl ('promised Sunday
                # at a rally to end ...'): it is the xcomp the verb learned
                or ("xcomp" in learned and c.dep_ == "advcl" and c.i > cue.i and self._to_clause(c))
            ]
            return [c for c in kids if not self._not_content(cue, c)]
        kids = [c for c in cue.children if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and lemma not in ("continue",))]
        kids = [c for c in kids if not self._not_content(cue, c)]
        if lemma in self.lex.labelling_verbs:
            kids += [c for c in cue.children if c.dep_ in ("dobj", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")]
        if lemma in self.lex.object_content_verbs:
            kids += [c for c in cue.children if c.dep_ == "dobj"]
        return kids

    def _to_infinitive(self, verb: Token) -> bool:
        """``verb`` is an infinitive opened by 'to' outside quotation marks."""
        return any(a.dep_ == "aux" and a.lower_ == "to" and self.in_quote[a.i] == -1 for a in verb.children)

    def _to_clause(self, verb: Token) -> bool:
        """An infinitive opened by 'to' with no conjunction ('in order to' is purpose)."""
        return self._to_infinitive(verb) and not any(m.dep_ == "mark" for m in verb.children)

    def _right_after(self, cue: Token, kid: Token) -> bool:
        """``kid``'s phrase follows the cue with no punctuation between ('claimed to
        have ...', not 'suggested piracy, perhaps to obtain ...')."""
        lo = subtree_span(kid)[0]
        return lo > cue.i and not any(t.is_punct for t in self.doc[cue.i + 1 : lo])

    def _not_content(self, cue: Token, kid: Token) -> bool:
        """A clause the parse hangs under the cue that it does not report."""
        return (
            self._reporting_aside(kid)
            or self._before_semicolon(cue, kid)
            or self._fronted_adverbial(cue, kid)
            or self._when_object(kid)
            or self._speech_participle(kid)
        )

    def _speech_participle(self, kid: Token) -> bool:
        """'News.Az reports citing foreign media': a participle of speech after the cue
        is the speaker's next act (its source, an addition), not what was reported."""
        return kid.dep_ in ("xcomp", "advcl") and kid.tag_ == "VBG" and kid.lemma_.lower() in self.lex.next_act_participles

    @staticmethod
    def _when_object(kid: Token) -> bool:
        """'promised Sunday at a rally to end ...': a day or time the parse takes for
        the verb's object says when, not what."""
        return kid.dep_ == "dobj" and kid.ent_type_ in ("DATE", "TIME") and all(t.ent_type_ in ("DATE", "TIME") for t in kid.subtree)

    def _fronted_adverbial(self, cue: Token, kid: Token) -> bool:
        """'Minutes before the committee voted, Trump claimed ...': a clause before
        the cue opened by a temporal or causal conjunction is when or why, not what,
        though the parse may label it the cue's complement."""
        return kid.i < cue.i and any(m.dep_ == "mark" and m.lower_ in ADVERBIAL_MARKS for m in kid.children)

    def _before_semicolon(self, cue: Token, kid: Token) -> bool:
        """'The minister resigned; her deputy said the reforms would go on': the
        parse hangs the clause before a semicolon under the next verb, but a
        semicolon ends a clause, so it is not that verb's content."""
        if kid.i > cue.i:
            return False
        end = subtree_span(kid)[1]
        return any(self.doc[k].text == ";" and self.in_quote[k] == -1 for k in range(end, cue.i))

    def _reporting_aside(self, t: Token) -> bool:
        """'Bob, they said, ordered them to wait': a parenthetical attribution of
        the clause it interrupts, not content of that clause's verb."""
        return t.dep_ == "parataxis" and self.lex.is_cue(t, strong=True) and any(c.dep_ == "nsubj" for c in t.children)

    def _mixed(self, cue: Token, span: Span, frame_start: int, frame_end: int) -> None:
        if cue.lower_ == "according":
            self._according_claim(cue)
            return
        children = self._content_children(cue)
        kids = self._directive_content(cue) or children
        # a complement that opens before the quotation and runs into it ('alleged the
        # government are "hiding ..."') holds the quoted words, whatever else the parse
        # hangs on the cue ('..., whose vehicle was used ...' as a second complement)
        running_in = [k for k in kids if subtree_span(k)[0] < span.start < subtree_span(k)[1]]
        if running_in:
            kids = [k for k in kids if subtree_span(k)[0] < span.end]
        if cue.lemma_.lower() not in self.lex.labelling_verbs:
            # a labelling verb's content runs from its object through the quoted label
            kids = [k for k in kids if k in running_in or not (span.start <= k.i < span.end)] or kids
        lo = min(subtree_span(k)[0] for k in kids)
        hi = self._nominal_extent(cue, kids, lo, max(subtree_span(k)[1] for k in kids))
        if span.start >= hi and all(t.is_punct or t.is_space for t in self.doc[hi : span.start]):
            # 'said she did this to show victims "there is nothing to be ashamed of"':
            # the quotation the parse made a second complement runs on from the first
            hi = max([hi] + [subtree_span(k)[1] for k in children if span.start <= k.i < span.end])
        lo, hi = self._clip_content(cue, lo, hi)
        if hi <= lo:
            return
        self._claim("mixed", self.doc[lo].idx, char_end(self.doc, hi), cue, frame_start, frame_end, rule="quote_fragment")

    def _clip_content(self, cue: Token, lo: int, hi: int) -> tuple[int, int]:
        """Content tokens exclude the cue and its subject, and stop at the sentence."""
        sent = cue.sent
        if lo < cue.i < hi:
            # content on both sides of the cue: keep the side holding the complement
            if hi - cue.i > cue.i - lo:
                lo = cue.i + 1
            else:
                # before the cue: up to its subject ('X, she later said Y')
                subjects = [subtree_span(c)[0] for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
                hi = min([cue.i] + [k for k in subjects if k > lo])
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
        return trim_tokens(self.doc, lo, hi)

    def _colon_introducer(self, q: Quotation) -> tuple[Token, SpeakerMention] | None:
        """The verb of a clause that ends in a colon right before the quotation,
        and its speaker, when the clause has a person or organisation as its
        subject ('Jo Anne Van Tilburg disagreed with these findings: "..."',
        'The palace issued the following statement: "..."'): news writing
        introduces a quotation that way whatever the verb. A comma does the same
        when the verb is one of speech and the quotation ends the sentence ('He
        also commented on the future, "..."'). The verb is the highest one of the
        clause outside quotations; None when there is no colon or comma, no verb,
        or no speaker that names someone ('The weather was cold: "..."')."""
        k = q.open_at - 1
        while k >= 0 and self.text[k] in " \t\u00a0":
            k -= 1
        if k < 0 or self.text[k] not in ":,":
            return None
        comma = self.text[k] == ","
        if comma and self.text[q.close_at : q.close_at + 3].strip(" .!?\u00a0\"”'") and "\n" not in self.text[q.close_at : q.close_at + 3]:
            return None  # after a comma, only a quotation that ends the sentence
        marks = char_span(self.doc, k, k + 1)
        if marks is None:
            return None
        mark = marks[0]  # the colon or comma
        start = mark.sent.start if mark.sent.start < mark.i else self.doc[max(mark.i - 1, 0)].sent.start
        verbs = [t for t in self.doc[start : mark.i] if t.pos_ in ("VERB", "AUX") and self.in_quote[t.i] == -1]
        verbs = [t for t in verbs if not any(a.i in range(start, mark.i) and a.pos_ in ("VERB", "AUX") for a in t.ancestors)]
        if not verbs:
            return None
        verb = verbs[0]
        lemma = verb.lemma_.lower()
        if comma and not (
            lemma in self.lex.reporting_verbs
            or lemma in self.lex.quote_verbs
            or self.lex.learned_precision.get(lemma, 0.0) >= COMMA_INTRODUCER_PRECISION
        ):
            return None  # a comma is weaker than a colon: the verb must be one of speech
        if comma and any(self.in_quote[t.i] != -1 for t in self.doc[start : mark.i]):
            return None  # '"A," he said, "B"': one quotation around its attribution
        if comma and any(subtree_span(kid)[0] < mark.i < subtree_span(kid)[1] for kid in self._content_children(verb)):
            return None  # 'added that X is a problem because, "..."': the quotation is inside what it reports
        mention = self.speakers.speaker_of(verb, (q.start, q.end))
        if mention is None or not mention.name:
            return None
        head = mention.head.lemma_.lower()
        if not (
            mention.label in ("PERSON", "ORG", "GPE", "NORP")
            or mention.source in ("role_noun", "issuer", "coreference", "apposition")
            or head in self.lex.person_nouns
            or head in self.lex.organisation_words
        ):
            return None
        return verb, mention

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

    def _indirect(self) -> None:
        # only verbs and nouns can be cues: read the POS column once rather than make every Token
        pos = self.doc.to_array(POS).tolist()
        for i, p in enumerate(pos):
            if (p != VERB and p != NOUN) or i in self.used_cues or self.in_quote[i] != -1:
                continue
            t = self.doc[i]
            lemma = t.lemma_.lower()
            if p == VERB and (self.lex.is_cue(t) or lemma in self.lex.directive_verbs):
                self._verb_claim(t)
            elif p == NOUN and (lemma in self.lex.claim_nouns or lemma in self.lex.learned_noun_cues):
                self._noun_claim(t)

    def _source_like_subject(self, cue: Token) -> bool:
        """The cue's subject can be a source: a person, an organisation, a
        pronoun, a person noun ('officials') or a source noun ('a report')."""
        subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return False
        if subj.pos_ == "PRON":
            return subj.lower_ in ("he", "she", "they", "i", "we", "you", "who")
        return self._source_noun(subj)

    def _source_noun(self, t: Token) -> bool:
        """A name of a person, organisation or place, a person noun ('officials')
        or a source noun ('a report')."""
        if t.ent_type_ in ("PERSON", "ORG") or t.pos_ == "PROPN":
            return True
        if t.ent_type_ in ("GPE", "NORP"):
            return True  # 'Russia said', not 'Ukrainian forces'
        lemma = t.lemma_.lower()
        return lemma in self.lex.person_nouns or lemma in self.lex.source_nouns

    def _verb_claim(self, cue: Token) -> None:
        if self._trailing_cue(cue):
            return
        directive = self._directive_content(cue)
        if not directive and not self.lex.is_cue(cue, strong=True) and not self._source_like_subject(cue):
            return  # a verb that is only sometimes a cue needs a speaker-like subject
        kids = directive or self._content_children(cue) or self._misparsed_content(cue)
        if not kids:
            if not self._reduced_relative_cue(cue):
                self._inverted_claim(cue)
            return
        if any(c.dep_ == "neg" for c in cue.children) and any(
            m.lower_ in ("if", "whether") for k in kids for m in k.children if m.dep_ == "mark"
        ):
            return  # "have not confirmed if ..." reports no content
        if all(k.dep_ == "xcomp" for k in kids) and not any(k.pos_ in ("VERB", "AUX") for k in kids):
            return
        kids = kids + self._object_as_subject(cue, kids)
        lo = min(subtree_span(k)[0] for k in kids)
        hi = max(subtree_span(k)[1] for k in kids)
        hi = self._nominal_extent(cue, kids, lo, hi)
        lo, hi = self._clip_content(cue, lo, hi)
        hi = self._before_next_attribution(lo, hi)
        if hi - lo < 2:
            return
        sent = cue.sent
        kind = self._reported_kind(lo, hi)
        start, end = self.doc[lo].idx, char_end(self.doc, hi)
        if any(c.start <= start and end <= c.end and c.kind in ("direct", "mixed") for c in self.claims):
            return
        self._claim(kind, start, end, cue, sent.start_char, sent.end_char, rule="verb")

    def _object_as_subject(self, cue: Token, kids: list[Token]) -> list[Token]:
        """'ruled the male-only draft violated the Constitution': the parse takes the
        clause's subject for the verb's object and leaves the clause without one; the
        object right before a subjectless complement clause is that clause's subject."""
        for k in kids:
            if k.dep_ != "ccomp" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in k.children):
                continue
            lo = subtree_span(k)[0]
            objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i and subtree_span(c)[1] == lo and c not in kids]
            if objects:
                return objects
        return []

    def _reduced_relative_cue(self, cue: Token) -> bool:
        """'Multiple outlets reported on Wednesday the Secret Service had ...': the
        parse reads the past-tense cue as a participle modifying its subject
        ('outlets reported' as 'outlets [that were] reported') and makes the reported
        clause the main one, with two subjects (the second subject is what tells it from
        a true participle: 'The figures reported on Monday showed growth'). The content is the clause after the
        cue's phrase; the speaker is the noun the cue modifies. True when it made the claim."""
        head, main = cue.head, cue.head.head
        if (
            cue.dep_ != "acl"
            or cue.tag_ not in ("VBD", "VBN")
            or any(c.dep_ == "agent" for c in cue.children)
            or not self.lex.is_cue(cue, strong=True)
            or head.dep_ != "nsubj"
            or head.i > cue.i
            or main.i < cue.i
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
        ):
            return False
        hi_cue = subtree_span(cue)[1]
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i >= hi_cue for c in main.children):
            return False
        lo, hi = trim_tokens(self.doc, hi_cue, min(subtree_span(main)[1], cue.sent.end))
        if hi - lo < 3:
            return False
        kind = self._reported_kind(lo, hi)
        sent = cue.sent
        self._claim(
            kind, self.doc[lo].idx, char_end(self.doc, hi), cue, sent.start_char, sent.end_char, speaker_token=head, rule="inverted"
        )
        return True

    def _nominal_extent(self, cue: Token, kids: list[Token], lo: int, hi: int) -> int:
        """The end of a nominal or infinitival complement with the modifiers the parse
        hangs on the verb ('praised the efforts of X to attack Y'; 'decried the GOP for
        "turning its back"'; 'blamed the law on "knuckleheaded politicians"')."""
        if any(k.dep_ == "ccomp" for k in kids) or lo <= cue.i:
            return hi
        return max(
            [hi]
            + [
                subtree_span(c)[1]
                for c in cue.children
                if c.i > hi - 1 and c.dep_ in ("prep", "xcomp", "oprd", "acomp", "advcl") and not self.lex.is_cue(c)
            ]
        )

    def _directive_content(self, cue: Token) -> list[Token]:
        """The object and 'to' clause of a directive verb ('warned people in the
        area to stay inside', 'called on Turkey to halt its drilling', 'invited the
        countries to open dialogue'): a reported directive, whatever the verb's
        other uses."""
        if cue.lemma_.lower() not in self.lex.directive_verbs:
            return []
        after = [c for c in cue.children if c.i > cue.i and self.in_quote[c.i] == -1]
        objects = [c for c in after if c.dep_ == "dobj"]
        objects += [g for c in after if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
        # the 'to' clause, as xcomp or, as the small parser often has it, advcl
        # (the 'to' clause may run into a quotation: 'asked people to "please pray ..."')
        infinitive = [c for c in cue.children if c.i > cue.i and c.dep_ in ("xcomp", "advcl") and self._to_infinitive(c)]
        if objects and infinitive and min(o.i for o in objects) < infinitive[0].i:
            return [min(objects, key=lambda o: o.i), infinitive[0]]
        return []

    def _misparsed_content(self, cue: Token) -> list[Token]:
        """Content of a hand-lexicon reporting verb that the parse did not label as
        its complement: a gerund after "to" ('admitted to lying about the
        payments'), or a clause with a subject of its own hung on the verb as an
        object or adverbial ('she said as a teenager she was forced into ...';
        'suggested the algae might render ...'), not one opened by a conjunction
        ('said it after she left')."""
        if cue.lemma_.lower() not in self.lex.reporting_verbs:
            return []
        after = [c for c in cue.children if c.i > cue.i and self.in_quote[c.i] == -1]
        for c in after:
            # 'admitted to lying about the payments', 'confessed to killing his sister'
            gerunds = [g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"] if c.dep_ == "prep" and c.lower_ == "to" else []
            if gerunds:
                return gerunds[:1]
        for c in after:
            # 'said legalizing it could put thousands to work': a gerund subject the parse
            # took for the verb's complement, with the clause it is the subject of below it
            if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == cue.i + 1 and any(k.dep_ == "ccomp" and k.i > c.i for k in c.children):
                return [c]
        for c in after:
            # 'indicated on Twitter the baby girl was critically ill': a clause with its
            # own subject hung on the verb as a conjunct, though no "and" or comma joins them
            if c.dep_ == "conj" and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children):
                lo = subtree_span(c)[0]
                joined = self.doc[lo - 1].is_punct or self.doc[lo - 1].dep_ == "cc" or self.doc[lo].dep_ == "cc"
                if not joined and not any(k.dep_ == "cc" and k.i < lo for k in cue.children):
                    return [c]
        for c in after:
            if c.dep_ not in ("advcl", "dobj"):
                continue
            if c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children):
                return []
            clause = [t for t in c.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX")]
            if clause:
                return [k for k in after if k.dep_ in ("dobj", "advcl") and k.i <= c.i]
        return []

    def _before_next_attribution(self, lo: int, hi: int) -> int:
        """The end of content ``[lo, hi)`` before a coordinated clause that is an
        attribution of its own ('X said people changed their minds and several said
        they ...'; 'replied they would attend and a million more expressed interest'):
        the parse hangs it inside the first cue's complement, but it has its own
        subject and cue, so it is not what the first speaker said. Likewise a
        participle of a reporting verb after a comma ('..., citing the disruption
        off Alaska'; '..., adding that ...'): the speaker's next act."""
        for t in self.doc[lo + 1 : hi]:
            if (
                t.tag_ == "VBG"
                and self.doc[t.i - 1].text == ","
                and self.in_quote[t.i] == -1
                and (t.lemma_.lower() in self.lex.reporting_verbs or t.lemma_.lower() in self.lex.quote_verbs)
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            ):
                # '..., citing the disruption off Alaska': the speaker's own act, after the content
                return t.i - 1 if t.i - 1 > lo else hi
            if (
                t.dep_ == "advcl"
                and t.pos_ == "VERB"
                and self.in_quote[t.i] == -1
                and self.lex.is_cue(t, strong=True)
                and any(c.dep_ == "nsubj" for c in t.children)
                and any(m.dep_ == "mark" and m.lower_ in ("while", "whereas") for m in t.children)
            ):
                # '..., while other voters said they had not heard ...': a contrasted attribution
                cut = t.left_edge.i
                while cut > lo and self.doc[cut - 1].is_punct:
                    cut -= 1
                return cut if cut > lo else hi
            if (
                t.dep_ == "conj"
                and t.pos_ == "VERB"
                and self.in_quote[t.i] == -1
                and (self.lex.is_cue(t, strong=True) or t.lemma_.lower() in self.lex.labelling_verbs)
                # with a subject of its own, or a finite verb of the speaker's next act
                # ('he found Trump "very charming" and called his standing "unheard of"')
                and (any(c.dep_ == "nsubj" for c in t.children) or (t.tag_ in ("VBD", "VBZ") and self.doc[t.i - 1].dep_ == "cc"))
            ):
                cut = t.left_edge.i
                while cut > lo and (self.doc[cut - 1].dep_ == "cc" or self.doc[cut - 1].is_punct):
                    cut -= 1
                return cut if cut > lo else hi
        return hi

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
            lo, hi = trim_tokens(self.doc, *subtree_span(kids["nsubjpass"]))
            self._content_spans(cue, [(lo, hi)])
            return
        if "nsubjpass" in kids and "xcomp" in kids and self._to_clause(kids["xcomp"]) and kids["nsubjpass"].i < cue.i < kids["xcomp"].i:
            # 'Trump was said to be suffering minor symptoms': a passive report with no
            # source; what was said is the subject and the "to" clause around the cue
            subject = trim_tokens(self.doc, *subtree_span(kids["nsubjpass"]))
            clause = trim_tokens(self.doc, *subtree_span(kids["xcomp"]))
            if subject[1] - subject[0] >= 1 and kids["nsubjpass"].lower_ not in ("it", "this", "that"):
                self._content_spans(cue, [subject, clause])
            return
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            return
        lo_cue, hi_cue = subtree_span(cue)
        if cue.dep_ in ("advcl", "acl") and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) and cue.head.i > cue.i:
            head_lo, head_hi = subtree_span(cue.head, exclude=[cue])
            self._content_spans(cue, [trim_tokens(self.doc, max(head_lo, hi_cue), min(head_hi, sent.end))])
            return
        if self._fronted_cue_clause(cue, lo_cue, hi_cue) or self._aside_claim(cue):
            return
        if lo_cue <= sent.start or self.doc[lo_cue - 1].text not in (",", "—", "–"):
            lo_cue, hi_cue = trim_tokens(self.doc, lo_cue, hi_cue)  # the parse may hang the commas on the cue
            if lo_cue <= sent.start or self.doc[lo_cue - 1].text not in (",", "—", "–"):
                return
        if cue.dep_ == "parataxis" and cue.head.i > cue.i:
            # 'The outreach, they said, raised new worries.': the cue's phrase set
            # off by commas inside the clause it reports
            if hi_cue < sent.end and (self.doc[hi_cue].text in (",", "—", "–") or self.doc[hi_cue - 1].text in (",", "—", "–")):
                start = self._clause_start(sent.start, lo_cue)
                self._content_spans(cue, [trim_tokens(self.doc, start, lo_cue), trim_tokens(self.doc, hi_cue, sent.end)])
            return
        at_end = all(t.is_punct or t.is_space for t in self.doc[hi_cue : sent.end])
        trailing_clause = cue.dep_ == "advcl" and at_end and not any(c.dep_ == "mark" for c in cue.children)
        if not (cue.dep_ in ("conj", "parataxis") or trailing_clause) or cue.head.i >= cue.i:
            return  # '..., she said.' parsed as an adverbial clause of the content
        parts = [trim_tokens(self.doc, sent.start, lo_cue)]
        if (
            cue.dep_ == "parataxis"
            and hi_cue < sent.end
            and self.doc[hi_cue - 1].text == ","
            or (hi_cue < sent.end and self.doc[hi_cue].text == ",")
        ):
            parts.append(trim_tokens(self.doc, hi_cue, sent.end))  # 'This campaign, he says, is different.'
        self._content_spans(cue, parts)

    def _aside_claim(self, cue: Token) -> bool:
        """'Around 50 gallons of fuel, officials said, spilled and ignited.': a speaker
        and cue set off by commas inside the clause they report. The aside is the
        subject, the cue and what follows the cue up to the comma, not the cue's whole
        subtree, as the parse may hang a clause of the content on it ('If these findings
        are accurate, scientists say, ...'). True when it made the claim."""
        sent = cue.sent
        subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
        if cue.dep_ != "parataxis" or cue.head.i <= cue.i or subj is None or not self.lex.is_cue(cue, strong=True):
            return False
        lo = subtree_span(subj)[0]
        hi = max([cue.i + 1] + [subtree_span(c)[1] for c in cue.children if c.i > cue.i and not c.is_punct])
        if lo <= sent.start or hi >= sent.end or self.doc[lo - 1].text not in (",", "—", "–") or self.doc[hi].text not in (",", "—", "–"):
            return False
        if not (hi < cue.head.i):
            return False
        start = self._clause_start(sent.start, lo)
        self._content_spans(cue, [trim_tokens(self.doc, start, lo - 1, keep_marks=True), trim_tokens(self.doc, hi + 1, sent.end)])
        return True

    def _fronted_cue_clause(self, cue: Token, lo_cue: int, hi_cue: int) -> bool:
        """'Al Jazeera reported on Thursday, coverage had risen to 55 percent.': a
        sentence-opening speaker and cue, then a comma and the reported clause, which
        the parse makes the main verb with the cue as its complement. The content is
        the clause after the comma. True when it made the claim."""
        sent = cue.sent
        head = cue.head
        if (
            cue.dep_ not in ("ccomp", "parataxis")
            or head.i <= cue.i
            or lo_cue != sent.start
            or not self.lex.is_cue(cue, strong=True)
            or hi_cue >= sent.end
            or self.doc[hi_cue].text not in (",", "—", "–")
            or head.i <= hi_cue
            or not any(c.dep_ in ("nsubj", "nsubjpass") and c.i > hi_cue for c in head.children)
        ):
            return False
        lo, hi = trim_tokens(self.doc, hi_cue, sent.end)
        if hi - lo < 3:
            return False
        self._content_spans(cue, [(lo, hi)])
        return True

    def _trailing_cue(self, cue: Token) -> bool:
        """'..., reported officials.' / '..., reported state media, with ...': a past-tense
        cue between a comma and its source, which the parse misses (it reads
        "reported officials" as a noun phrase). The source is the noun phrase right
        after the cue, ending at a comma or the sentence end; the content is the
        sentence before the comma. 'said X' is parsed right and does not get here."""
        sent = cue.sent
        if (
            cue.tag_ not in ("VBD", "VBN")
            or not self.lex.is_cue(cue, strong=True)
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
            or cue.i - 1 <= sent.start
            or self.doc[cue.i - 1].text not in (",", "—", "–")
        ):
            return False
        end = cue.i + 1
        while end < sent.end and not self.doc[end].is_punct and end - cue.i <= MAX_TRAILING_SOURCE:
            end += 1
        if end == cue.i + 1 or end - cue.i > MAX_TRAILING_SOURCE or any(self.in_quote[i] != -1 for i in range(cue.i, end)):
            return False
        heads = [t for t in self.doc[cue.i + 1 : end] if not (cue.i < t.head.i < end)]
        if len(heads) != 1 or not self._source_like(heads[0]):
            return False
        lo, hi = trim_tokens(self.doc, sent.start, cue.i - 1)
        if hi - lo < 3:
            return False
        start, end_char = self.doc[lo].idx, char_end(self.doc, hi)
        mention = self.speakers.resolve(heads[0], (start, end_char), "cue_subject", cue)
        source = self.doc[cue.i + 1 : end]
        if mention.start < source.start_char or mention.end > source.end_char:
            # the parse hung the cue (and what follows the comma) on the source's phrase
            if mention.name is not None and mention.name not in source.text:
                mention.name = source.text
            mention.start, mention.end, mention.text = source.start_char, source.end_char, source.text
        self._claim("indirect", start, end_char, cue, sent.start_char, sent.end_char, rule="inverted", mention=mention)
        return True

    def _source_like(self, t: Token) -> bool:
        """A noun that can be the source after a trailing cue: a source noun
        (``_source_noun``) or an organisation word ('state media'), also by its
        form ("media", whose lemma is "medium")."""
        if t.pos_ not in ("NOUN", "PROPN"):
            return False
        if self._source_noun(t):
            return True
        words = (self.lex.person_nouns, self.lex.source_nouns, self.lex.organisation_words)
        return any(w in lexicon for w in (t.lemma_.lower(), t.lower_) for lexicon in words)

    def _content_spans(self, cue: Token, parts: list[tuple[int, int]]) -> None:
        """Claims for content token ranges of one cue; several ranges are fragments of one claim."""
        parts = [(lo, hi) for lo, hi in parts if hi - lo >= (1 if len(parts) > 1 else 2)]
        if not parts or sum(hi - lo for lo, hi in parts) < 3:
            return
        sent = cue.sent
        group = None if len(parts) == 1 else -(cue.i + 1)  # negative: never collides with quotation groups
        for lo, hi in parts:
            start, end = self.doc[lo].idx, char_end(self.doc, hi)
            if any(c.start <= start and end <= c.end for c in self.claims):
                continue
            claim = self._claim(self._reported_kind(lo, hi), start, end, cue, sent.start_char, sent.end_char, rule="inverted")
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
        lo = min(subtree_span(k)[0] for k in kids)
        hi = max(subtree_span(k)[1] for k in kids)
        lo, hi = trim_tokens(self.doc, lo, hi)
        if hi - lo < min_tokens:
            return
        start, end = self.doc[lo].idx, char_end(self.doc, hi)
        kind = self._reported_kind(lo, hi)
        self._claim(kind, start, end, noun, noun.sent.start_char, noun.sent.end_char, speaker_token=owner[0], rule="noun")

    def _according_to(self) -> None:
        # read the LOWER column once: Tokens only for 'according' and 'per'
        lower = self.doc.to_array(LOWER).tolist()
        for t in (self.doc[i] for i, word in enumerate(lower) if word == _ACCORDING or word == _PER):
            if (
                t.lower_ == "according"
                and t.i + 1 < len(self.doc)
                and self.doc[t.i + 1].lower_ == "to"
                and t.i not in self.used_cues
                and self.in_quote[t.i] == -1
            ):
                self._according_claim(t)
            elif t.lower_ == "per" and t.i == t.sent.start and t.dep_ == "prep" and self.in_quote[t.i] == -1:
                self._per_claim(t)

    def _per_claim(self, t: Token) -> None:
        """'Per numbers reported by The Associated Press, 415 thousand priests ...':
        a sentence-opening 'per' phrase naming a source (an organisation or person
        in it, the agent of 'reported by' first) attributes the rest of the sentence,
        like 'according to'. 'per capita' or '$5 per gallon' never open a sentence
        with a comma after the phrase."""
        hi = next((k for k in range(t.i + 1, t.sent.end) if self.doc[k].text == ","), None)
        if hi is None or hi - t.i > PER_PHRASE_WORDS or hi >= t.sent.root.i:
            return  # the phrase ends at its comma, before the main clause
        phrase = self.doc[t.i : hi]
        agents = [w for w in phrase if w.dep_ == "pobj" and w.head.dep_ == "agent"]
        ents = [e for e in phrase.ents if e.label_ in ("ORG", "PERSON", "NORP", "GPE")]
        source = agents[0] if agents else (ents[-1].root if ents else None)
        if source is None:
            pobj = [w for w in t.children if w.dep_ == "pobj"]
            if not pobj or not self._source_noun(pobj[0]):
                return
            source = pobj[0]
        c_lo, c_hi = trim_tokens(self.doc, hi + 1, t.sent.end)
        while c_hi > c_lo and (self.doc[c_hi - 1].is_punct or self.doc[c_hi - 1].is_space):
            c_hi -= 1
        if c_hi - c_lo < 3:
            return
        sent = t.sent
        self._claim(
            "indirect",
            self.doc[c_lo].idx,
            char_end(self.doc, c_hi),
            t,
            sent.start_char,
            sent.end_char,
            speaker_token=source,
            cue_lemma="according to",
            rule="according",
        )

    def _according_claim(self, t: Token) -> None:
        phrase = according_phrase(t)
        if not phrase:
            return
        sent = t.sent
        p_lo, p_hi = phrase[0].i, phrase[-1].i + 1
        if p_hi + 1 < len(self.doc) and self.doc[p_hi].text == ",":
            # 'according to the mayor, Dee Margo, ...': the name in apposition is not content
            ent = self.speakers.entity_at.get(p_hi + 1)
            ent = ent if ent is not None and ent.start == p_hi + 1 and ent.label_ == "PERSON" else None
            if ent is not None and ent.end < len(self.doc) and self.doc[ent.end].text == ",":
                p_hi = ent.end + 1
        left = trim_tokens(self.doc, sent.start, p_lo)
        right = trim_tokens(self.doc, p_hi, sent.end)
        lo, hi = left if (left[1] - left[0]) >= (right[1] - right[0]) else right
        if hi - lo < 3:
            return
        start, end = self.doc[lo].idx, char_end(self.doc, hi)
        if end - start <= 0:
            return
        pobj = [w for w in phrase if w.dep_ == "pobj"]
        kind = "direct" if all(self.in_quote[i] != -1 for i in range(lo, hi)) else self._reported_kind(lo, hi)
        self._claim(
            kind,
            start,
            end,
            t,
            sent.start_char,
            sent.end_char,
            speaker_token=pobj[0] if pobj else None,
            cue_lemma="according to",
            rule="according",
        )

    def _headline_colons(self) -> None:
        """'Pence: Trump will win' - a named source, a colon, then the content."""
        for m in re.finditer(r"^([^\n:]{2,60}):\s+(\S[^\n]{10,})$", self.text, flags=re.MULTILINE):
            src = char_span(self.doc, m.start(1), m.end(1))
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
                start, end = start + 1, end - 1 - (inside.endswith(".") and inside[-2:-1] in '"”')
            mention = self.speakers.resolve(ent.root)
            self.claims.append(
                ClaimMention(
                    kind=kind,
                    start=start,
                    end=end,
                    cue=":",
                    cue_start=m.end(1),
                    cue_end=m.end(1) + 1,
                    speaker=mention.name,
                    speaker_mention=mention.text,
                    speaker_start=mention.start,
                    speaker_end=mention.end,
                    speaker_type=mention.label,
                    frame_start=m.start(),
                    frame_end=m.end(),
                    rule="headline",
                    speaker_source="headline" if mention.name else None,
                )
            )

    def _title_case_headlines(self) -> None:
        """'Clinton Says Russians Hacked DNC, Calls Trump's Remarks 'Troubling'': a
        headline in title case, where the parser reads the content's words as proper
        nouns. A line without a closing full stop, its words capitalised, with a name,
        a present-tense cue ('Says', 'Warns', 'Tells X'), then the content up to the
        line end or a comma before the next cue."""
        for m in re.finditer(r"^[^\n]{8,200}$", self.text, flags=re.MULTILINE):
            line = m.group(0).rstrip()
            words = re.findall(r"[A-Za-z][\w'’]*", line)
            if line.endswith(".") or len(words) < 4 or sum(w[:1].isupper() for w in words) < 0.8 * len(words):
                continue
            span = char_span(self.doc, m.start(), m.start() + len(line))
            if span is None:
                continue
            for cue in span:
                low = cue.lower_
                if not (cue.text[:1].isupper() and _third_person_of(low, self.lex.reporting_verbs)) or cue.i in self.used_cues:
                    continue
                subject = [t for t in self.doc[span.start : cue.i] if not t.is_punct]
                if not subject or len(subject) > 5 or not all(t.pos_ == "PROPN" for t in subject):
                    continue
                lo, hi = cue.i + 1, span.end
                for t in self.doc[lo:hi]:
                    nxt = self.doc[t.i + 1] if t.i + 1 < hi else None
                    if (
                        t.text == ","
                        and nxt is not None
                        and (
                            _third_person_of(nxt.lower_, self.lex.reporting_verbs) or _third_person_of(nxt.lower_, self.lex.labelling_verbs)
                        )
                    ):
                        hi = t.i
                        break
                lo, hi = trim_tokens(self.doc, lo, hi)
                if hi - lo < 2 or any(c.start < char_end(self.doc, hi) and self.doc[lo].idx < c.end for c in self.claims):
                    continue
                self._claim(
                    "indirect",
                    self.doc[lo].idx,
                    char_end(self.doc, hi),
                    cue,
                    self.doc[span.start].idx,
                    char_end(self.doc, span.end),
                    cue_lemma=low[:-1],
                    rule="headline",
                    mention=self._headline_speaker(self.doc[subject[0].i : subject[-1].i + 1]),
                )
                break

    def _headline_speaker(self, names: Span) -> SpeakerMention:
        """The speaker named before a headline's cue: the parse hangs the whole line on
        the name, so the name is its entity (or its words) alone, not its subtree."""
        ents = [e for e in names.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        if ents:
            return self.speakers.named(max(ents, key=len))
        return SpeakerMention(
            names.start_char, names.end_char, names.text, self.speakers.full_name(names.text), None, names.root, "cue_subject"
        )

    def _claim(
        self,
        kind,
        start,
        end,
        cue: Token,
        frame_start,
        frame_end,
        speaker_token: Token | None = None,
        cue_lemma: str | None = None,
        rule: str = "verb",
        mention: SpeakerMention | None = None,
    ) -> ClaimMention | None:
        if end <= start:
            return None
        self.used_cues.add(cue.i)
        if mention is None and speaker_token is None:
            mention = self.speakers.speaker_of(cue, (start, end))
        elif mention is None:
            position = {"according": "according_to", "noun": "owner"}.get(rule, "cue_subject")
            mention = self.speakers.resolve(speaker_token, (start, end), position)
        claim = ClaimMention(
            kind=kind,
            start=start,
            end=end,
            cue=cue_lemma or cue.lemma_.lower(),
            cue_start=cue.idx,
            cue_end=cue.idx + len(cue),
            frame_start=min(frame_start, cue.sent.start_char),
            frame_end=max(frame_end, cue.sent.end_char if kind != "direct" else frame_end),
            rule=rule,
            cue_i=cue.i,
        )
        if mention is not None:
            claim.speaker, claim.speaker_mention = mention.name, mention.text
            claim.speaker_start, claim.speaker_end, claim.speaker_type = mention.start, mention.end, mention.label
            claim.speaker_source = mention.source
        self.claims.append(claim)
        return claim


def _third_person_of(word: str, lemmas: frozenset) -> bool:
    """``word`` is the third-person present of one of ``lemmas`` ('says', 'warns')."""
    return word.endswith("s") and word[:-1] in lemmas


def extract_claims(doc: Doc, lexicon: AttributionLexicon | None = None, scorer: ClaimScorer | None = None) -> list[ClaimMention]:
    """The claims of a parsed ``doc`` (pure: reads the parse, writes nothing)."""
    return AttributionFinder(doc, lexicon or default_lexicon(), scorer).find()


def _continuation(prev: ClaimMention, q, frame_start: int, frame_end: int, source: str | None, quote_group=None) -> ClaimMention:
    """A direct quotation ``q`` that continues ``prev``'s statement: its cue and speaker."""
    return ClaimMention(
        kind="direct",
        start=q.start,
        end=q.end,
        cue=prev.cue,
        cue_start=prev.cue_start,
        cue_end=prev.cue_end,
        speaker=prev.speaker,
        speaker_mention=prev.speaker_mention,
        speaker_start=prev.speaker_start,
        speaker_end=prev.speaker_end,
        speaker_type=prev.speaker_type,
        quote_group=quote_group,
        speaker_source=source,
        frame_start=frame_start,
        frame_end=frame_end,
        rule="continuation",
        cue_i=prev.cue_i,
    )
