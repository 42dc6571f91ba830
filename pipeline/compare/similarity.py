"""How surely two claims state the same thing: weighted Jaccard/containment with number, quotation and speaker evidence."""

from __future__ import annotations

import math
from difflib import SequenceMatcher

import numpy as np

from .agreement import same_counted_thing
from .features import ClaimFeatures
from .lemmas import stop_words
from .params import (
    CONTAINMENT_FACTOR,
    CORROBORATED_MIN_COSINE,
    EMBED_MIN_LEXICAL,
    EMBEDDING_LINK_COSINE,
    EMBEDDING_OFFSET,
    LINK_THRESHOLD,
    MIN_CONTAINMENT_TOKENS,
    MIN_CONTENT_TOKENS,
    MIN_CONTENT_TOKENS_NUMBER,
    MIN_SHARED_TOKENS,
    NEAR_VERBATIM_JACCARD,
    NUMBER_BONUS,
    NUMBER_EVIDENCE_MIN_COSINE,
    NUMBER_MISMATCH_PENALTY,
    QUOTE_BONUS,
    QUOTE_EVIDENCE_MIN_COSINE,
    QUOTE_MIN_CONTENT_WORDS,
    QUOTE_MIN_COVERAGE,
    QUOTE_MIN_WORDS,
    WHOLE_QUOTE_WORDS,
    SPEAKER_BONUS,
    SPEAKER_CONTAINED_MIN_COSINE,
    SPEAKER_CORROBORATED_MIN_COSINE,
    SPEAKER_QUOTE_MIN_COSINE,
    SPECIFIC_NUMBER,
)


def is_specific(value: float | None) -> bool:
    """A number that identifies a fact: at least SPECIFIC_NUMBER and not a
    power of ten ("a million dollars", "10,000" recur across unrelated claims)."""
    if value is None or abs(value) < SPECIFIC_NUMBER:
        return False
    exponent = math.log10(abs(value))
    return abs(exponent - round(exponent)) > 1e-9


def number_evidence(feat: ClaimFeatures, i: int, j: int) -> bool:
    """Both claims give the same specific number (|value| >= SPECIFIC_NUMBER) of
    the same counted thing or unit ("12,000 North Korean troops" / "12,000 North
    Korean soldiers"; "1,237 delegates"): strong evidence of one claim. Small
    and round numbers (13 points, a million dollars) recur across unrelated claims."""
    for x in feat.numbers[i]:
        if not is_specific(x.value):
            continue
        for y in feat.numbers[j]:
            if y.value == x.value and same_counted_thing(x.key, y.key):
                return True
    return False


def quote_evidence(feat: ClaimFeatures, i: int, j: int) -> bool:
    """One claim quotes words the other repeats: a quoted span of one reappears
    in the other word for word over at least QUOTE_MIN_COVERAGE of the span,
    QUOTE_MIN_WORDS words and QUOTE_MIN_CONTENT_WORDS non-stop words (the
    longest common run of words, difflib's ``find_longest_match``)."""
    if not feat.quoted or not (feat.quoted[i] or feat.quoted[j]):
        return False
    key = (i, j) if i < j else (j, i)
    found = feat.quote_cache.get(key)
    if found is None:
        found = feat.quote_cache[key] = _shares_quotation(feat, i, j)
    return found


def whole_quote_evidence(feat: ClaimFeatures, i: int, j: int) -> bool:
    """``quote_evidence`` where the shared run of words is a statement: at least
    WHOLE_QUOTE_WORDS words, or every content word of the quoted span ("like a
    spoiled child", "textbook definition"); not "the second amendment" taken out
    of "abolish the second amendment" (a term)."""
    if not quote_evidence(feat, i, j):
        return False
    key = (i, j, "whole") if i < j else (j, i, "whole")
    found = feat.quote_cache.get(key)
    if found is None:
        found = feat.quote_cache[key] = _shares_quotation(feat, i, j, whole=True)
    return found


