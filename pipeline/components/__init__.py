"""The thin spaCy layer: our factories, the Doc extensions they set, and the
serialisation of ``claims_quotes``.

Each factory is declared as a ``spacy_factories`` entry point in pyproject.toml,
so ``nlp.add_pipe("claims_quotes")`` works in any spaCy pipeline once the
package is installed, without importing it first:

- ``claims_paragraphs`` (``paragraphs``): a blank line ends a sentence;
- ``claims_entity_ruler`` (``entities``): spaCy's EntityRuler, matching only the
  sentences that hold a word some pattern needs;
- ``claims_numbers`` (``numbers``): ``Doc._.numbers``;
- ``claims_dates`` (``dates``): ``Doc._.dates``, ``Doc._.reference_date``;
- ``claims_quotes`` (``quotes``): ``Doc._.claims``, ``Doc._.quotations``.

The work itself is done by plain functions in ``pipeline.normalise`` and
``pipeline.attribution``.
"""
