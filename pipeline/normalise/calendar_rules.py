"""Calendar arithmetic of date resolution: nth weekdays, election day, months, seasons, the year a month falls in."""

from __future__ import annotations

import calendar
import datetime as dt

from .date_words import SEASONS


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def election_day(year: int) -> dt.date:
    """US general election: the Tuesday after the first Monday of November."""
    return nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)


# US holidays common in English-language news: fixed dates and weekday rules.
HOLIDAYS = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's": lambda y: dt.date(y, 1, 1),
    "independence day": lambda y: dt.date(y, 7, 4),
    "the fourth of july": lambda y: dt.date(y, 7, 4),
    "fourth of july": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "thanksgiving": lambda y: nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: nth_weekday(y, 5, 0, -1),
    "martin luther king day": lambda y: nth_weekday(y, 1, 0, 3),
    "election day": election_day,
}


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def fmt(d: dt.date, granularity: str) -> str:
    if granularity == "day":
        return d.isoformat()
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def period_value(first: dt.date, last: dt.date) -> tuple[str | None, str | None]:
    """The finest of day/month/year containing the whole period [first, last]."""
    if first == last:
        return fmt(first, "day"), "day"
    if (first.year, first.month) == (last.year, last.month):
        return fmt(first, "month"), "month"
    if first.year == last.year:
        return fmt(first, "year"), "year"
    return None, None


def choose_year(month: int, day: int | None, ref: dt.date, prefer: str) -> dt.date | None:
    """A yearless Month (Day) placed relative to ref: past, future or nearest."""

    def make(y: int) -> dt.date | None:
        try:
            return dt.date(y, month, day or 1)
        except ValueError:
            return None

    this = make(ref.year)
    if this is None:
        this = make(ref.year - 1) or make(ref.year + 1)
        if this is None:
            return None
    # month-only mentions compare by month: "in February" on Feb 20 is this February
    key = (lambda d: (d.year, d.month)) if day is None else (lambda d: d)
    refk = (ref.year, ref.month) if day is None else ref
    past = this if key(this) <= refk else make(this.year - 1)
    future = this if key(this) >= refk else make(this.year + 1)
    if prefer == "past" or future is None:
        return past
    if prefer == "future" or past is None:
        return future
    return past if (ref - past) <= (future - ref) else future


def weekday_date(weekday: int, ref: dt.date, prefer: str, modifier: str | None) -> dt.date:
    """A weekday relative to ref; the same weekday as ref is ref itself (news usage)."""
    back = (ref.weekday() - weekday) % 7
    fwd = (weekday - ref.weekday()) % 7
    if modifier in ("last", "this past", "past"):
        return ref - dt.timedelta(days=back or 7)
    if modifier in ("next", "this coming", "coming"):
        return ref + dt.timedelta(days=fwd or 7)
    if prefer == "future" or (modifier == "this" and prefer != "past"):
        # "this Tuesday" is the coming one unless the verb is in the past
        return ref + dt.timedelta(days=fwd)
    return ref - dt.timedelta(days=back)


def season(name: str, year: int) -> tuple[dt.date, dt.date]:
    start_month = SEASONS[name]
    start = dt.date(year, start_month, 1)
    end = add_months(start, 3) - dt.timedelta(days=1)
    return start, end


def season_value(name: str, modifier: str | None, year: int | None, ref: dt.date | None, prefer: str) -> tuple[str | None, str | None]:
    """A season as the year it falls in (winter: the year of its January)."""
    name = "fall" if name == "autumn" else name
    if year is not None:
        y = year
    elif ref is None:
        return None, None
    else:
        cur_start, cur_end = season(name, ref.year if not (name == "winter" and ref.month <= 2) else ref.year - 1)
        if modifier in ("last", "this past", "past"):
            # the latest season of that name that is over, and not the current one
            y = cur_start.year if cur_end < ref else cur_start.year - 1
        elif modifier in ("next", "this coming"):
            y = cur_start.year if cur_start > ref else cur_start.year + 1
        elif modifier == "this":
            y = cur_start.year
        elif prefer == "future":
            y = cur_start.year if cur_end >= ref else cur_start.year + 1
        elif prefer == "past":
            y = cur_start.year if cur_start <= ref else cur_start.year - 1
        else:
            # no tense to go by: the season nearest the reference (0 when inside it)
            def distance(year: int) -> int:
                start, end = season(name, year)
                return 0 if start <= ref <= end else min(abs((start - ref).days), abs((end - ref).days))

            y = min((cur_start.year - 1, cur_start.year, cur_start.year + 1), key=distance)
    start, end = season(name, y)
    return str(end.year if name == "winter" else start.year), "year"
