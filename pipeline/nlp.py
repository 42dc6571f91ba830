"""Stage 1b: the spaCy pipeline, assembled from ``models/pipeline.cfg`` (the one
place it is assembled).

The base English pipeline (``config.DEFAULT_MODEL`` unless ``--model`` names
another installed one) plus the entity ruler and our components
(``pipeline.components``; their factories are ``spacy_factories`` entry points,
so ``nlp.add_pipe("claims_quotes")`` works in anyone's pipeline).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import spacy
from spacy.language import Language

from . import MODELS_DIR
from .components import dates, entities, numbers, paragraphs, quotes  # noqa: F401  (registers the factories)
from .config import CONFIG_PATH, load_config

#: Settings of the entity ruler that name a file in models/ rather than a value.
RULER_FILE_SETTINGS = {"patterns"}

#: Factories of entity rulers (spaCy's and ours, ``components.entities``), whose patterns are a file.
RULER_FACTORIES = {"entity_ruler", "claims_entity_ruler"}


def load_pipeline(model: str | None = None, config_path: str | Path = CONFIG_PATH, components: Sequence[str] | None = None) -> Language:
    """The base pipeline ``model`` with our components added as the config says.

    ``components``: only these of the config's components (in the config's
    order), e.g. ``("entity_ruler", "claims_numbers")`` for the number tests.
    Raises ``OSError`` with spaCy's message when ``model`` is not installed.
    """
    cfg = load_config(config_path)
    base = model or cfg["pipeline"]["base"]
    nlp = spacy.load(base, exclude=list(cfg["pipeline"].get("exclude", [])))
    split_glued_quotes(nlp)
    for name in cfg["pipeline"]["components"]:
        if components is not None and name not in components:
            continue
        settings = dict(cfg["components"][name])
        factory = settings.pop("factory", name)
        placement = {k: settings.pop(k) for k in ("before", "after", "first", "last") if k in settings}
        if "before" in placement and placement["before"] not in nlp.pipe_names:
            placement.pop("before")  # a base pipeline without NER: add the ruler at the end
        if factory in RULER_FACTORIES:
            files = {k: MODELS_DIR / settings.pop(k) for k in list(settings) if k in RULER_FILE_SETTINGS}
            if not files["patterns"].exists():
                continue
            ruler = nlp.add_pipe(factory, name=name, config=settings, **placement)
            ruler.from_disk(files["patterns"])
        else:
            # file settings stay relative to models/: a saved pipeline holds no path into this checkout
            nlp.add_pipe(factory, name=name, config=settings, **placement)
    return nlp


#: infixes for a comma or colon glued to an opening quotation mark ('Ryan said,"Look,
#: ..."'), which the English tokenizer keeps as one token 'said,"Look', so the cue,
#: the mark and the quotation's first word are lost to the parse
GLUED_QUOTE_INFIXES = (r'(?<=[A-Za-z.!?]),(?=["“])', r'(?<=[A-Za-z]):(?=["“])', r'(?<=[,:])["“](?=[A-Za-z])')


def split_glued_quotes(nlp: Language) -> None:
    """Add ``GLUED_QUOTE_INFIXES`` to the tokenizer's own infixes (whatever the base model)."""
    current = nlp.tokenizer.infix_finditer
    pattern = current.__self__.pattern if current is not None else ""
    extra = "|".join(GLUED_QUOTE_INFIXES)
    if extra not in pattern:
        nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{extra}" if pattern else extra).finditer


def model_metadata(nlp: Language) -> dict[str, str]:
    """Model name and version as recorded in every output file."""
    meta = nlp.meta
    return {
        "spacy_model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "spacy_model_version": str(meta.get("version", "")),
        "spacy_version": spacy.__version__,
    }
