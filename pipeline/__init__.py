"""claims: extract claims from news articles and compare them across sources.

Stages (one module each, data flowing one way):
files -> ``ingest`` -> documents -> ``nlp`` (spaCy + our components in
``numbers``, ``dates``, ``quotes``) -> ``extract`` (claim records) ->
``schema``/``writer`` (Arrow -> Parquet) -> ``compare`` (across sources).
"""

__version__ = "0.1.0"