def _shares_quotation(feat: ClaimFeatures, i: int, j: int, whole: bool = False) -> bool:
    stop = stop_words()
    for a, b in ((i, j), (j, i)):
        other = feat.words[b]
        other_set = set(other)
        for span in feat.quoted[a]:
            if sum(w in other_set and w not in stop for w in set(span)) < QUOTE_MIN_CONTENT_WORDS:
                continue
            m = SequenceMatcher(None, span, other, autojunk=False).find_longest_match(0, len(span), 0, len(other))
            content = sum(w not in stop for w in span[m.a : m.a + m.size])
            if whole:
                # a statement, not a term: a run of WHOLE_QUOTE_WORDS words, or every
                # content word of a shorter quotation
                rest = span[: m.a] + span[m.a + m.size :]
                if content >= QUOTE_MIN_CONTENT_WORDS and (m.size >= WHOLE_QUOTE_WORDS or all(w in stop for w in rest)):
                    return True
                continue
            if m.size < max(QUOTE_MIN_WORDS, QUOTE_MIN_COVERAGE * len(span)):
                continue
            if content >= QUOTE_MIN_CONTENT_WORDS:
                return True
    return False


def weighted_overlap(feat: ClaimFeatures, i: int, j: int) -> tuple[float, float, float]:
    """The summed weight of the tokens the two claims share, and of each claim's tokens."""
    w = feat.wlist
    return sum(w[t] for t in feat.sets[i] & feat.sets[j]), feat.total[i], feat.total[j]


def similarity(feat: ClaimFeatures, i: int, j: int, embedded: bool = True) -> float:
    """How surely two claims state the same thing (0 = not at all; link at
    LINK_THRESHOLD).

    IDF-weighted Jaccard of the two token bags (Jaccard 1901, weighted as in
    Ioffe 2010), or CONTAINMENT_FACTOR times the weighted containment (overlap
    over the smaller bag, Broder 1997) when both bags have MIN_CONTAINMENT_TOKENS
    statement tokens (one outlet quoting part of a long quote) or there is
    number or quotation evidence; plus SPEAKER_BONUS for the same canonical
    speaker, NUMBER_BONUS for ``number_evidence`` and QUOTE_BONUS for
    ``quote_evidence``; minus NUMBER_MISMATCH_PENALTY when only one of them
    counts something. Claims with fewer than MIN_CONTENT_TOKENS statement
    tokens (MIN_CONTENT_TOKENS_NUMBER with evidence, corroboration or, at a cosine
    of EMBEDDING_LINK_COSINE, ``near_verbatim`` wording), or sharing fewer
    than MIN_SHARED_TOKENS, score 0: short fragments ("single-payer health
    care") name a topic, not a claim, and link to anything on that topic.

    When both claims have sentence vectors (and ``embedded``), evidence needs a
    cosine of NUMBER_EVIDENCE_MIN_COSINE / QUOTE_EVIDENCE_MIN_COSINE, the
    score is at least ``cosine - EMBEDDING_OFFSET`` (a paraphrase with few
    shared lemmas), and a cosine of CORROBORATED_MIN_COSINE with
    ``corroborating`` evidence links (LINK_THRESHOLD) whatever the shared words.
    """
    si, sj = feat.statement_sets[i], feat.statement_sets[j]
    cos = feat.cosine(i, j) if embedded else None
    corroborated = cos is not None and corroborating(feat, i, j, cos)
    if len(si & sj) < MIN_SHARED_TOKENS and not corroborated:
        return 0.0
    numbers = number_evidence(feat, i, j) and (cos is None or cos >= NUMBER_EVIDENCE_MIN_COSINE)
    quoted = quote_evidence(feat, i, j) and (cos is None or cos >= QUOTE_EVIDENCE_MIN_COSINE)
    evidence = numbers or quoted
    # corroboration, like evidence, lets a shorter claim link ("Trump is a loser, a
    # liar and a whiner" / "you aren't just a loser, you are a liar and a whiner"),
    # and so does the same short sentence ("her email practices were illegal")
    verbatim = cos is not None and cos >= EMBEDDING_LINK_COSINE and near_verbatim(feat, i, j)
    if min(len(si), len(sj)) < (MIN_CONTENT_TOKENS_NUMBER if evidence or corroborated or verbatim else MIN_CONTENT_TOKENS):
        return 0.0
    inter, wi, wj = weighted_overlap(feat, i, j)
    union = wi + wj - inter
    score = inter / union if union > 0 else 0.0
    if evidence or min(len(si), len(sj)) >= MIN_CONTAINMENT_TOKENS:
        score = max(score, CONTAINMENT_FACTOR * inter / min(wi, wj))
    if same_speaker(feat, i, j):
        score += SPEAKER_BONUS
    if numbers:
        score += NUMBER_BONUS
    if quoted:
        score += QUOTE_BONUS
    if feat.counts[i] != feat.counts[j]:
        # one claim quantifies, the other does not: rarely the same statement
        score -= NUMBER_MISMATCH_PENALTY
    if cos is not None:
        score = max(score, cos - EMBEDDING_OFFSET)
    if corroborated:
        score = max(score, LINK_THRESHOLD)
    return score


