"""Hostile input: links out of the corpus, broken encodings, bad metadata, other
languages, leftovers of killed runs, bad arguments. Each with a real file of its kind."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.io.ingest import decode_bytes, discover, read_task

ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate. "
    '"This budget protects the services people rely on," Mayor Jürgen Müller told reporters, '
    "adding that about 1,200 jobs would be kept. Council member Hélène Lefèvre said the plan "
    "was too cautious and that the city could afford more housing.\n\n"
    "According to the finance office, the budget totals 2.4 billion euros, up 3 percent from last year."
)

FRENCH_ARTICLE = (
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat. « Ce budget protège "
    "les services dont les habitants ont besoin », a déclaré le maire aux journalistes, en ajoutant "
    "qu'environ 1 200 emplois seraient maintenus. Selon le service des finances, le budget s'élève à "
    "2,4 milliards d'euros, soit une hausse de 3 % par rapport à l'année dernière."
)

UKRAINIAN_ARTICLE = (
    "Міська рада у вівторок ухвалила новий бюджет після тривалих дебатів. «Цей бюджет захищає послуги, "
    "на які покладаються люди», — сказав мер журналістам, додавши, що близько 1200 робочих місць буде "
    "збережено. За даними фінансового відділу, бюджет становить 2,4 мільярда євро."
)


def read_all(corpus):
    return {d.path: d for t in discover(corpus) for d in read_task(t)}


def test_links_outside_the_corpus_are_never_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("The password is swordfish, the administrator said on Monday.", encoding="utf-8")
    (outside / "nested").mkdir()
    (outside / "nested" / "more.txt").write_text("Another private file, she said.", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "real").mkdir(parents=True)
    (corpus / "real" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(secret, corpus / "leak.txt")
    os.symlink(outside, corpus / "leakdir.txt")  # a folder link, named like an article
    os.symlink(outside / "nested", corpus / "nested")
    os.symlink("/etc/hostname", corpus / "system.txt")
    os.symlink(corpus / "real" / "story.txt", corpus / "alias.txt")  # inside: fine
    os.symlink(corpus / "real", corpus / "alias-dir")  # inside: its files are read once, by their own path
    (corpus / "story.txt").write_text(ARTICLE.replace("Tuesday", "Monday"), encoding="utf-8")
    os.symlink(secret, corpus / "story.json")  # a sidecar that leads outside

    docs = read_all(corpus)
    assert set(docs) == {"alias.txt", "leak.txt", "leakdir.txt", "nested", "real/story.txt", "story.txt", "system.txt"}
    for path in ("leak.txt", "leakdir.txt", "nested", "system.txt", "story.txt"):
        assert docs[path].status == "error", path
        assert "links outside the corpus" in docs[path].error, docs[path].error
        assert docs[path].text is None
    assert docs["real/story.txt"].status == "ok"
    assert docs["alias.txt"].status == "ok" and docs["alias.txt"].text == docs["real/story.txt"].text
    assert not any("swordfish" in (d.text or "") or "private" in (d.text or "") for d in docs.values())


def test_links_outside_the_corpus_in_a_whole_run(tmp_path, nlp):
    from pipeline.run import run

    secret = tmp_path / "secret.txt"
    secret.write_text('"The vault code is 4471," the administrator said on Monday.', encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(secret, corpus / "leak.txt")
    run(corpus, tmp_path / "out", nlp=nlp, quiet=True, compare=False)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("path")
    claims = pd.read_parquet(tmp_path / "out" / "claims.parquet")
    assert docs.loc["leak.txt", "status"] == "error"
    assert not claims.text.str.contains("vault").any()
    assert not docs.text.fillna("").str.contains("vault").any()


def test_utf8_with_a_few_bad_bytes_stays_utf8():
    good = ARTICLE.encode("utf-8")
    # three invalid runs inside an otherwise valid UTF-8 article (a truncated copy, a stray cp1252 quote)
    cut = good.index(b"approved")
    damaged = good[:cut] + b"\xe2\x80" + good[cut:] + b" \x92end\xff"
    text, encoding = decode_bytes(damaged)
    assert encoding.startswith("utf-8")
    assert "Jürgen Müller" in text and "Hélène Lefèvre" in text
    at = ARTICLE.index("approved")
    assert text == ARTICLE[:at] + "\ufffd" + ARTICLE[at:] + " \ufffdend\ufffd"


def test_short_western_single_byte_article_reads_as_cp1252():
    short = "Hélène Lefèvre, the mayor of Saint-Étienne, said the café would reopen. “We are ready,” she said."
    text, encoding = decode_bytes(short.encode("cp1252"))
    assert text == short and encoding == "cp1252"
    latin1 = "Señor Müller said the naïve plan for Málaga had failed."
    assert decode_bytes(latin1.encode("latin-1"))[0] == latin1
    # other code pages still win where cp1252 would be nonsense
    polish = "Prezydent powiedział we wtorek, że żołnierze opuścili region. Łódź i Gdańsk świętują."
    assert decode_bytes(polish.encode("cp1250"))[0] == polish


@pytest.mark.parametrize("bad_date", ["yesterday", "2025-13-45"])
def test_unreadable_published_keeps_the_article(tmp_path, nlp, bad_date):
    from pipeline.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    dated = ARTICLE.replace("on Tuesday", "on March 4, 2025")
    (corpus / "story.txt").write_text(dated, encoding="utf-8")
    (corpus / "story.json").write_text(json.dumps({"source": "City Herald", "published": bad_date}), encoding="utf-8")
    run(corpus, tmp_path / "out", nlp=nlp, quiet=True, compare=False)
    [doc] = pd.read_parquet(tmp_path / "out" / "documents.parquet").to_dict("records")
    assert doc["status"] == "ok" and doc["source"] == "City Herald"
    assert pd.isna(doc["published"])
    assert bad_date in doc["warning"] and "published" in doc["warning"]
    # the date is inferred from the text as for any undated article
    assert doc["reference_date_inferred"] and doc["reference_date"] == dt.date(2025, 3, 4)
    assert len(pd.read_parquet(tmp_path / "out" / "claims.parquet")) > 0


def test_non_english_articles_are_error_rows_naming_the_language(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    (tmp_path / "uk.txt").write_text(UKRAINIAN_ARTICLE, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "names.txt").write_text("Kyiv, Kursk", encoding="utf-8")  # too little to tell: read as English
    docs = read_all(tmp_path)
    assert docs["fr.txt"].status == "error" and docs["fr.txt"].error == "language fr: only English is read"
    assert docs["uk.txt"].status == "error" and docs["uk.txt"].error == "language uk: only English is read"
    assert (docs["fr.txt"].language, docs["uk.txt"].language, docs["en.txt"].language) == ("fr", "uk", "en")
    assert docs["en.txt"].status == "ok"
    assert docs["names.txt"].status == "ok" and docs["names.txt"].language is None


def _killed_writer(out_dir):
    """A real writer process killed with SIGKILL mid-file: it leaves its partial file behind."""
    code = (
        "import sys, time\n"
        "from pipeline.io import schema\n"
        "from pipeline.io.writer import ParquetSink\n"
        f"sink = ParquetSink({str(out_dir / 'claims.parquet')!r}, schema.CLAIMS)\n"
        "print('writing', flush=True)\n"
        "time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_a_run_removes_partial_files_left_by_killed_runs(tmp_path):
    from pipeline.cli import main

    out = tmp_path / "out"
    out.mkdir()
    _killed_writer(out)
    _killed_writer(out)
    (out / "notes.partial").write_text("not ours")
    assert len(list(out.glob(".*.partial"))) == 2
    assert main(["run", str(pytest.importorskip("conftest").CORPUS), "--out", str(out), "--quiet", "--no-compare"]) == 0
    assert list(out.glob(".*.partial")) == []
    assert (out / "notes.partial").exists()
    assert len(pd.read_parquet(out / "documents.parquet")) == 2


@pytest.mark.parametrize("workers", ["0", "-2", "two"])
def test_workers_must_be_a_positive_number(workers, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path), "--workers", workers],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "--workers" in proc.stderr


def test_published_date_still_read_when_valid(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "story.json").write_text(json.dumps({"published": "2025-03-04"}), encoding="utf-8")
    [doc] = read_all(tmp_path).values()
    assert doc.published == dt.date(2025, 3, 4) and doc.warning is None
