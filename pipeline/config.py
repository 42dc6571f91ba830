"""The pipeline config (``models/pipeline.cfg``) and the one default model name."""

from __future__ import annotations

from pathlib import Path

import spacy

from . import MODELS_DIR

CONFIG_PATH = MODELS_DIR / "pipeline.cfg"


def load_config(path: str | Path = CONFIG_PATH):
    """The pipeline config (a spaCy/confection config file)."""
    return spacy.util.load_config(path, interpolate=False)


#: the base spaCy pipeline unless ``--model`` names another (``[pipeline] base`` of pipeline.cfg)
DEFAULT_MODEL: str = load_config()["pipeline"]["base"]
