"""The grouping parameters of the compare stage, in one place; every one is recorded in claim_groups.parquet's metadata."""

from __future__ import annotations

from ..config import DEFAULT_MODEL  # noqa: F401  (the model whose lemmatizer tables give claim lemmas)


#: rapidfuzz ``fuzz.ratio`` (normalised Indel similarity, 0-100) above which two
#: name words on the transliteration skeleton count as the same word; only for
#: words of at least ``FUZZY_MIN_LEN`` letters (short names must match exactly:
#: "Un" is not "Il").
NAME_FUZZY_RATIO = 88.0


FUZZY_MIN_LEN = 6


#: Two claims are linked when their similarity (with bonuses) reaches this.
LINK_THRESHOLD = 0.6


#: Complete-linkage floor: every cross-document pair inside a group must reach this.
FLOOR_THRESHOLD = 0.4


#: Added to the similarity of two claims by the same (canonical) speaker.
SPEAKER_BONUS = 0.1


#: Added when two claims give the same specific number of the same thing.
NUMBER_BONUS = 0.1


#: Numbers at least this large (and not a power of ten) identify a fact
#: ("12,000 troops", "1,237 delegates").
SPECIFIC_NUMBER = 100


#: Weight of a named-entity token relative to a statement token of the same IDF.
ENTITY_WEIGHT = 0.5


#: Subtracted when only one of two claims carries a number of a counted thing.
NUMBER_MISMATCH_PENALTY = 0.2


#: Containment (overlap / smaller bag) counts at this fraction, so a claim quoted
#: in part by another outlet still links; only when both claims have
#: MIN_CONTAINMENT_TOKENS statement tokens or more.
CONTAINMENT_FACTOR = 0.8


MIN_CONTAINMENT_TOKENS = 8


#: A claim with fewer statement tokens than this never links ("buffer zone",
#: "single-payer health care"): short fragments name a topic and glue unrelated
#: claims together. With number evidence, MIN_CONTENT_TOKENS_NUMBER suffices.
MIN_CONTENT_TOKENS = 5


MIN_CONTENT_TOKENS_NUMBER = 3


#: Candidate pairs must share this many statement tokens.
MIN_SHARED_TOKENS = 2


#: Claims published more than this many days apart are not compared (a claim
#: without a date is compared with every date).
WINDOW_DAYS = 30


#: Tokens in more than this fraction of the claims (and more than
#: MAX_POSTING_MIN claims) are too common to propose candidates ("people", "year");
#: they still count in the similarity.
MAX_POSTING_FRACTION = 0.01


MAX_POSTING_MIN = 200


#: Sentence embeddings (pipeline/embedding.py, all-MiniLM-L6-v2): an extra
#: similarity signal for the candidate pairs of the blocking, never a source of
#: candidates. Chosen on PolNeAR claims extracted by the pipeline (pairs read by
#: hand, docs/COMPARE.md): a pair whose cosine reaches EMBEDDING_LINK_COSINE
#: links (9 of 9 such pairs below the lexical link threshold were the same
#: claim; 6 of 16 at 0.80-0.85, 5 of 16 at 0.75-0.80): the embedding score is
#: ``cosine - EMBEDDING_OFFSET`` and a pair scores the larger of it and the
#: lexical score. Number evidence (the same specific number) counts only when
#: the cosine reaches NUMBER_EVIDENCE_MIN_COSINE: "It takes 1,237 delegates to
#: win" and "anti-Trump forces try to prevent him from reaching the 1,237
#: delegates" share a number, not a statement (0.52-0.66 for every such wrong
#: pair read, >= 0.72 for the right ones). Only claims of pairs whose lexical
#: score reaches EMBED_MIN_LEXICAL are embedded (all 9 embedding links read had
#: 0.35 or more), which bounds the cost.
EMBEDDING_LINK_COSINE = 0.85


EMBEDDING_OFFSET = EMBEDDING_LINK_COSINE - LINK_THRESHOLD


NUMBER_EVIDENCE_MIN_COSINE = 0.70


EMBED_MIN_LEXICAL = 0.3


