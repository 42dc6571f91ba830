"""Reading real, messy input: encodings, HTML, sidecars, furniture, bad files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from pathlib import Path

from pipeline.io.ingest import InputError, clean_text, decode_bytes, discover, read_task

ROOT_CORPUS = Path(__file__).resolve().parents[2] / "corpus"

CYRILLIC = (
    "Президент Украины Владимир Зеленский заявил, что северокорейские солдаты покидают линию фронта "
    "в Курской области. «Русские несут там очень большие потери», — сказал Зеленский журналистам в среду. "
    "По данным украинской разведки, в регионе находятся около двенадцати тысяч военных."
)
FRENCH = (
    "Le président ukrainien a déclaré mercredi que les soldats nord-coréens étaient « en fuite ». "
    "Selon des rapports occidentaux, environ 12 000 militaires se trouvent dans la région de Koursk, "
    "où l'offensive a débuté il y a six mois."
)
GOOD = (
    'The minister said the bridge would reopen in March. "We have finished the repairs," '
    "Transport Minister Jane Doe told reporters on Monday, adding that about 300 workers took part."
)


@pytest.fixture
def messy_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "good.json").write_text(json.dumps({"source": "Example Times", "published": "2025-03-03"}), encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "sub" / "cyrillic.txt").write_bytes(CYRILLIC.encode("cp1251"))
    (corpus / "sub" / "latin1.txt").write_bytes(FRENCH.encode("latin-1"))
    good_line = json.dumps({"text": GOOD.replace("Monday", "Tuesday"), "source": "Wire", "published": "2025-03-04"})
    (corpus / "feed.jsonl").write_text(
        good_line + "\n" + '{"text": "broken line' + "\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8"
    )
    return corpus


def test_bad_inputs_are_error_rows_and_the_run_goes_on(messy_corpus, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(messy_corpus), "--out", str(out)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_parquet(out / "documents.parquet").set_index("path")
    assert sorted(docs.index) == sorted(
        ["good.txt", "binary.txt", "empty.txt", "sub/cyrillic.txt", "sub/latin1.txt", "feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    )
    assert docs.loc["good.txt", "status"] == "ok"
    assert docs.loc["good.txt", "source"] == "Example Times"
    assert docs.loc["good.txt", "published"] == dt.date(2025, 3, 3)
    # decoded right (cp1251, Latin-1), then refused by language, which only a right decoding finds
    assert docs.loc["sub/cyrillic.txt", "status"] == "error" and docs.loc["sub/cyrillic.txt", "language"] == "ru"
    assert docs.loc["sub/latin1.txt", "status"] == "error" and docs.loc["sub/latin1.txt", "language"] == "fr"
    assert docs.loc["good.txt", "language"] == "en"
    assert docs.loc["feed.jsonl#1", "status"] == "ok"
    for path, reason in [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("feed.jsonl#2", "malformed JSON"),
        ("feed.jsonl#3", "no non-empty 'text'"),
    ]:
        assert docs.loc[path, "status"] == "error", path
        assert reason in docs.loc[path, "error"], docs.loc[path, "error"]
        assert pd.isna(docs.loc[path, "text"])
    assert docs.doc_id.is_unique
    claims = pd.read_parquet(out / "claims.parquet")
    assert set(claims.doc_id) <= set(docs[docs.status == "ok"].doc_id)
    assert "error" in proc.stdout and "binary.txt" in proc.stdout


def test_duplicate_content_is_recorded_not_double_counted(tmp_path, nlp):
    from pipeline.run import run

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    run(corpus, tmp_path / "out", nlp=nlp, quiet=True)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("path")
    assert docs.loc["a.txt", "status"] == "ok"
    assert docs.loc["b.txt", "status"] == "error" and "duplicate" in docs.loc["b.txt", "error"]
    assert docs.doc_id.is_unique


def test_decode_detects_encodings():
    assert decode_bytes(CYRILLIC.encode("cp1251"))[0] == CYRILLIC
    assert decode_bytes("naïve café".encode("utf-8"))[1] == "utf-8"
    assert decode_bytes("\ufeffwith BOM".encode("utf-8"))[0] == "with BOM"
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


def test_furniture_removed_and_dateline_kept_as_date():
    raw = "date 2025-02-06 + ↺ − 16 px\n\n\n\n\n\n\n\n\n\nFirst paragraph of the story.\n\nSecond paragraph.\n\nNews.Az"
    text, dateline = clean_text(raw, source="News.Az")
    assert text == "First paragraph of the story.\n\nSecond paragraph."
    assert dateline == dt.date(2025, 2, 6)


def test_furniture_rule_keeps_real_first_lines():
    raw = "Share this: the minister resigned.\nSecond line."
    assert clean_text(raw)[0] == raw  # a sentence that mentions "share" is article text


def test_seed_dateline_fills_missing_published(tmp_path):
    src = (pytest.importorskip("conftest").CORPUS / "newsaz-zelenskyy-kursk.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(src)  # no sidecar: the date must come from the dateline
    [task] = discover(tmp_path)
    [doc] = read_task(task)
    assert doc.published == dt.date(2025, 2, 6) and doc.published_from == "text"


def test_html_article_text_and_metadata(tmp_path):
    html = (
        "<html><head><title>Bridge reopens | Example Times</title>"
        '<meta property="article:published_time" content="2025-03-03T08:00:00Z">'
        '<link rel="canonical" href="https://example.org/bridge"></head><body>'
        "<nav>Home | World | Share | Subscribe</nav><article><h1>Bridge reopens</h1>"
        f"<p>{GOOD}</p><p>Traffic is expected to return to normal by the end of the week, officials said.</p></article>"
        "<footer>Copyright 2025 Example Times. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [task] = discover(tmp_path)
    [doc] = read_task(task)
    assert doc.status == "ok"
    assert "We have finished the repairs" in doc.text
    assert "Subscribe" not in doc.text and "Copyright" not in doc.text
    assert doc.published == dt.date(2025, 3, 3)
    assert doc.url == "https://example.org/bridge"


def test_sidecar_is_not_an_article_and_json_article_is(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"source": "X"}', encoding="utf-8")
    (tmp_path / "b.json").write_text(
        json.dumps({"text": GOOD, "meta": {"publisher": "Y", "publication_date": "2016-10-28"}}), encoding="utf-8"
    )
    docs = [d for t in discover(tmp_path) for d in read_task(t)]
    assert [(d.path, d.source, d.status) for d in docs] == [("a.txt", "X", "ok"), ("b.json", "Y", "ok")]
    assert docs[1].published == dt.date(2016, 10, 28)


def test_huge_text_is_an_error_row(tmp_path, monkeypatch):
    import pipeline.io.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_TEXT_CHARS", 1000)
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    [doc] = [d for t in discover(tmp_path) for d in read_task(t)]
    assert doc.status == "error" and "too large" in doc.error


def test_english_prose_is_recognised_without_the_language_identifier():
    """The function-word test answers for English news; the n-gram identifier
    (0.5 s to load) is only consulted for anything else."""
    from pipeline.io import ingest

    ingest._language_identifier.cache_clear()
    article = (ROOT_CORPUS / "kyivindependent-kursk-strike.txt").read_text(encoding="utf-8")
    assert ingest.detect_language(article) == "en"
    assert ingest._language_identifier.cache_info().currsize == 0
    # a French article quoting a sentence of English is still French
    french_with_quote = (FRENCH + " ") * 3 + '"We have finished the repairs," the minister said in English.'
    assert ingest.detect_language(french_with_quote) == "fr"
    assert ingest._language_identifier.cache_info().currsize == 1
