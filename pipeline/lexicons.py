"""Word lists shared by more than one stage, read once from ``models/*.json``.

One list per concept: the attribution stage and the compare stage read the
reporting verbs and the title words from here, so a word added for one stage
is seen by the other (issue 12: ``CUE_LEMMAS`` and ``TITLE_WORDS`` were copies
in code that had drifted from ``attribution.json``).
"""

from __future__ import annotations

import json
from functools import lru_cache

from . import MODELS_DIR


@lru_cache(maxsize=None)
def model_file(name: str) -> dict:
    """A JSON lexicon of ``models/`` (read once per process)."""
    return json.loads((MODELS_DIR / name).read_text(encoding="utf-8"))


def reporting_verbs() -> frozenset[str]:
    """Lemmas of the verbs that introduce a quotation (``attribution.json``)."""
    return frozenset(model_file("attribution.json")["reporting_verbs"])


def title_words() -> frozenset[str]:
    """One-word titles, ranks and roles written before a person's name, lower
    case without dots: the one-word ``role_titles`` of ``attribution.json``
    (which the speaker stage resolves) and the ``name_titles`` of
    ``compare.json`` (honorifics, ranks and roles that only name
    canonicalisation strips)."""
    roles = {w.replace(".", "") for w in model_file("attribution.json")["role_titles"] if " " not in w}
    return frozenset(roles | set(model_file("compare.json")["name_titles"]))
