"""claims: extract claims from news articles and compare them across sources.

Stages (one module each, data flowing one way):
files -> ``ingest`` -> documents -> ``nlp`` (spaCy + our components in
``numbers``, ``dates``, ``quotes``) -> ``extract`` (claim records) ->
``schema``/``writer`` (Arrow -> Parquet) -> ``compare`` (across sources).
"""

__version__ = "0.1.0"

from pathlib import Path as _Path


def _models_dir() -> _Path:
    """``models/`` of a source checkout, else the copy installed inside the package.

    ``pip install .`` (into a venv, the system or ``--user``) puts models/ at
    ``pipeline/models`` (pyproject.toml), so no install prefix is guessed.
    """
    package = _Path(__file__).resolve().parent
    for candidate in (package.parent / "models", package / "models"):
        if (candidate / "pipeline.cfg").exists():
            return candidate
    raise ImportError(f"claims: models/ not found beside or inside {package}; reinstall the package")


#: Pipeline config, lexicons and patterns: everything the model needs beyond spaCy.
MODELS_DIR = _models_dir()
