"""`claims report DIR` (pipeline/report.py): the page, parsed with a real HTML parser,
and loaded in headless Chromium.

The corpus tests/fixtures/report holds two outlets reporting the same two claims
(one with agreeing numbers, one with conflicting numbers) and an empty file; its
quote, its sidecar source and its title hold <script> and <img onerror=...>
payloads. The real pipeline runs over it (no mocks).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import lxml.html
import pandas as pd
import pytest

from conftest import ROOT
from pipeline.cli import main
from pipeline.report import build_report, describe_number, embed_json, explain_agreement, find_cue

FIXTURE = ROOT / "tests" / "fixtures" / "report"
PAYLOAD_SOURCE = json.loads((FIXTURE / "payload.json").read_text())["source"]
PAYLOAD_TITLE = json.loads((FIXTURE / "payload.json").read_text())["title"]


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory, nlp):
    """`claims run` over the fixture corpus, then `claims report`: (out dir, result, documents, claims)."""
    from pipeline.run import run

    out = tmp_path_factory.mktemp("report-run")
    run(FIXTURE, out, nlp=nlp, quiet=True)
    result = build_report(out)
    return out, result, pd.read_parquet(out / "documents.parquet"), pd.read_parquet(out / "claims.parquet")


def parse(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def text(el) -> str:
    return el.text_content()


def cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# ---------------------------------------------------------------- the page


def test_one_self_contained_page(fixture_run):
    out, result, _, _ = fixture_run
    assert result.path == out / "report.html" and result.bytes == result.path.stat().st_size
    page = result.path.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    # nothing fetched: no external resource of any kind, and the CSP forbids loads
    assert not tree.xpath("//link | //img | //iframe | //object | //embed | //video | //audio | //source")
    assert not tree.xpath("//script[@src] | //*[@srcset]")
    assert set(re.findall(r"(?i)(?:https?:)?//[\w.-]+\.\w+[^\s\"'<]*", page)) == {"https://example.org/plain"}  # the sidecar url
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp
    # exactly two scripts: the JSON data and the page's own code, allowed by its hash
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    code = scripts[1].text
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert tree.xpath("//style") and tree.xpath("//svg")


def test_corpus_html_is_text_never_markup(fixture_run):
    out, result, documents, claims = fixture_run
    page = result.path.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    # no element the payloads would have made, no event handler attribute anywhere
    assert not tree.xpath("//img | //*[@id='pwned'] | //b[ancestor::h3]")
    assert not [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert len(tree.xpath("//script")) == 2
    assert "<script>document.title" not in page and "<img src=x" not in page
    # ... but shown as text, exactly: outlet, title and quote
    outlets = {text(b) for b in tree.xpath(f"//*[{cls('outlet')}]")}
    assert outlets == {PAYLOAD_SOURCE, "Plain Post"}
    assert PAYLOAD_TITLE in {text(h) for h in tree.xpath("//section[@id='articles']//h3")}
    quote = claims[claims.text.str.contains("<script>", regex=False)].iloc[0]
    quotes = [text(q) for q in tree.xpath("//blockquote")]
    assert quote.text in quotes
    # hover text carries the payload as an attribute value, never as markup
    assert any("<script>" in t for t in tree.xpath("//@title"))
    # the javascript: URL is shown, not linked
    hrefs = tree.xpath("//a/@href")
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), hrefs
    assert "https://example.org/plain" in hrefs
    # the JSON the script reads: parses back to the outlet names, cannot close its element
    raw = tree.xpath("//script[@id='report-data']")[0].text
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert PAYLOAD_SOURCE in json.loads(raw)["outlets"]


def test_embedded_json_is_inert():
    hostile = {"x": "</script><script>alert(1)</script><!-- \u2028\u2029 & done"}
    raw = embed_json(hostile)
    assert json.loads(raw) == hostile
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in raw


def test_groups_conflicts_first_with_explained_badges(fixture_run):
    out, result, _, claims = fixture_run
    tree = parse(result.path)
    groups = tree.xpath("//section[@id='groups']//article")
    assert len(groups) == result.n_groups_shown == 2
    badges = [text(g.xpath(f".//*[{cls('badge')}]")[0]) for g in groups]
    assert badges == ["conflict", "agree"]
    whys = [text(g.xpath(f".//*[{cls('why')}]")[0]) for g in groups]
    assert whys[0] == "300 \u2260 450 (tanks)"
    assert whys[1].startswith("around 12,000 \u2248 about 12,000")
    for g in groups:
        cards = g.xpath(f".//div[{cls('card')}]")
        assert {text(c.xpath(f".//*[{cls('outlet')}]")[0]) for c in cards} == {PAYLOAD_SOURCE, "Plain Post"}
        # numbers highlighted, their normalised value on hover
        marks = g.xpath(".//blockquote/mark")
        assert marks and all(m.get("title").startswith("value ") for m in marks)
        # every claim links to its place in its article
        for href in g.xpath(".//a[@class='goto']/@href"):
            target = tree.xpath(f"//*[@id='{href[1:]}']")
            assert len(target) == 1 and target[0].getparent().get("class") == "text"
    agree = groups[1]
    assert "value 12,000, approximate" in " ".join(agree.xpath(".//mark/@title"))


def test_articles_show_the_exact_text_with_claims_marked(fixture_run):
    out, result, documents, claims = fixture_run
    tree = parse(result.path)
    articles = tree.xpath("//section[@id='articles']//article")
    ok = documents[documents.status == "ok"].set_index("doc_id")
    assert len(articles) == len(ok) == 2
    for art in articles:
        doc_id = art.get("id")[2:]
        body = art.xpath(f".//div[{cls('text')}]")[0]
        assert text(body) == ok.loc[doc_id, "text"]  # marking never changes the text
        for c in claims[claims.doc_id == doc_id].itertuples():
            pieces = [m for m in body.xpath(f".//span[{cls('m')}]") if c.claim_id in m.get("data-c").split()]
            content = "".join(
                text(m) for m in pieces if "r-content" in m.get("class") or "r-cue" in m.get("class") or "r-speaker" in m.get("class")
            )
            assert c.text in content or content in c.sentence
            if pd.notna(c.speaker_start):
                spk = [text(m) for m in pieces if "r-speaker" in m.get("class")]
                assert ok.loc[doc_id, "text"][int(c.speaker_start) : int(c.speaker_end)] == "".join(spk)
    # the claim's fields (hover, click), once per claim in the page's JSON, entities included
    fields = json.loads(tree.xpath("//script[@id='report-data']")[0].text)["claims"]
    assert {i for m in tree.xpath(f"//span[{cls('m')}]/@data-c") for i in m.split()} == set(fields) == set(claims.claim_id)
    assert any("entities: Vovchansk (GPE)" in t and "number: 450 = value 450" in t for t in fields.values())
    # cues found by their lemma in the sentence: "told" for tell
    cues = {text(m) for m in tree.xpath(f"//span[{cls('r-cue')}]")}
    assert {"told", "said", "added"} <= cues


def test_overview_speakers_and_errors(fixture_run):
    out, result, documents, _ = fixture_run
    tree = parse(result.path)
    overview = tree.xpath("//section[@id='overview']")[0]
    errors = overview.xpath(".//details//tbody/tr")
    assert [[text(td) for td in tr] for tr in errors] == [["empty.txt", "(no outlet)", "empty file"]]
    assert len(overview.xpath(".//svg")) >= 3
    bars = " ".join(overview.xpath(".//svg//title/text()"))
    assert "Plain Post: 4" in bars and f"{PAYLOAD_SOURCE}: 1 ok" in bars
    header = [text(th) for th in tree.xpath("//table[@class='matrix']/thead//th")]
    assert header[0] == "speaker" and set(header[1:-1]) == {PAYLOAD_SOURCE, "Plain Post"}
    rows = {text(tr[0]): [text(td) for td in tr[1:]] for tr in tree.xpath("//table[@class='matrix']/tbody/tr")}
    assert sorted(rows["Anna Kovalenko"][:2]) == ["2", "3"] and rows["Anna Kovalenko"][-1] == "5"


def test_caps_say_what_was_left_out(fixture_run, tmp_path):
    out, _, _, _ = fixture_run
    result = build_report(out, tmp_path / "small.html", max_groups=1, max_articles=1)
    tree = parse(result.path)
    assert result.n_groups_shown == 1 and result.n_articles_shown == 1
    assert len(tree.xpath("//section[@id='groups']//article")) == 1
    assert len(tree.xpath("//section[@id='articles']//article")) == 1
    notes = [text(li) for li in tree.xpath(f"//*[{cls('left-out')}]//li")]
    assert any("1 of 2 groups" in n and "--max-groups" in n for n in notes)
    assert any("1 of 2 articles" in n and "--max-articles" in n for n in notes)
    # the claim whose article is not shown says so instead of linking nowhere
    assert tree.xpath("//span[@class='goto off']")
    for href in tree.xpath("//a[@class='goto']/@href"):
        assert tree.xpath(f"//*[@id='{href[1:]}']")


def test_without_groups_or_claims(fixture_run, tmp_path, nlp):
    """`claims run --no-compare` leaves no claim_groups.parquet; a corpus of bad files has no claims."""
    from pipeline.run import run

    out, _, _, _ = fixture_run
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("documents.parquet", "claims.parquet"):
        shutil.copy(out / name, bare / name)
    tree = parse(build_report(bare).path)
    assert "claims compare DIR" in text(tree.xpath("//section[@id='groups']")[0])
    assert len(tree.xpath("//section[@id='articles']//article")) == 2
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    run(corpus, tmp_path / "none", nlp=nlp, quiet=True)
    result = build_report(tmp_path / "none")
    tree = parse(result.path)
    assert result.n_articles_shown == 0 and "No article was analysed." in text(tree)
    assert [text(td) for td in tree.xpath("//details//tbody/tr/td")] == ["empty.txt", "(no outlet)", "empty file"]


def test_command_line(fixture_run, tmp_path, capsys):
    out, _, _, _ = fixture_run
    target = tmp_path / "r.html"
    assert main(["report", str(out), "--out", str(target), "--max-groups", "5"]) == 0
    assert target.exists() and f"report:    {target}" in capsys.readouterr().out
    assert main(["report", str(tmp_path / "missing")]) == 1
    assert "no documents.parquet" in capsys.readouterr().err


def test_seed_report(seed_run, tmp_path):
    """corpus/: the 12,000 troops group across News.Az and The Kyiv Independent comes first, agreeing."""
    out, documents, claims, _ = seed_run
    result = build_report(out, tmp_path / "seed.html")
    tree = parse(result.path)
    first = tree.xpath("//section[@id='groups']//article")[0]
    assert text(first.xpath(f".//*[{cls('badge')}]")[0]) == "agree"
    assert "12,000 \u2248" in text(first.xpath(f".//*[{cls('why')}]")[0])
    assert {text(o) for o in first.xpath(f".//*[{cls('outlet')}]")} == {"News.Az", "The Kyiv Independent"}
    assert len(tree.xpath("//section[@id='articles']//article")) == 2


def test_number_and_agreement_wording():
    assert (
        describe_number(
            {
                "text": "more than 4,000",
                "value": None,
                "low": 4000.0,
                "high": None,
                "approximate": False,
                "unit": None,
                "counted": "soldiers",
            }
        )
        == "at least 4,000; counts soldiers"
    )
    assert (
        describe_number(
            {"text": "2.5 percent", "value": 2.5, "low": None, "high": None, "approximate": True, "unit": "percent", "counted": None}
        )
        == "value 2.5, approximate, unit percent"
    )
    members = [
        {"outlet": "A", "numbers": [{"text": "around 12,000", "counted": "North Korean troops"}]},
        {"outlet": "B", "numbers": [{"text": "6", "counted": "months"}, {"text": "about 12,000", "counted": "troops"}]},
    ]
    assert explain_agreement("agree", "troops", members) == "around 12,000 \u2248 about 12,000 (troops)"
    assert explain_agreement(None, None, members) == ""


def test_cue_found_by_its_lemma():
    t = 'Kovalenko told reporters: "We moved," she said, according to the AP.'
    assert t[slice(*find_cue(t, 0, len(t), "tell", [], 0))] == "told"
    assert t[slice(*find_cue(t, 0, len(t), "say", [], 40))] == "said"
    assert t[slice(*find_cue(t, 0, len(t), "according to", [], 0))] == "according to"
    assert find_cue(t, 0, len(t), "admit", [], 0) is None


# ---------------------------------------------------------------- in a browser

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120, check=True)


def dump_dom(url: str, profile: Path):
    return lxml.html.fromstring(chromium(["--dump-dom", url], profile).stdout)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium); the browser test needs it")
def test_in_headless_chromium_no_injected_script_runs(fixture_run, tmp_path):
    out, result, _, _ = fixture_run
    url = result.path.resolve().as_uri()
    dom = dump_dom(url, tmp_path / "profile")
    # the page's own script ran (so a payload had the chance to, too) ...
    assert dom.get("data-report-ready") == "1"
    # ... and none of the payloads did: the title is ours, no element was added, none was made from text
    assert dom.xpath("//title")[0].text_content() == "claims report: " + out.name
    assert not dom.xpath("//*[@id='pwned'] | //img | //i[not(ancestor::figcaption)]")
    assert len(dom.xpath("//script")) == 2
    assert any(PAYLOAD_SOURCE == b.text_content() for b in dom.xpath(f"//*[{cls('outlet')}]"))
    # the find box filters groups, speakers and articles (prefilled from ?q=)
    dom = dump_dom(url + "?q=" + urllib.parse.quote("plain post"), tmp_path / "profile")
    shown = lambda sec: [el for el in dom.xpath(f"//*[@data-sec='{sec}']") if el.get("hidden") is None]  # noqa: E731
    assert len(shown("articles")) == 1 and "Plain Post" in shown("articles")[0].text_content()
    assert len(shown("groups")) == 2 and len(dom.xpath("//*[@data-sec='groups']")) == 2
    assert dom.xpath("//output[@id='n-articles']")[0].text_content() == "1 of 2 match"
    # arriving at a claim from its group pins its fields, read from the page's JSON, as text
    quote = next(h for h in dom.xpath("//a[@class='goto']/@href"))
    dom = dump_dom(url + quote, tmp_path / "profile")
    panel = dom.xpath("//aside[@id='panel']")[0]
    assert panel.get("hidden") is None and "claim_id: " + quote[3:] in panel.text_content()
    assert dom.xpath(f"//span[{cls('on')}]") and not dom.xpath("//aside//*[not(self::pre or self::p or self::a or self::button)]")
    payload = next(
        h
        for h in dom.xpath("//a[@class='goto']/@href")
        if "<script>" in dom.xpath(f"//*[@id='{h[1:]}']/following-sibling::span[1]")[0].text_content()
    )
    dom = dump_dom(url + payload, tmp_path / "profile")
    assert "<script>document.title='PWNED'</script>" in dom.xpath("//pre[@id='panel-text']")[0].text_content()
    assert not dom.xpath("//aside//script | //aside//img | //*[@id='pwned']")
    assert dom.xpath("//title")[0].text_content() == "claims report: " + out.name
    # a screenshot, as a reader sees it
    png = tmp_path / "report.png"
    chromium([f"--screenshot={png}", "--window-size=1280,1400", "--hide-scrollbars", url], tmp_path / "profile")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    shot = os.environ.get("CLAIMS_REPORT_SCREENSHOT")
    if shot:  # keep it, e.g. for the docs
        shutil.copyfile(png, shot)
