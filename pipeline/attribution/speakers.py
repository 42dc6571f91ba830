"""Who is speaking: the speaker of a cue (its subject, passive agent, the
name in an apposition, the source of "a report by X"), resolved to a person or
organisation (pronouns to the nearest compatible person, role nouns to the
person the document introduced with that role, or, for a definite description
no one was introduced with, to the one person just named; "the group" to the
one organisation just named; documents and posts to their issuer, names to
their fullest form).

Each mention records how it was found (``SpeakerMention.source``, the
``speaker_source`` column): ``cue_subject``, ``passive_agent``, ``apposition``
(a name beside the role or organisation that is the subject), ``coreference``
(a pronoun or relative pronoun), ``role_noun``, ``issuer`` (a document or post
to whoever issued it), ``according_to``, ``owner`` ("his claim that"),
``headline``, ``carried_over``, ``context`` (a quotation after a sentence
about one named person). A subject that is not a person or organisation
noun phrase ("thousands", "that", a name inside a quotation) gives no speaker
name: null beats wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from spacy.attrs import DEP, POS
from spacy.symbols import PROPN, nsubj
from spacy.tokens import Doc, Span, Token

from ..normalise.words import NUMERIC_ENTITY_LABELS
from .lexicon import AttributionLexicon
from .records import ClaimMention
from .tokens import OUTSIDE_NOUN_PHRASE, clean_name, glued_extent, path_up, strip_determiner, subtree_span


@dataclass
class SpeakerMention:
    """A speaker mention with its resolution."""

    start: int
    end: int
    text: str
    name: str | None
    label: str | None
    head: Token
    source: str | None = None  # how the name was found (module docstring)


#: how much nearer than the nearest candidate the previous sentence's subject counts,
#: in characters, for a pronoun opening its sentence
CENTRE_BONUS = 400

#: entity labels that are amounts, not sources ("Thousands said ...")

#: how many sentences before a definite description ('the senator') its person
#: may be named in, when no one was introduced with that role
DESCRIPTION_SENTENCES = 2

#: relative pronouns: "Alex Greenwich, who said ..." speaks through his antecedent
RELATIVE_PRONOUNS = ("who", "that", "which", "whom")
#: pronouns that name nobody by themselves
NON_NAME_PRONOUNS = ("that", "this", "which", "what", "these", "those", "there", "here")


class SpeakerResolver:
    """Speaker mentions of one Doc. ``claims`` is the finder's list of claims so
    far (in finding order): pronouns prefer recent speakers."""

    def __init__(self, doc: Doc, lex: AttributionLexicon, in_quote: list[int], claims: list[ClaimMention], text: str | None = None):
        self.doc = doc
        self.lex = lex
        # spaCy rebuilds doc.text and doc.ents on every access: read each once
        self.text = doc.text if text is None else text
        self.in_quote = in_quote
        self.claims = claims
        self.ents = doc.ents
        self.entity_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self.persons = [e for e in self.ents if e.label_ == "PERSON"]
        self.role_words = lex.role_titles | lex.person_roles
        self.full_names = self._full_names()
        self.roles = self._role_map()
        votes = self._pronoun_votes()
        self.genders = {n: ("m" if m > f else "f") for n, (m, f) in votes.items() if m != f}
        # a gender resting on one pronoun is weak: 'Sanders endorsed her challenger'
        # gives one 'her' that is someone else's
        self.weak_genders = {n for n, (m, f) in votes.items() if m + f == 1}

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

    def _role_words_of(self, noun: Token) -> tuple[frozenset, frozenset]:
        """The words qualifying a role noun ('foreign', 'state', 'El Paso') and its
        rank qualifiers ('deputy', 'vice', 'former')."""
        words = set()
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < noun.i:
                words.update(w.lower_ for w in c.subtree if not w.is_punct and w.dep_ != "case")
        return frozenset(words), frozenset(words & self.lex.role_qualifiers)

    def _role_map(self) -> list[tuple[int, str, str, frozenset, frozenset]]:
        """(char offset, role word, person name, qualifying words, rank qualifiers)
        for people introduced with a role.

        "President Volodymyr Zelensky", "Ukrainian President ...", "Deputy Governor
        ..." (a rank: not "the governor"), and appositions ("the unit's
        spokesperson, Colonel Oleksandr Kindratenko"; "Dee Margo, the El Paso mayor").
        """
        roles = []
        for ent in self.persons:
            name = clean_name(ent.text)
            # titles written before the name, inside or just outside the entity
            i = ent.start - 1
            words = [t.lower_ for t in ent if t.lower_ in self.role_words]
            mods = set(words)
            while i >= 0 and (
                self.doc[i].lower_ in self.role_words
                or (self.doc[i].pos_ in ("PROPN", "ADJ") and self.doc[i].ent_type_ in ("NORP", "GPE", "ORG"))
            ):
                if self.doc[i].lower_ in self.role_words:
                    words.append(self.doc[i].lower_)
                mods.add(self.doc[i].lower_)
                i -= 1
            found = [(w, frozenset(mods), frozenset(mods & self.lex.role_qualifiers)) for w in words]
            # apposition: the role noun is the name's head or child
            root = ent.root
            for rel in [root.head] + list(root.children):
                if (
                    (rel.dep_ == "appos" or root.dep_ == "appos")
                    and rel.lemma_.lower() in self.role_words
                    and not (ent.start <= rel.i < ent.end)
                ):
                    rel_words, rel_quals = self._role_words_of(rel)
                    found.append((rel.lemma_.lower(), rel_words, rel_quals))
            for w, ws, quals in found:
                if w not in self.lex.role_qualifiers and w not in ("mr.", "mrs.", "ms.", "national", "security", "foreign", "press"):
                    roles.append((ent.start_char, w, name, ws, quals))
        return roles

    def _pronoun_votes(self) -> dict[str, list[int]]:
        """Person name -> [he, she] counts of the pronouns that follow them where
        they are the only person named so far in the sentence ("Day said in her
        autobiography"); the person's gender is the majority."""
        votes: dict[str, list[int]] = {}
        for sent in self.doc.sents:
            people = [e for e in self.persons if sent.start <= e.start < sent.end and self.in_quote[e.start] == -1]
            if not people:
                continue
            first = people[0]
            name = self._full(clean_name(first.text))
            for t in self.doc[first.end : sent.end]:
                if len(people) > 1 and t.i >= people[1].start:
                    break
                if self.in_quote[t.i] != -1:
                    continue
                if t.lower_ in ("he", "him", "his", "himself"):
                    votes.setdefault(name, [0, 0])[0] += 1
                elif t.lower_ in ("she", "her", "hers", "herself"):
                    votes.setdefault(name, [0, 0])[1] += 1
        return votes

    def named(self, ent: Span) -> SpeakerMention:
        """The speaker an entity names, by itself (a headline's source)."""
        mention = self._named(ent, ent.root)
        mention.source = "cue_subject"
        return mention

    def full_name(self, name: str) -> str:
        """The fullest form of ``name`` used in the document."""
        return self._full(name)

    def _full(self, name: str) -> str:
        words = name.split()
        return self.full_names.get(name.lower()) or (self.full_names.get(words[-1].lower(), name) if words else name)

    def speaker_of(self, cue: Token, content: tuple[int, int] | None = None) -> SpeakerMention | None:
        """The speaker of a cue: its subject, passive agent, or the subject of the verb it depends on.

        ``content``: the claim's characters, whose people are talked about, not speaking."""
        t = cue
        for _ in range(3):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
            if subj:
                # 'Another co-author, ... Julian Marshall, said': the hyphenated word is
                # split into several subjects; the one heading the phrase has its words
                head = max(subj, key=lambda c: (sum(1 for _ in c.subtree), -c.i))
                return self.resolve(head, content, "cue_subject", cue)
            agent = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agent:
                return self.resolve(agent[0], content, "passive_agent", cue)
            if t.dep_ in ("xcomp", "conj", "advcl", "ccomp") and t.head is not t:
                t = t.head
                continue
            if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head is not t.head:
                t = t.head.head  # 'He underlined the call by saying "..."'
                continue
            break
        # inverted order the parser missed: 'said Zelensky'
        nxt = cue.i + 1
        if nxt < len(self.doc) and self.doc[nxt].pos_ in ("PROPN", "PRON") and self.in_quote[nxt] == -1:
            return self.resolve(self.doc[nxt], content, "cue_subject", cue)
        return None

    def resolve(
        self, tok: Token, content: tuple[int, int] | None = None, source: str | None = None, cue: Token | None = None
    ) -> SpeakerMention:
        """The speaker mention headed by ``tok``, resolved; ``source`` names the
        position it was found in, kept unless a resolution step names a better one."""
        mention = self._resolve(tok, content, cue)
        if mention.source is None:
            mention.source = source
        if not self._is_source_phrase(tok, mention, cue):
            mention.name, mention.label = None, None
        if mention.name is None:
            mention.source = None
        return mention

    def _is_source_phrase(self, tok: Token, mention: SpeakerMention, cue: Token | None) -> bool:
        """Whether a mention can be a speaker at all: a person or organisation noun
        phrase, not an amount ("thousands"), a bare demonstrative ("that"), or a
        word inside a quotation the cue stands outside of."""
        if mention.label in NUMERIC_ENTITY_LABELS:
            return False
        if tok.lower_ in NON_NAME_PRONOUNS and mention.source != "coreference":
            return False
        if (tok.like_num or tok.lemma_.lower() in self.lex.quantity_nouns) and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in tok.children
        ):
            return False
        if cue is not None and self.in_quote[tok.i] != -1 and self.in_quote[tok.i] != self.in_quote[cue.i]:
            return False
        if mention.name and mention.name.lower() in self.lex.platforms and tok.head.lower_ in ("on", "via", "in"):
            return False  # 'wrote on Twitter': the platform carries the words, it does not say them
        return True

    def _resolve(self, tok: Token, content: tuple[int, int] | None, cue: Token | None) -> SpeakerMention:
        doc = self.doc
        # 'Alex Greenwich, who said ...': the relative pronoun's antecedent
        if (
            tok.lower_ in RELATIVE_PRONOUNS
            and tok.head.dep_ in ("relcl", "acl")
            and tok.head.head.i != tok.i
            and tok.head.head.pos_ in ("PROPN", "NOUN")
        ):
            ante = self._resolve(tok.head.head, content, None)
            mention = SpeakerMention(tok.idx, tok.idx + len(tok), tok.text, ante.name, ante.label, tok, "coreference")
            return mention
        # a named entity holding the token
        if tok.ent_type_ and tok.ent_iob_ != "O":
            ent = self.entity_at.get(tok.i)
            if ent is not None:
                if ent.label_ != "PERSON" and ent.label_ not in NUMERIC_ENTITY_LABELS:
                    # 'WHO director-general Tedros ...', 'University of X's chancellor, Pradeep Khosla'
                    person = self._person_beside(tok, cue)
                    if person is not None:
                        mention = self._named(person, person.root)
                        mention.source = "apposition"
                        return mention
                return self._named(ent, tok)
        if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.role_words | self.lex.person_nouns:
            person = self._person_beside(tok, cue)
            if person is not None:  # 'According to the El Paso mayor, Dee Margo, ...'
                mention = self._named(person, person.root)
                mention.source = "apposition"
                return mention
        # 'the unit's spokesperson, Colonel Oleksandr Kindratenko': take the apposed name
        for c in tok.children:
            if c.dep_ == "appos":
                ent = self.entity_at.get(c.i)
                if ent is not None and ent.label_ in ("PERSON", "ORG"):
                    mention = self._named(ent, ent.root)
                    mention.source = "apposition"
                    return mention
        if tok.pos_ == "PRON":
            return self._pronoun(tok, content)
        if tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper() and tok.lower_ in self.full_names:
            # a surname the NER did not tag, of a person named in full elsewhere,
            # unless it is part of another proper name ('Capitol Hill')
            lo, hi = self._noun_phrase(tok)
            name = self.full_names[tok.lower_]
            name_words = {w.lower() for w in name.split()}
            if all(w.lower_ in name_words for w in doc[lo:hi] if w.pos_ == "PROPN"):
                span = doc[lo:hi]
                return SpeakerMention(span.start_char, span.end_char, span.text, name, "PERSON", tok)
        lemma = tok.lemma_.lower()
        # 'a report by Yonhap', 'a statement from the ministry'
        if lemma in self.lex.source_nouns or lemma in self.lex.document_nouns:
            # 'by X' before 'from X' before 'of X' ('a tweet by US Secretary of State Mike Pompeo')
            for w in sorted(
                tok.subtree, key=lambda w: ("by", "from", "of").index(w.head.lower_) if w.head.lower_ in ("by", "from", "of") else 3
            ):
                if w.dep_ == "pobj" and w.head.lower_ in ("by", "from", "of"):
                    sub = doc[subtree_span(w)[0] : subtree_span(w)[1]]
                    ents = [
                        e for e in sub.ents if e.label_ in ("ORG", "PERSON", "GPE", "NORP") and e.text.lower() not in self.lex.platforms
                    ]
                    # the entity the phrase is about ('the Seoul-based Yonhap News agency'): organisations and people first
                    ents.sort(key=lambda e: (not (e.start <= w.i < e.end or w.i == e.end), e.label_ not in ("ORG", "PERSON")))
                    person = self._person_beside(w, None) if w.lemma_.lower() in self.role_words else None
                    if person is not None:  # 'a tweet by US Secretary of State Mike Pompeo'
                        ents = [person]
                    if ents:
                        mention = self._named(ents[0], ents[0].root)
                        if mention.label == "ORG" and w.i == ents[0].end and w.pos_ == "NOUN" and ents[0].root.dep_ == "compound":
                            # the entity names an organisation noun: 'the Yonhap news agency'
                            mention.name = f"{mention.name} {w.text}"
                            mention.end = w.idx + len(w)
                            mention.text = self.text[mention.start : mention.end]
                        if lemma in self.lex.document_nouns:
                            mention.source = "issuer"
                        return mention
            issuer = self._issuer(tok, content)
            if issuer is not None:
                lo, hi = self._noun_phrase(tok)
                span = doc[lo:hi]
                return SpeakerMention(span.start_char, span.end_char, span.text, issuer.name, issuer.label, tok, "issuer")
        lo, hi = self._noun_phrase(tok)
        span = doc[lo:hi]
        start, end = span.start_char, span.end_char
        if tok.pos_ == "PROPN":
            start, end = glued_extent(self.text, start, end)  # 'News.Az', split by the tokenizer
        text = self.text[start:end]
        name = text
        label = None
        source = None
        if lemma in self.role_words and (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and not tok.ent_type_)):
            titled = self._name_ending_title(tok, lo, hi)
            if titled is not None:  # 'First Minister of Scotland Nicola Sturgeon'
                return SpeakerMention(start, end, text, titled, "PERSON", tok, "apposition")
            person = self._role_person(tok) or self._described_person(tok)
            if person:
                name, label, source = person, "PERSON", "role_noun"
        if lemma in self.lex.organisation_words and tok.pos_ == "NOUN" and not span.ents:
            organisation = self._described_organisation(tok)
            if organisation:
                name, label, source = organisation, "ORG", "coreference"
        if label is None:
            if lemma in self.lex.person_nouns:
                label = "PERSON"
            elif span.ents:
                label = max(span.ents, key=len).label_
            elif tok.pos_ == "PROPN" and any(w.lower_ in self.lex.role_titles for w in span if w.i < tok.i):
                label = "PERSON"  # 'Mayor de Blasio', a titled name the NER missed
        if name == text:
            name = strip_determiner(text)
        return SpeakerMention(start, end, text, name, label, tok, source)

    def _person_beside(self, tok: Token, cue: Token | None) -> Span | None:
        """A named person standing for a role or organisation subject: its apposition
        or compound ('WHO director-general Tedros Adhanom Ghebreyesus'), or a name set
        off by commas right after the phrase ('the El Paso mayor, Dee Margo,'), a
        role noun allowed between ('University of X, San Diego's chancellor, Pradeep Khosla')."""
        doc = self.doc
        # the name the role qualifies ('president Mahamadou Issoufou'), or in
        # apposition; not a name qualifying the role ('the Trump adviser')
        heads = [c for c in tok.children if c.dep_ == "appos"]
        h = tok
        while h.dep_ in ("compound", "appos") and h.head.i != h.i and len(heads) < 6:
            h = h.head
            heads.append(h)
        for c in heads:
            ent = next((e for e in self.persons if e.start <= c.i < e.end), None)
            if ent is not None and not (ent.start <= tok.i < ent.end):
                return ent
        ent0 = self.entity_at.get(tok.i)
        j = max(tok.i + 1, ent0.end if ent0 is not None else 0)
        role_seen = tok.lemma_.lower() in self.role_words
        limit = min(len(doc), j + 10)
        name_from = None  # given names the NER left out of the person: ', Pradeep Khosla'
        while j < limit:
            w = doc[j]
            if self.in_quote[w.i] != -1 or w.pos_ in ("VERB", "AUX") or (w.is_punct and w.text not in (",", "'s", "’s")) or w.is_space:
                return None
            if w.pos_ == "PROPN" and not w.ent_type_ and (doc[j - 1].text == "," or name_from is not None):
                name_from = j if name_from is None else name_from
            elif not w.ent_type_ == "PERSON":
                name_from = None
            opened = doc[j - 1].text == "," or (role_seen and doc[j - 1].lower_ in self.role_words) or name_from is not None
            if w.ent_type_ == "PERSON" and w.ent_iob_ == "B" and opened:
                ent = next(e for e in self.persons if e.start == j)
                after = doc[ent.end] if ent.end < len(doc) else None
                if role_seen and (after is None or after.text in (",", ".", ";", "—") or (cue is not None and after.i == cue.i)):
                    return ent
                return None
            if w.lemma_.lower() in self.role_words and w.pos_ in ("NOUN", "PROPN"):
                role_seen = True
            j += 1
        return None

    def _issuer(self, tok: Token, content: tuple[int, int] | None) -> SpeakerMention | None:
        """Who issued a document or post: its owner ('Smith's letter'), or, for
        'the decree', 'the event description', whoever the text said issued the
        same thing before ('Matty Roberts posted an event invitation')."""
        for c in tok.children:
            if c.dep_ == "poss":
                owner = self._resolve(c, content, None)
                if owner.name and owner.label in ("PERSON", "ORG", "GPE", "NORP"):
                    return owner
        for w in tok.subtree:  # 'signed by the Pope'
            if w.dep_ == "pobj" and w.head.lower_ == "by" and w.i != tok.i:
                by = self._resolve(w, content, None)
                if by.name and by.label in ("PERSON", "ORG"):
                    return by
        lemmas = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children if c.dep_ == "compound"}
        for w in reversed(self.doc[: tok.i]):
            if w.lemma_.lower() not in lemmas or w.pos_ not in ("NOUN", "PROPN") or self.in_quote[w.i] != -1:
                continue
            for c in w.children:
                if c.dep_ == "poss":
                    owner = self._resolve(c, content, None)
                    if owner.name and owner.label in ("PERSON", "ORG"):
                        return owner
            for x in w.subtree:  # an earlier 'the decree signed by the Pope'
                if x.dep_ == "pobj" and x.head.lower_ == "by" and x.head.dep_ == "agent" and x.i != w.i:
                    by = self._resolve(x, content, None)
                    if by.name and by.label in ("PERSON", "ORG"):
                        return by
            verb = (
                w.head
                if w.dep_ in ("dobj", "nsubjpass")
                else (w.head.head if w.dep_ == "compound" and w.head.dep_ in ("dobj", "nsubjpass") else None)
            )
            if verb is not None and verb.lemma_.lower() in self.lex.issuing_verbs:
                who = [c for c in verb.children if c.dep_ == "nsubj"] + [
                    p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                ]
                if who:
                    m = self._resolve(who[0], content, None)
                    if m.name and m.label in ("PERSON", "ORG"):
                        return m
        return None

    def _noun_phrase(self, tok: Token) -> tuple[int, int]:
        """Token range of the speaker phrase headed by ``tok``, without its relative
        clauses, appositions and adverbial clauses."""
        keep = [w.i for w in tok.subtree if not any(a.dep_ in OUTSIDE_NOUN_PHRASE for a in path_up(w, tok))]
        keep = [i for i in keep if i <= tok.i or self.doc[i].dep_ in ("conj", "cc", "compound", "amod") or self.doc[i].head.i in keep]
        if not keep:
            return tok.i, tok.i + 1
        lo, hi = min(keep), max(keep) + 1
        while lo < tok.i and self.doc[lo].is_punct:
            lo += 1
        while hi - 1 > tok.i and (self.doc[hi - 1].is_punct or self.doc[hi - 1].dep_ == "case"):
            hi -= 1  # and the possessive 's of "the president's claim"
        return lo, hi

    def _named(self, ent: Span, tok: Token) -> SpeakerMention:
        label = ent.label_
        start, end = glued_extent(self.text, ent.start_char, ent.end_char)
        if start > 0 and self.text[start - 1] == "[" and "]" in self.text[start:end]:
            start -= 1  # an editorial insertion opens the name: '[Robert] Mueller'
        name = clean_name(self.text[start:end])
        words = name.split()
        if label != "PERSON" and words and (name.lower() in self.full_names or (len(words) == 1 and words[0].lower() in self.full_names)):
            label = "PERSON"  # the NER tagged a person's surname as something else elsewhere
        if label == "PERSON":
            name = self._full(name)
        elif label in ("ORG", "WORK_OF_ART", "FAC"):
            label = "ORG"
        return SpeakerMention(start, end, self.text[start:end], name, label, tok)

    def _pronoun(self, tok: Token, content: tuple[int, int] | None = None) -> SpeakerMention:
        low = tok.lower_
        mention = SpeakerMention(tok.idx, tok.idx + len(tok), tok.text, None, None, tok)
        if low in ("he", "she", "him", "her"):
            gender = "m" if low in ("he", "him") else "f"
            person = self._antecedent_person(tok, gender, content)
            if person:
                mention.name, mention.label, mention.source = person, "PERSON", "coreference"
        elif low in ("they", "we"):
            prev = [
                c
                for c in self.claims
                if c.speaker
                and c.start < tok.idx
                and c.speaker_type in ("ORG", "NORP", "GPE")
                or (c.speaker and c.speaker_mention and c.speaker_mention.endswith("s") and c.speaker_type != "PERSON")
            ]
            if prev:
                mention.name, mention.label, mention.source = prev[-1].speaker, prev[-1].speaker_type, "coreference"
        elif low == "it":
            prev = [c for c in self.claims if c.speaker and c.start < tok.idx and c.speaker_type == "ORG"]
            if prev:
                mention.name, mention.label, mention.source = prev[-1].speaker, "ORG", "coreference"
        return mention

    def _named_person(self, name: str) -> bool:
        """A resolved name that names someone ('Doris Day'), not a common noun ('police')."""
        words = name.split()
        if " and " in name or (words and words[0].lower().endswith("s") and words[0].lower()[:-1] in self.lex.person_nouns):
            return False  # 'Bill and Hillary Clinton', 'Supporters of Hillary Clinton': more than one person
        return (
            bool(words)
            and any(w[:1].isupper() for w in words)
            and words[-1].lower() not in self.lex.person_nouns
            and words[-1].lower() not in self.role_words
        )

    def _antecedent_person(self, tok: Token, gender: str, content: tuple[int, int] | None = None) -> str | None:
        """Nearest person before the pronoun, preferring recent speakers and subjects.

        People inside the claim's content, or named in it, are talked about: they
        are taken only when nobody else is available. A proper noun the NER did not
        call a person is one when it is the subject of a speech verb ('Burton
        explained')."""
        cands: list[tuple[int, str]] = []
        talked = self.text[content[0] : content[1]].lower() if content else ""

        centre = self._previous_subject(tok)

        def add(score: int, name: str, at: int, against: bool = False) -> None:
            if centre and centre[0] <= at < centre[1]:
                score += CENTRE_BONUS
            if against:
                score -= 50000  # a weak gender against the pronoun: possible, not likely
            if content and content[0] <= at < content[1]:
                score -= 100000
            elif talked and name.split() and re.search(r"\b" + re.escape(name.split()[-1].lower()) + r"\b", talked):
                score -= 100000
            cands.append((score, name))

        for ent, name, g, weak in self._person_entities:
            if ent.start_char >= tok.idx:
                break
            if g and g != gender and not weak:
                continue
            if self._adjunct_of(ent.root, tok.head):
                continue  # 'In an interview with Dawn, she said': the interviewer is not 'she'
            score = ent.start_char + (200 if ent.root.dep_ in ("nsubj", "nsubjpass") else 0)
            add(score, name, ent.start_char, bool(g) and g != gender)
        for c in self.claims:
            # a speaker the NER did not type, named by a short capitalised name ('"...,"
            # Trump shot back', with "Trump" tagged a verb), is a person too
            untyped_name = (
                c.speaker_type is None and c.speaker_source == "cue_subject" and len(c.speaker.split()) <= 3 if c.speaker else False
            )
            if (
                c.speaker
                and (c.speaker_type == "PERSON" or untyped_name)
                and (c.speaker_start or 0) < tok.idx
                and self._named_person(c.speaker)
            ):
                g = self.genders.get(c.speaker) or self._role_gender(c.speaker_mention)
                if g and g != gender and c.speaker not in self.weak_genders:
                    continue
                add((c.speaker_start or 0) + 300, c.speaker, c.speaker_start or 0, bool(g) and g != gender)
        for i, name in self._speaking_proper_nouns:
            if i >= tok.i:
                break
            add(self.doc[i].idx + 200, name, self.doc[i].idx)
        for i, name in self._known_name_subjects:
            if i >= tok.i:
                break
            g = self.genders.get(name)
            if g and g != gender and name not in self.weak_genders:
                continue
            add(self.doc[i].idx + 200, name, self.doc[i].idx, bool(g) and g != gender)
        if not cands:
            return None
        # the nearest preceding candidate, with a bonus for subjects and speakers
        return max(cands)[1]

    @staticmethod
    def _adjunct_of(word: Token, verb: Token) -> bool:
        """``word`` sits in a prepositional phrase of ``verb`` ('In an interview with
        Dawn, she said'; 'told reporters in Paris'): a listener or a circumstance of
        the speech, not its speaker."""
        t = word
        seen_prep = False
        while t.head.i != t.i:
            if t.dep_ not in ("pobj", "prep", "compound", "appos"):
                return False
            seen_prep = seen_prep or t.dep_ == "prep"
            t = t.head
            if t.i == verb.i:
                return seen_prep
        return False

    @cached_property
    def _person_entities(self) -> list[tuple[Span, str, str | None, bool]]:
        """(entity, full name, gender, whether the gender is weak) of each PERSON
        entity in text order: every pronoun looks back over them, so they are
        named once per Doc. A title's gender is never weak."""
        out = []
        for ent in self.persons:
            name = self._named(ent, ent.root).name
            titled = self._gender(ent)
            out.append((ent, name, titled or self.genders.get(name), titled is None and name in self.weak_genders))
        return out

    @cached_property
    def _proper_noun_subjects(self) -> list[int]:
        """Token indices of the proper nouns that are a subject, in text order (from the
        DEP and POS columns read once: Tokens are made only for these)."""
        columns = self.doc.to_array([DEP, POS]).tolist()
        return [i for i, (dep, pos) in enumerate(columns) if dep == nsubj and pos == PROPN]

    @cached_property
    def _speaking_proper_nouns(self) -> list[tuple[int, str]]:
        """(token index, name) of proper nouns the NER did not call a person,
        place or group that are the subject of a speech verb outside quotes
        ('Burton explained ...' with Burton tagged ORG), once per document."""
        found = []
        for w in (self.doc[i] for i in self._proper_noun_subjects):
            if (
                w.ent_type_ not in ("PERSON", "GPE", "NORP", "LOC")
                and self.in_quote[w.i] == -1
                and (
                    self.lex.is_cue(w.head, strong=True)
                    or w.head.lemma_.lower() in self.lex.quote_verbs
                    or self.lex.is_speech_phrase(w.head)
                )
            ):
                lo, hi = self._noun_phrase(w)
                words = [x for x in self.doc[lo:hi] if not x.is_punct]
                if 0 < len(words) <= 3 and all(
                    x.pos_ == "PROPN" and x.text[:1].isupper() and x.lower_ not in self.lex.organisation_words for x in words
                ):
                    found.append((w.i, self._full(self.doc[lo:hi].text)))
        return found

    def _previous_subject(self, tok: Token) -> tuple[int, int] | None:
        """Characters of the previous sentence's subject when ``tok`` is the subject
        opening its sentence: 'Waseem appeared at a news conference. He has since
        said ...' (a subject pronoun continues the previous sentence's subject, the
        preferred centre of Centering theory; Grosz, Joshi and Weinstein 1995)."""
        sent = tok.sent
        if tok.dep_ != "nsubj" or tok.i - sent.start > 1 or sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        # the one named subject of the sentence: with two ('Duda said ... while
        # Brudziński wrote ...'), nearness decides
        subj = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and self.in_quote[t.i] == -1]
        if len(subj) != 1 or subj[0].head.i != prev.root.i:
            return None
        lo, hi = subj[0].left_edge.idx, subj[0].idx + len(subj[0])
        return lo, hi

    @cached_property
    def _known_name_subjects(self) -> list[tuple[int, str]]:
        """(token index, full name) of subjects that are a surname the NER tagged a
        person elsewhere in the document but not here ('Waseem appeared in a news
        conference ...', with this "Waseem" untagged), in text order."""
        found = []
        for i in self._proper_noun_subjects:
            w = self.doc[i]
            if w.ent_type_ == "PERSON" or self.in_quote[i] != -1 or any(c.dep_ == "compound" for c in w.children):
                continue
            name = self.full_names.get(w.lower_)
            if name:
                found.append((i, name))
        return found

    def _role_gender(self, mention: str | None) -> str | None:
        words = (mention or "").lower().split()
        if any(w in self.lex.male_titles for w in words):
            return "m"
        if any(w in self.lex.female_titles for w in words):
            return "f"
        return None

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

    def _name_ending_title(self, tok: Token, lo: int, hi: int) -> str | None:
        """The name that ends a title phrase headed by the role noun ``tok``
        ('First Minister of Scotland Nicola Sturgeon', 'Secretary of State Mike
        Pompeo'): the phrase has 'of' after the role and ends in capitalised
        proper nouns; the name is the PERSON entity there, else its last two words
        (the NER often takes the place before the name into one entity)."""
        words = self.doc[lo:hi]
        if not any(w.lower_ == "of" and w.i > tok.i for w in words):
            return None
        run = []
        for w in reversed(words):
            if w.pos_ != "PROPN" or not w.text[:1].isupper() or w.lower_ in self.role_words or w.lower_ in self.lex.organisation_words:
                break
            run.append(w)
        run.reverse()
        if len(run) < 2 or run[0].i <= tok.i:
            return None
        person = next((e for e in self.persons if run[0].i <= e.start and e.end == run[-1].i + 1), None)
        name = person.text if person is not None else " ".join(w.text for w in run[-2:])
        return self._full(clean_name(name))

    def _described_person(self, tok: Token) -> str | None:
        """The person a definite description stands for when no one was introduced
        with its role ('Hillary Clinton spoke out on Tuesday. ... the former
        secretary of state said'): news style names someone, then refers to them
        by a description. Taken only when it is unambiguous: exactly one named
        person (of a gender the description allows) is a subject or a speaker
        in ``_description_window``."""
        window = self._description_window(tok)
        if window is None:
            return None
        lo, hi = window
        gender = self._role_gender(self.text[self.doc[self._noun_phrase(tok)[0]].idx : tok.idx + len(tok)])
        found = set()
        for ent, name, g, _ in self._person_entities:
            if lo <= ent.start_char < hi and ent.root.dep_ in ("nsubj", "nsubjpass") and self.in_quote[ent.start] == -1:
                found.add((name, g))
        for c in self.claims:
            at = c.speaker_start or 0
            if c.speaker and c.speaker_type == "PERSON" and lo <= at < hi and self._named_person(c.speaker):
                found.add((c.speaker, self.genders.get(c.speaker)))
        # someone introduced with another role is not this one ('Prime Minister
        # Hubert Minnis ... The coach asked')
        same = self._same_roles(tok.lemma_.lower())
        other_role = {name for (_, r, name, _, _) in self.roles if r not in same}
        names = {n for n, g in found if not (gender and g and g != gender) and n not in other_role}
        return names.pop() if len(names) == 1 else None

    def _described_organisation(self, tok: Token) -> str | None:
        """The organisation 'the group', 'the company', 'the agency' stands for:
        the one organisation named as a subject or a speaker (outside quotes) in
        ``_description_window`` ('The Harbor Trust declined to comment ... "...,"
        the group said')."""
        window = self._description_window(tok)
        if window is None:
            return None
        lo, hi = window
        found = set()
        for ent in self.ents:
            if (
                ent.label_ == "ORG"
                and lo <= ent.start_char < hi
                and ent.root.dep_ in ("nsubj", "nsubjpass")
                and self.in_quote[ent.start] == -1
            ):
                found.add(self._named(ent, ent.root).name)
        for c in self.claims:
            if c.speaker and c.speaker_type == "ORG" and lo <= (c.speaker_start or 0) < hi and c.speaker_source != "coreference":
                if len(c.speaker.split()) <= 6 and "," not in c.speaker:  # a name, not a clause taken for one
                    found.add(c.speaker)
        return found.pop() if len(found) == 1 else None

    def _description_window(self, tok: Token) -> tuple[int, int] | None:
        """Characters from the start of the DESCRIPTION_SENTENCES sentences before
        ``tok`` up to it, when ``tok`` heads a definite singular phrase ('the
        senator', not 'a senator' or 'senators')."""
        if tok.tag_ in ("NNS", "NNPS") or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        start = tok.sent.start
        for _ in range(DESCRIPTION_SENTENCES):
            if start > 0:
                start = self.doc[start - 1].sent.start
        return self.doc[start].idx, tok.idx

    def _same_roles(self, role: str) -> set[str]:
        """A role word and its synonyms ('minister' / 'secretary')."""
        return {role} | {w for group in self.lex.role_synonyms for w in group.split() if role in group.split()}

    def _role_person(self, tok: Token) -> str | None:
        """The person the document introduced with the role noun ``tok`` ('the
        foreign minister', 'the state's governor'): same role word (or a synonym)
        and the same rank qualifiers ('deputy governor' is not 'the governor'),
        the most qualifying words in common, the nearest before."""
        role = tok.lemma_.lower()
        before = tok.idx
        words, quals = self._role_words_of(tok)
        same = self._same_roles(role)
        cands = [(pos, name, ws) for (pos, r, name, ws, q) in self.roles if r in same and q == quals]
        exact = [c for c in cands if any(r == role for (pos, r, name, ws, q) in self.roles if pos == c[0] and name == c[1])]
        cands = exact or cands
        prior = [c for c in cands if c[0] < before]
        if prior:
            return max(prior, key=lambda c: (len(words & c[2]), c[0]))[1]
        later = [c[1] for c in cands]
        return later[0] if len(set(later)) == 1 else None
