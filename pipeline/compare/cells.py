"""Reading pandas cells of the claims table: list<struct> cells and nullable strings."""

from __future__ import annotations

import math


def as_list(value) -> list:
    """A list<struct> cell as a list of dicts (pandas gives arrays or None)."""
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    return list(value)


def string_cell(value) -> str | None:
    """A non-empty string cell, else None (pandas reads a null string as NaN or None)."""
    return value if isinstance(value, str) and value else None
