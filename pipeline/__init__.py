"""claims: extract claims from news articles and compare them across sources.

Stages (one module each, data flowing one way):
files -> ``ingest`` -> documents -> ``nlp`` (spaCy + our components in
``numbers``, ``dates``, ``quotes``) -> ``extract`` (claim records) ->
``schema``/``writer`` (Arrow -> Parquet) -> ``compare`` (across sources).
"""

__version__ = "0.1.0"

from pathlib import Path as _Path
import sys as _sys


def _models_dir() -> _Path:
    """``models/`` of a source checkout, or of an installed copy (pip install .)."""
    for candidate in (_Path(__file__).resolve().parent.parent / "models", _Path(_sys.prefix) / "share" / "claims" / "models"):
        if (candidate / "pipeline.cfg").exists():
            return candidate
    return _Path(__file__).resolve().parent.parent / "models"


#: Pipeline config, lexicons and patterns: everything the model needs beyond spaCy.
MODELS_DIR = _models_dir()