def same_speaker(feat: ClaimFeatures, i: int, j: int) -> bool:
    """Both claims have the same known canonical speaker."""
    return feat.speaker[i] is not None and feat.speaker[i] == feat.speaker[j]


def corroborating(feat: ClaimFeatures, i: int, j: int, cos: float) -> bool:
    """Evidence beside the wording that two claims are one statement: the same
    specific number of the same thing or a shared quotation (with a cosine of
    CORROBORATED_MIN_COSINE), or the same canonical speaker (with a cosine of
    SPEAKER_CORROBORATED_MIN_COSINE: one speaker says many things on one topic),
    or the same speaker and a whole shared quotation (SPEAKER_QUOTE_MIN_COSINE), or
    the same speaker and one claim's statement words all in the other
    (SPEAKER_CONTAINED_MIN_COSINE)."""
    speaker = same_speaker(feat, i, j)
    if speaker and cos >= SPEAKER_CORROBORATED_MIN_COSINE:
        return True
    if speaker and cos >= SPEAKER_QUOTE_MIN_COSINE and whole_quote_evidence(feat, i, j):
        return True
    if speaker and cos >= SPEAKER_CONTAINED_MIN_COSINE and contained(feat, i, j):
        return True
    return cos >= CORROBORATED_MIN_COSINE and (number_evidence(feat, i, j) or quote_evidence(feat, i, j))


def contained(feat: ClaimFeatures, i: int, j: int) -> bool:
    """Every statement word of the shorter claim (MIN_CONTENT_TOKENS_NUMBER or
    more) is in the other."""
    si, sj = feat.statement_sets[i], feat.statement_sets[j]
    small, large = (si, sj) if len(si) <= len(sj) else (sj, si)
    return len(small) >= MIN_CONTENT_TOKENS_NUMBER and small <= large


def near_verbatim(feat: ClaimFeatures, i: int, j: int) -> bool:
    """Two short sentences worded almost alike: at least MIN_CONTENT_TOKENS
    words each, stop words included (a sentence, not a topic: "single-payer
    health care" is three words), at least MIN_CONTENT_TOKENS_NUMBER statement
    words, and NEAR_VERBATIM_JACCARD of those shared (plain Jaccard of the sets)."""
    si, sj = feat.statement_sets[i], feat.statement_sets[j]
    if min(len(si), len(sj)) < MIN_CONTENT_TOKENS_NUMBER:
        return False
    if feat.words is not None and min(len(feat.words[i]), len(feat.words[j])) < MIN_CONTENT_TOKENS:
        return False
    return len(si & sj) >= NEAR_VERBATIM_JACCARD * len(si | sj)


def needs_vectors(feat: ClaimFeatures, i: int, j: int, lexical: float) -> bool:
    """Whether the cosine can change the outcome of a pair whose lexical score
    (``similarity(..., embedded=False)``) is ``lexical``: a score from
    EMBED_MIN_LEXICAL up to the link threshold (the cosine may link it), number
    or quotation evidence (it may corroborate a link, or veto one), or the same
    speaker or near-verbatim wording on a claim too short for the lexical
    score, or the same speaker with one claim inside the other
    (``corroborating``, ``near_verbatim``, ``contained``).
    One speaker's longer claims below the band rarely reach the speaker bar and
    are many (PolNeAR: 3 of 397 links for 370 more claims to embed); pairs that
    link on their words alone need no vector (the cosine only raises a score)."""
    if EMBED_MIN_LEXICAL <= lexical < LINK_THRESHOLD:
        return True
    if number_evidence(feat, i, j) or quote_evidence(feat, i, j):
        return True
    if lexical >= LINK_THRESHOLD:
        return False
    short = min(len(feat.statement_sets[i]), len(feat.statement_sets[j])) < MIN_CONTENT_TOKENS
    speaker = same_speaker(feat, i, j)
    return (short and (speaker or near_verbatim(feat, i, j))) or (speaker and contained(feat, i, j))


def link_claims(feat: ClaimFeatures, pairs: np.ndarray) -> list[tuple[float, int, int]]:
    """The candidate pairs whose similarity reaches LINK_THRESHOLD, strongest first."""
    n = len(feat.tokens)
    links = []
    for code in pairs.tolist():
        i, j = divmod(code, n)
        s = similarity(feat, i, j)
        if s >= LINK_THRESHOLD:
            links.append((s, i, j))
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    return links