#: Quotation evidence: outlets that quote the same words report the same claim
#: (Trump vowed to "bomb the hell out of ISIS" / Trump would "bomb the hell" out
#: of the Islamic State; Rubio is "weak like a baby"). A quoted
#: span of one claim (the words inside quotation marks; all of a direct quote)
#: must reappear word for word in the other over at least QUOTE_MIN_COVERAGE of
#: its words, QUOTE_MIN_WORDS words and QUOTE_MIN_CONTENT_WORDS non-stop words:
#: a common phrase inside a longer quote ("income inequality", "health care")
#: covers too little of it, and a quoted word or two is a term or a label
#: (scare quotes: his argument in favor of "single-payer" health care), not a
#: statement.
#: Like number evidence, it lets claims of MIN_CONTENT_TOKENS_NUMBER statement
#: tokens link, allows containment, adds QUOTE_BONUS, and counts only at the same
#: cosine: below 0.70 the pairs read share a slogan or a term ("radical Islamic
#: terrorism": 0.62-0.68) or quote the words inside another claim ("Trump's
#: absurd claim that a peace deal 'has to do with Israel ...' makes clear ...":
#: 0.63), though some right pairs are lost (0.62-0.69; docs/COMPARE.md).
QUOTE_MIN_COVERAGE = 0.5


QUOTE_MIN_WORDS = 3


QUOTE_MIN_CONTENT_WORDS = 2


QUOTE_BONUS = 0.1


QUOTE_EVIDENCE_MIN_COSINE = NUMBER_EVIDENCE_MIN_COSINE


#: A corroborated paraphrase links even when it shares fewer than
#: MIN_SHARED_TOKENS words: a cosine of at least CORROBORATED_MIN_COSINE and
#: corroboration (the same canonical speaker, number evidence or quotation
#: evidence). Outlets reword the same statement ("pulled back" / "withdrew");
#: the shared-word gate alone kept them apart. Chosen on the train split of
#: models/labels/polnear_pairs.jsonl (pair level, same linked 0.35 -> 0.41 at
#: 0.99 of the different pairs kept apart; docs/COMPARE.md section 9).
CORROBORATED_MIN_COSINE = 0.70
SPEAKER_CORROBORATED_MIN_COSINE = 0.75
#: The same canonical speaker AND quotation evidence (outlets quoting the same
#: person's same words: a statement, not a term: "abolish the second amendment"
#: does not corroborate a claim that repeats "the second amendment")
#: corroborate at a lower cosine: the quoted words are the
#: statement, the sentences around them differ ("weak like a baby" in a long
#: quote and in a one-line paraphrase). Train split: same linked 0.37 -> 0.47
#: with no different pair added; 0.40 added two.
SPEAKER_QUOTE_MIN_COSINE = 0.50
#: ... and for that, a shared run of at least this many words, or every content
#: word of the quoted span
WHOLE_QUOTE_WORDS = 5
#: The same canonical speaker and every statement word of one claim inside the
#: other (an outlet quoting an excerpt of the statement another reports in full:
#: Comey's "Clinton was 'extremely careless' with classified material" inside his
#: longer sentence) corroborate at this cosine. Train split: 3 more same pairs
#: linked, no different pair (0.60: 2; the 64 same-speaker different pairs share
#: fewer words).
SPEAKER_CONTAINED_MIN_COSINE = 0.50
#: Two short claims worded almost alike (at least NEAR_VERBATIM_JACCARD of their
#: statement words shared, Jaccard: in effect the same words, as one extra word can
#: be "hurt" in "does more to hurt the economy than help it" / "does more to help
#: the economy", Jaccard 0.8) with a cosine of EMBEDDING_LINK_COSINE state one thing ("her email practices were illegal" in two outlets; "Wall Street
#: helps the economy" / "Wall Street does more to help the economy"): the
#: MIN_CONTENT_TOKENS gate is against topic fragments that share a word or two,
#: not against the same short sentence.
NEAR_VERBATIM_JACCARD = 0.9


#: Relative tolerance of an approximate number ("around 12,000" -> 10,800-13,200)
#: and of an exact one (rounding: "10 km" vs "6.2 miles").
APPROX_TOLERANCE = 0.10


EXACT_TOLERANCE = 0.01


#: Numbers of two claims are compared only when published this close (days);
#: NaN dates compare with anything (abs(NaN) > x is False).
AGREEMENT_WINDOW_DAYS = 7


def parameters(embedded: bool = False) -> dict:
    """Every grouping parameter of this module (lower-case names), recorded in
    claim_groups.parquet's metadata, so none can be left out; ``embedding_model``
    is null when grouping used lexical similarity only."""
    from .. import embedding

    values = {name.lower(): value for name, value in globals().items() if name.isupper() and name != "DEFAULT_MODEL"}
    return {"embedding_model": embedding.MODEL_NAME if embedded else None, **dict(sorted(values.items()))}
