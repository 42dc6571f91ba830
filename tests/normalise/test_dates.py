"""Date resolution: accuracy on real news sentences, the seed articles, and one test per rule.

tests/data/date_cases.tsv holds single sentences from the PolNeAR news corpus
with the article's publication date as the reference and a hand-annotated
value and granularity; nothing here reads ../shared.  A case is right when a
date mention with exactly the expected text is found at the expected place
with the expected value and granularity; a NONE case is right when no date
mention overlaps it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from pipeline.normalise import dates as dates_module
from pipeline.normalise.dates import DateMention, resolve_dates, resolve_text
from pipeline.normalise.reference_date import infer_reference_date

from case_tables import PATTERNS, build_nlp, case_mention, format_table, load_cases, overall, tally

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "date_cases.tsv"
TARGET = 0.90


@pytest.fixture(scope="module")
def nlp():
    return build_nlp("claims_numbers", "claims_dates")


def run(nlp, text: str, published: dt.date | None):
    """As the caller does: make_doc, set published, then the pipeline."""
    doc = nlp.make_doc(text)
    doc._.published = published
    return next(nlp.pipe([doc]))


def judge(case: dict, mentions: list[DateMention]) -> tuple[bool, str]:
    m, verdict = case_mention(case, mentions)
    if verdict is not None:
        return verdict
    ok = (m.value or "") == case["value"] and (m.granularity or "") == case["granularity"]
    return ok, repr(m.as_record())


def evaluate(nlp) -> tuple[dict[str, list], list[tuple[dict, str]]]:
    cases = load_cases(CASES)
    keys = sorted({(c["sentence"], c["reference"]) for c in cases})
    docs = {}
    for sentence, ref in keys:
        docs[(sentence, ref)] = run(nlp, sentence, dt.date.fromisoformat(ref))
    return tally((case, *judge(case, docs[(case["sentence"], case["reference"])]._.dates)) for case in cases)


def test_table_is_large_and_varied():
    cases = load_cases(CASES)
    assert len(cases) >= 80
    assert {"weekday", "month_day", "month", "year", "ago", "relative_unit", "modifier", "season", "range", "vague", "not_date"} <= {
        c["category"] for c in cases
    }


def test_accuracy_on_news_sentences(nlp, capsys):
    per_cat, failures = evaluate(nlp)
    right, total = overall(per_cat)
    with capsys.disabled():
        print("\ndates accuracy\n" + format_table(per_cat))
    detail = "\n".join(
        f"  [{c['category']}] {c['expression']!r} ref {c['reference']}: want {c['value']!r}/{c['granularity']!r}, got {g}"
        for c, g in failures
    )
    assert right / total >= TARGET, f"{right}/{total} below {TARGET:.0%}\n{detail}"


# --------------------------------------------------------------------------
# The seed articles (expected.json), from the project's corpus/ folder
# --------------------------------------------------------------------------

SEED_KI = ROOT / "corpus" / "kyivindependent-kursk-strike.txt"
SEED_NA = ROOT / "corpus" / "newsaz-zelenskyy-kursk.txt"


def _seed(nlp, path: Path):
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
    return run(nlp, path.read_text(encoding="utf-8"), published)


def _dates_by_text(doc) -> dict[str, tuple]:
    out = {}
    for m in doc._.dates:
        assert doc.text[m.start : m.end] == m.text
        out.setdefault(m.text, (m.value, m.granularity))
    return out


def test_seed_without_publication_date_infers_reference(nlp):
    doc = _seed(nlp, SEED_KI)
    assert doc._.published is None
    assert doc._.reference_date_inferred is True
    assert doc._.reference_date == dt.date(2025, 2, 2)
    found = _dates_by_text(doc)
    assert found["Feb. 2"] == ("2025-02-02", "day")
    assert found["Jan. 31"] == ("2025-01-31", "day")
    assert found["early August 2024"] == ("2024-08", "month")
    assert found["Last fall"] == ("2024", "year")


def test_seed_with_publication_date(nlp):
    doc = _seed(nlp, SEED_NA)
    assert doc._.reference_date == dt.date(2025, 2, 6)
    assert doc._.reference_date_inferred is False
    found = _dates_by_text(doc)
    assert found["late Wednesday"] == ("2025-02-05", "day")
    assert found["Tuesday"] == ("2025-02-04", "day")
    assert found["six months ago"] == ("2024-08", "month")
    assert found["last August"] == ("2024-08", "month")
    assert found["mid-January"] == ("2025-01", "month")
    assert found["Aug. 5-6"] == ("2024-08-05", "day")
    assert found["recent years"] == (None, None)


@pytest.mark.parametrize(
    "sentence, published, text, value, granularity",
    [
        # every date in ../shared/corpus-seed/expected.json, sentence by sentence
        (
            "A Ukrainian strike on a Russian command post in Kursk Oblast killed dozens of Russian and North Korean "
            "officers, President Volodymyr Zelensky told the Associated Press on Feb. 2.",
            dt.date(2025, 2, 2),
            "Feb. 2",
            "2025-02-02",
            "day",
        ),
        (
            "The strike, allegedly conducted by Ukraine's Missile and Artillery Forces on Jan. 31, targeted the command "
            "post of Russia's Kursk group of forces in the city of Rylsk.",
            dt.date(2025, 2, 2),
            "Jan. 31",
            "2025-01-31",
            "day",
        ),
        (
            "Ukrainian forces launched a cross-border incursion into Russia's Kursk Oblast in early August 2024, "
            "allegedly seizing about 1,300 square kilometers (500 square miles) of Russian territory.",
            None,
            "early August 2024",
            "2024-08",
            "month",
        ),
        (
            'Ukrainian President Volodymyr Zelenskyy claimed that North Korean soldiers are "fleeing" the frontline in '
            "Russia's Kursk region, where Kyiv launched an incursion just six months ago, News.Az reports citing foreign "
            "media.",
            dt.date(2025, 2, 6),
            "six months ago",
            "2024-08",
            "month",
        ),
        (
            "“The Russians suffer really large losses there,” Zelenskyy told journalists late Wednesday following talks "
            "with visiting UK Foreign Secretary David Lammy in Kyiv.",
            dt.date(2025, 2, 6),
            "late Wednesday",
            "2025-02-05",
            "day",
        ),
        (
            "A report on Tuesday by the Seoul-based Yonhap News agency, citing South Korea's National Intelligence "
            "Service, said that North Korean troops deployed in Russia appear to have been absent from the frontline in "
            "Kursk since mid-January.",
            dt.date(2025, 2, 6),
            "Tuesday",
            "2025-02-04",
            "day",
        ),
    ],
)
def test_seed_dates(nlp, sentence, published, text, value, granularity):
    found = _dates_by_text(run(nlp, sentence, published))
    assert found[text] == (value, granularity)


# --------------------------------------------------------------------------
# One test per rule (resolve_text is pure: text, reference, tense)
# --------------------------------------------------------------------------

THU = dt.date(2025, 2, 6)  # a Thursday


@pytest.mark.parametrize(
    "text, tense, value, granularity",
    [
        ("Feb. 2", "past", "2025-02-02", "day"),
        ("Jan. 31", "past", "2025-01-31", "day"),
        ("late Wednesday", "past", "2025-02-05", "day"),
        ("Tuesday", "past", "2025-02-04", "day"),
        ("Thursday", "past", "2025-02-06", "day"),  # the reference's own weekday is that day
        ("Friday", "future", "2025-02-07", "day"),  # "will meet on Friday"
        ("last Thursday", "past", "2025-01-30", "day"),
        ("next Monday", "past", "2025-02-10", "day"),
        ("Sunday night", "past", "2025-02-02", "day"),
        ("last fall", "past", "2024", "year"),
        ("this summer", "future", "2025", "year"),
        ("six months ago", "past", "2024-08", "month"),
        ("two years ago", "past", "2023", "year"),
        ("three days ago", "past", "2025-02-03", "day"),
        ("a decade ago", "past", "2015", "year"),
        ("mid-January", "past", "2025-01", "month"),
        ("Aug. 5-6", "past", "2024-08-05", "day"),
        ("early August 2024", "past", "2024-08", "month"),
        ("last August", "past", "2024-08", "month"),
        ("in recent years", "past", None, None),
        ("today", "past", "2025-02-06", "day"),
        ("yesterday", "past", "2025-02-05", "day"),
        ("tomorrow", "past", "2025-02-07", "day"),
        ("last month", "past", "2025-01", "month"),
        ("next year", "past", "2026", "year"),
        ("this week", "past", "2025-02", "month"),  # Feb 3-9 lies in one month
        ("2016", "past", "2016", "year"),
        ("November 8, 2016", "past", "2016-11-08", "day"),
        ("March 2023", "past", "2023-03", "month"),
        ("the end of this month", "past", "2025-02", "month"),
        ("March 1", "present", "2025-03-01", "day"),  # no tense: the nearer March 1
        ("March 1", "past", "2024-03-01", "day"),
        ("Christmas", "past", "2024-12-25", "day"),
        ("Election Day", "future", "2025-11-04", "day"),
        ("January of last year", "past", "2024-01", "month"),
        ("mid-2015", "past", "2015", "year"),
        ("2025-02-06", "past", "2025-02-06", "day"),
        ("four years later", "past", None, None),  # counted from the story, not the reference
        ("three or four months ago", "past", "2024-11", "month"),  # a range keeps its first end
        ("last night", "past", "2025-02-05", "day"),
        ("late last year", "past", "2024", "year"),
        ("this Tuesday", "present", "2025-02-11", "day"),
    ],
)
def test_resolve_text(text, tense, value, granularity):
    assert resolve_text(text, THU, tense) == (value, granularity)


def test_relative_expressions_need_a_reference():
    assert resolve_text("Tuesday", None) == (None, None)
    assert resolve_text("six months ago", None) == (None, None)
    assert resolve_text("November 8, 2016", None) == ("2016-11-08", "day")


def test_durations_ages_times_are_not_dates(nlp):
    doc = run(nlp, "For three weeks, the 70-year-old senator met them each year at 3 p.m.", THU)
    assert doc._.dates == []


def test_tense_points_yearless_dates(nlp):
    fut = _dates_by_text(run(nlp, "The summit will be held on Jan. 10.", dt.date(2024, 12, 20)))
    assert fut["Jan. 10"] == ("2025-01-10", "day")
    past = _dates_by_text(run(nlp, "The summit was held on Dec. 10.", dt.date(2025, 1, 5)))
    assert past["Dec. 10"] == ("2024-12-10", "day")
    will = _dates_by_text(run(nlp, "The minister will travel to Paris on Monday.", THU))
    assert will["Monday"] == ("2025-02-10", "day")


def test_inferred_reference_from_explicit_dates(nlp):
    doc = run(nlp, "The talks began in March 2023. They resumed on June 4 and ended on June 9.", None)
    assert infer_reference_date(doc) == dt.date(2023, 6, 9)
    assert doc._.reference_date_inferred is True
    # no explicit year at all: nothing to infer from, and never the machine clock
    doc = run(nlp, "The talks resumed on Tuesday.", None)
    assert doc._.reference_date is None and doc._.reference_date_inferred is False
    assert _dates_by_text(doc)["Tuesday"] == (None, None)


def test_published_accepts_iso_strings(nlp):
    doc = run(nlp, "He spoke on Tuesday.", "2025-02-06")  # type: ignore[arg-type]
    assert doc._.reference_date == THU


def test_resolve_dates_is_pure(nlp):
    doc = run(nlp, "He spoke on Tuesday.", THU)
    assert list(resolve_dates(doc, THU)) == doc._.dates


def test_record_matches_schema(nlp):
    from pipeline.io.schema import DATE

    doc = run(nlp, "He spoke on Tuesday.", THU)
    rec = doc._.dates[0].as_record()
    assert list(rec) == [f.name for f in DATE]
    import pyarrow as pa

    pa.array([rec], type=DATE)


def test_date_resolution_is_cheap(nlp):
    """Memoised: the second resolution of the same texts costs next to nothing."""
    texts = ["He spoke on Feb. 2 and again six months ago.", "The vote was on Tuesday, Jan. 31."]
    docs = [run(nlp, t, THU) for t in texts]
    t0 = time.perf_counter()
    for _ in range(50):
        for d in docs:
            list(resolve_dates(d, THU))
    assert (time.perf_counter() - t0) / 100 < 0.005
    # what the calendar rules do not cover goes to dateparser, once per (text, reference)
    before = dates_module._dateparser_resolve.cache_info()
    assert resolve_text("3/14/2016", THU) == ("2016-03-14", "day")
    assert resolve_text("3/14/2016", THU) == ("2016-03-14", "day")
    after = dates_module._dateparser_resolve.cache_info()
    assert after.hits >= before.hits + 1


if __name__ == "__main__":
    per_cat, failures = evaluate(build_nlp("claims_numbers", "claims_dates"))
    print(format_table(per_cat))
    for c, got in failures:
        print(
            f"[{c['category']}] {c['expression']!r} ref {c['reference']} want {c['value']!r}/{c['granularity']!r}\n"
            f"    {c['sentence'][:150]}\n    GOT {got}"
        )
