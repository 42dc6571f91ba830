"""The one unit table: every unit numbers writes is one compare can convert."""

from __future__ import annotations

import pytest

from pipeline.compare.agreement import pair_agreement
from pipeline.compare.features import ClaimNumber, NumberKey, number_interval
from pipeline.normalise.units import EMITTED_UNITS, UNIT_DIMENSIONS


def test_every_emitted_unit_has_a_dimension():
    assert EMITTED_UNITS <= set(UNIT_DIMENSIONS)


def _number(value, unit):
    interval = number_interval({"value": value, "unit": unit, "approximate": False}, UNIT_DIMENSIONS)
    return ClaimNumber(key=NumberKey("u", interval.dimension), interval=interval, text=f"{value} {unit}", counted=None, value=float(value))


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ((2, "decade"), (20, "year"), "agree"),
        ((1, "century"), (100, "year"), "agree"),
        ((2, "decade"), (30, "year"), "conflict"),
        ((1000, "ft2"), (92.9, "m2"), "agree"),
        ((60, "mph"), (26.8224, "m"), None),  # a speed is not a length
    ],
)
def test_units_of_one_dimension_compare(a, b, expected):
    assert pair_agreement([_number(*a)], [_number(*b)])[0] == expected
