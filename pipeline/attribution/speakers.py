"""Who is speaking: the speaker of a cue (its subject, passive agent, the
name in an apposition, the source of "a report by X"), resolved to a person or
organisation (pronouns to the nearest compatible person, role nouns to the
person the document introduced with that role, names to their fullest form)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

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


class SpeakerResolver:
    """Speaker mentions of one Doc. ``claims`` is the finder's list of claims so
    far (in finding order): pronouns prefer recent speakers."""

    def __init__(self, doc: Doc, lex: AttributionLexicon, in_quote: list[int], claims: list[ClaimMention]):
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        self.in_quote = in_quote
        self.claims = claims
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]
        self.roles = self._role_map()
        self.full_names = self._full_names()

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
            while i >= 0 and (
                self.doc[i].lower_ in self.lex.role_titles
                or (self.doc[i].pos_ in ("PROPN", "ADJ") and self.doc[i].ent_type_ in ("NORP", "GPE", "ORG"))
            ):
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

    def speaker_of(self, cue: Token) -> SpeakerMention | None:
        """The speaker of a cue: its subject, passive agent, or the subject of the verb it depends on."""
        t = cue
        for _ in range(3):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
            if subj:
                return self.resolve(subj[0])
            agent = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agent:
                return self.resolve(agent[0])
            if t.dep_ in ("xcomp", "conj", "advcl", "ccomp") and t.head is not t:
                t = t.head
                continue
            break
        # inverted order the parser missed: 'said Zelensky'
        nxt = cue.i + 1
        if nxt < len(self.doc) and self.doc[nxt].pos_ in ("PROPN", "PRON") and self.in_quote[nxt] == -1:
            return self.resolve(self.doc[nxt])
        return None

    def resolve(self, tok: Token) -> SpeakerMention:
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
            return SpeakerMention(span.start_char, span.end_char, span.text, self.full_names[tok.lower_], "PERSON", tok)
        lemma = tok.lemma_.lower()
        # 'a report by Yonhap', 'a statement from the ministry'
        if lemma in self.lex.source_nouns:
            for w in tok.subtree:
                if w.dep_ == "pobj" and w.head.lower_ in ("by", "from", "of"):
                    sub = doc[subtree_span(w)[0] : subtree_span(w)[1]]
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
            start, end = glued_extent(self.text, start, end)  # 'News.Az', split by the tokenizer
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
            name = strip_determiner(text)
        return SpeakerMention(start, end, text, name, label, tok)

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
        name = clean_name(self.text[start:end])
        words = name.split()
        if label != "PERSON" and words and (name.lower() in self.full_names or (len(words) == 1 and words[0].lower() in self.full_names)):
            label = "PERSON"  # the NER tagged a person's surname as something else elsewhere
        if label == "PERSON":
            name = self.full_names.get(name.lower()) or self.full_names.get(name.split()[-1].lower() if name.split() else "", name) or name
        elif label in ("ORG", "WORK_OF_ART", "FAC"):
            label = "ORG"
        return SpeakerMention(start, end, self.text[start:end], name, label, tok)

    def _pronoun(self, tok: Token) -> SpeakerMention:
        low = tok.lower_
        mention = SpeakerMention(tok.idx, tok.idx + len(tok), tok.text, None, None, tok)
        if low in ("he", "she", "him", "her"):
            gender = "m" if low in ("he", "him") else "f"
            person = self._antecedent_person(tok, gender)
            if person:
                mention.name, mention.label = person, "PERSON"
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
