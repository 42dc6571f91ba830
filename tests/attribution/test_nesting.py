"""Nesting (pipeline/attribution/nesting.py): a claim inside a longer claim's content is
dropped, unless its own reporting clause, with a named subject, stands beside the outer
statement (coordinated, or after "while"/"whereas"). Sentences written for these tests."""

from __future__ import annotations

from pipeline.attribution.lexicon import default_lexicon
from pipeline.attribution.nesting import drop_nested, own_reporting_clause
from pipeline.attribution.records import ClaimMention


def claim_with_cue(doc, text, content, cue_word, kind="indirect"):
    start = text.index(content)
    cue = next(t for t in doc if t.text == cue_word)
    return ClaimMention(
        kind=kind,
        start=start,
        end=start + len(content),
        cue=cue.lemma_,
        cue_start=cue.idx,
        cue_end=cue.idx + len(cue),
        cue_i=cue.i,
        rule="verb",
    )


def contents(nlp, text):
    return [text[c.start : c.end] for c in nlp(text)._.claims if c.kind in ("direct", "indirect", "mixed")]


def test_coordinated_statement_of_another_named_source_is_kept(nlp):
    text = "The mayor said the bridge was safe, but Councillor Ruth Adeyemi warned it was cracking."
    doc = nlp(text)
    outer = claim_with_cue(doc, text, "the bridge was safe, but Councillor Ruth Adeyemi warned it was cracking", "said")
    inner = claim_with_cue(doc, text, "it was cracking", "warned")
    assert doc[inner.cue_i].dep_ == "conj"  # the parse coordinates the two reporting clauses
    assert own_reporting_clause(inner, [(outer.start, outer.end)], doc, default_lexicon())
    assert inner in drop_nested([outer, inner], doc, default_lexicon())
    assert inner not in drop_nested([outer, inner])  # without the parse: the old rule


def test_statement_after_while_is_kept_end_to_end(nlp):
    text = "The governor said the schools would reopen in May while Health Secretary Omar Lindqvist wrote he had asked for more tests."
    found = contents(nlp, text)
    assert any(c.startswith("he had asked for more tests") for c in found), found


def test_belief_verb_inside_a_statement_stays_nested(nlp):
    text = "Senator Alma Ruiz said voters believe the tax is unfair."
    found = contents(nlp, text)
    assert not any(c == "the tax is unfair" for c in found), found


def test_unnamed_subject_inside_a_statement_stays_nested(nlp):
    text = "The minister said officials reported the dam was leaking."
    doc = nlp(text)
    outer = claim_with_cue(doc, text, "officials reported the dam was leaking", "said")
    inner = claim_with_cue(doc, text, "the dam was leaking", "reported")
    assert not own_reporting_clause(inner, [(outer.start, outer.end)], doc, default_lexicon())


def test_quotation_continues_after_a_long_appositive_attribution(nlp):
    text = (
        '"The plan failed," said Anna Berg, a city engineer who has worked on the bridge since it opened in 1998. '
        '"Nobody wanted to admit it."'
    )
    doc = nlp(text)
    claims = [c for c in doc._.claims if c.kind == "direct"]
    assert [text[c.start : c.end] for c in claims] == ["The plan failed", "Nobody wanted to admit it."]
    assert all(c.speaker == "Anna Berg" for c in claims)
