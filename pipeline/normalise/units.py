"""The one unit table: the units numbers are written in (``UNIT_WORDS`` ->
canonical unit) and what each canonical unit measures (``UNIT_DIMENSIONS``:
dimension and factor to the base unit), read by ``normalise.numbers`` to
recognise units and by ``compare.features`` to compare numbers across claims."""

from __future__ import annotations

# Physical and time units: token text (lower) -> canonical unit.
UNIT_WORDS = {
    "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "km": "km", "kms": "km",
    "mile": "mi", "miles": "mi", "mi": "mi",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg", "kg": "kg", "kgs": "kg",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "pound": "lb", "pounds": "lb", "lb": "lb", "lbs": "lb",
    "foot": "ft", "feet": "ft", "ft": "ft",
    "acre": "acre", "acres": "acre", "hectare": "ha", "hectares": "ha", "ha": "ha",
    "km2": "km2", "km²": "km2", "mi2": "mi2", "mph": "mph",
    "percent": "%", "%": "%", "pct": "%",
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}
SQUARE_UNITS = {"km": "km2", "mi": "mi2", "m": "m2", "ft": "ft2"}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}

#: canonical unit -> (dimension, factor to the dimension's base unit: metre,
#: square metre, kilogram, second, percent). Numbers of one dimension compare
#: across units ("10 km" vs "6.2 miles"); a unit missing here compares only with
#: itself, and currencies compare by their code.
UNIT_DIMENSIONS: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0),
    "meter": ("length", 1.0),
    "km": ("length", 1000.0),
    "kilometer": ("length", 1000.0),
    "mi": ("length", 1609.344),
    "mile": ("length", 1609.344),
    "ft": ("length", 0.3048),
    "m2": ("area", 1.0),
    "ft2": ("area", 0.09290304),
    "km2": ("area", 1000000.0),
    "mi2": ("area", 2589988.110336),
    "ha": ("area", 10000.0),
    "hectare": ("area", 10000.0),
    "acre": ("area", 4046.8564224),
    "kg": ("mass", 1.0),
    "t": ("mass", 1000.0),
    "ton": ("mass", 1000.0),
    "tonne": ("mass", 1000.0),
    "lb": ("mass", 0.45359237),
    "second": ("time", 1.0),
    "minute": ("time", 60.0),
    "hour": ("time", 3600.0),
    "day": ("time", 86400.0),
    "week": ("time", 604800.0),
    "month": ("time", 2629800.0),
    "year": ("time", 31557600.0),
    "decade": ("time", 315576000.0),
    "century": ("time", 3155760000.0),
    "mph": ("speed", 0.44704),
    "pp": ("percentage_point", 1.0),
    "%": ("percent", 1.0),
    "percent": ("percent", 1.0),
    "pct": ("percent", 1.0),
}

#: every canonical unit ``normalise.numbers`` writes (percentage points, "pp", are read from "points" after a change)
EMITTED_UNITS = frozenset(UNIT_WORDS.values()) | frozenset(SQUARE_UNITS.values()) | {"pp"}
