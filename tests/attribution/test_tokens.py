"""Helpers over a parsed Doc (``pipeline.attribution.tokens``)."""

from __future__ import annotations

from pipeline.attribution.tokens import indices_with_lemma


def test_indices_with_lemma_match_a_scan_of_every_token(nlp):
    doc = nlp("Officials could not confirm the report. Confirming it, he said, was not possible; nobody confirms anything.")
    wanted = {"confirm", "say"}
    assert indices_with_lemma(doc, wanted) == [t.i for t in doc if t.lemma_.lower() in wanted]
    assert [doc[i].text for i in indices_with_lemma(doc, wanted)] == ["confirm", "Confirming", "said", "confirms"]
    assert indices_with_lemma(doc, {"verify"}) == []
    assert indices_with_lemma(nlp(""), wanted) == []
