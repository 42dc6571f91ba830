"""Stage 1a: article files -> documents.

Reads every article under a corpus folder (``.txt``, ``.html``/``.htm``,
``.json``, ``.jsonl``, recursively), with sidecar metadata, decodes text of any
encoding (charset-normalizer), reduces HTML to the article text (trafilatura,
which fetches nothing when handed a string) and strips page furniture. A file
that cannot be read becomes a document with ``status="error"`` and a readable
reason: nothing is lost and nothing stops the batch.

Work is described by :class:`Task` (a file, or a range of lines of a ``.jsonl``
file) so that a batch of tasks can be processed anywhere: in this process, in
a worker process, or on a Dask worker.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from .. import MODELS_DIR

log = logging.getLogger("claims")

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}
SIDECAR_FOR = {".txt", ".html", ".htm"}

#: Largest input file read at all, and largest text handed to spaCy. Larger
#: inputs are error rows (spaCy's own default ``max_length`` is 1,000,000).
MAX_FILE_BYTES = 50_000_000
MAX_TEXT_CHARS = 1_000_000

#: Lines of a ``.jsonl`` file per task, so that one huge file spreads over workers.
JSONL_LINES_PER_TASK = 200

#: Metadata keys read from sidecars and records; ``meta`` is searched too, with
#: the aliases common in news datasets (PolNeAR uses publisher/publication_date).
META_ALIASES = {
    "source": ("source", "publisher", "outlet", "sitename", "site_name"),
    "published": ("published", "publication_date", "date", "published_at", "pub_date"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
}

# Page furniture (share widgets, font-size controls, datelines) copied along
# with article text. A line is furniture when nothing is left of it once these
# are removed. Kept as data in models/boilerplate.json.
_BOILERPLATE_FILE = MODELS_DIR / "boilerplate.json"


def _load_boilerplate() -> tuple[re.Pattern, re.Pattern]:
    spec = json.loads(_BOILERPLATE_FILE.read_text(encoding="utf-8"))
    dateline = re.compile(spec["dateline"], re.IGNORECASE)
    furniture = re.compile("|".join(f"(?:{p})" for p in spec["furniture_tokens"]), re.IGNORECASE)
    return dateline, furniture


DATELINE_RE, FURNITURE_RE = _load_boilerplate()


@dataclass(frozen=True)
class Task:
    """One unit of input: a file, or lines ``[first_line, last_line]`` (1-based) of a ``.jsonl``."""

    root: str
    relpath: str
    first_line: int | None = None
    last_line: int | None = None


@dataclass
class Document:
    doc_id: str
    path: str
    status: str = "ok"
    error: str | None = None
    text: str | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    encoding: str | None = None
    language: str | None = None
    warning: str | None = None
    extra: dict = field(default_factory=dict)

    def as_error(self, reason: str) -> "Document":
        return replace(self, status="error", error=reason, text=None)


class InputError(Exception):
    """An input that cannot be analysed; its message is the reason users read."""


# --------------------------------------------------------------------------- ids


def stable_id(*parts: bytes | str, prefix: str = "", length: int = 16) -> str:
    """A short hex digest of ``parts``: the same content gives the same id everywhere."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x1f")
    return prefix + h.hexdigest()[:length]


# ------------------------------------------------------------------- discovery


def discover(corpus: str | Path) -> list[Task]:
    """Every article task under ``corpus``, in a stable order.

    Sidecars (``NAME.json`` beside ``NAME.txt``/``NAME.html``) are metadata,
    not articles. A ``.jsonl`` file is split into line ranges. Symbolic links
    are listed as they stand: a link to a file is a task (``read_task`` refuses
    it if it leads outside the corpus), a link to a folder outside the corpus
    is a task that becomes an error row, and a link to a folder inside it is
    skipped, since its files are reached by their own path.
    """
    root = Path(corpus)
    if root.is_file():
        files, root = [root], root.parent
    else:
        files = sorted(_article_files(root))
    stems = {(p.parent, p.stem) for p in files if p.suffix.lower() in SIDECAR_FOR}
    tasks: list[Task] = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".json" and (path.parent, path.stem) in stems:
            continue
        if suffix == ".jsonl" and inside(path, root):
            n = _count_lines(path)
            for first in range(1, max(n, 1) + 1, JSONL_LINES_PER_TASK):
                tasks.append(Task(str(root), rel, first, min(first + JSONL_LINES_PER_TASK - 1, max(n, 1))))
        else:
            tasks.append(Task(str(root), rel))
    return tasks


def _article_files(root: Path) -> Iterator[Path]:
    """Article files under ``root``, walking real folders only (no link loops)."""
    for folder, subfolders, names in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in subfolders:
            link = base / name
            if link.is_symlink() and not inside(link, root):
                yield link  # an error row: "links outside the corpus"
        for name in names:
            path = base / name
            if path.suffix.lower() in ARTICLE_SUFFIXES and (path.is_file() or path.is_symlink()):
                yield path


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, lies under ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop or an unreadable link
        return False


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(1 for _ in fh)
    except OSError:
        return 1  # read_task reports the error


# --------------------------------------------------------------------- reading


def read_task(task: Task) -> Iterator[Document]:
    """The documents of one task; every failure is a document with ``status="error"``."""
    path = Path(task.root) / task.relpath
    suffix = path.suffix.lower()
    if not inside(path, Path(task.root)):
        # never read outside CORPUS: a shared folder must not expose the machine's files
        reason = f"links outside the corpus: {task.relpath} is a symbolic link to a path outside CORPUS (not read)"
        yield Document(doc_id=stable_id(task.relpath, reason, prefix="e"), path=task.relpath).as_error(reason)
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, task)
        return
    try:
        data = _read_bytes(path)
        sidecar, sidecar_bytes = _read_sidecar(path, Path(task.root)) if suffix in SIDECAR_FOR else ({}, b"")
        doc_id = stable_id(data, sidecar_bytes, prefix="d")
    except InputError as exc:
        yield Document(doc_id=stable_id(task.relpath, str(exc), prefix="e"), path=task.relpath).as_error(str(exc))
        return
    doc = Document(doc_id=doc_id, path=task.relpath)
    try:
        if suffix == ".json":
            record = _parse_json(data)
            yield _from_record(doc, record)
        else:
            text, encoding = decode_bytes(data)
            doc.encoding = encoding
            meta = {}
            if suffix in (".html", ".htm"):
                text, meta = html_to_text(text)
            yield _finish(doc, text, {**meta, **_pick_meta(sidecar)})
    except InputError as exc:
        yield Document(doc_id=stable_id(data, task.relpath, prefix="e"), path=task.relpath).as_error(str(exc))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,})")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"unreadable file: {exc.strerror or exc}") from exc


def _read_sidecar(path: Path, root: Path) -> tuple[dict, bytes]:
    side = path.with_suffix(".json")
    if not side.exists():
        return {}, b""
    if not inside(side, root):
        raise InputError(f"links outside the corpus: sidecar {side.name} is a symbolic link to a path outside CORPUS (not read)")
    data = _read_bytes(side)
    try:
        meta = json.loads(decode_bytes(data)[0])
    except (json.JSONDecodeError, InputError) as exc:
        raise InputError(f"malformed sidecar {side.name}: {exc}") from exc
    if not isinstance(meta, dict):
        raise InputError(f"malformed sidecar {side.name}: expected a JSON object")
    return meta, data


def _read_jsonl(path: Path, task: Task) -> Iterator[Document]:
    first, last = task.first_line or 1, task.last_line or 1
    try:
        fh = path.open("rb")
    except OSError as exc:
        reason = f"unreadable file: {exc.strerror or exc}"
        yield Document(doc_id=stable_id(task.relpath, reason, prefix="e"), path=task.relpath).as_error(reason)
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno < first:
                continue
            if lineno > last:
                break
            rel = f"{task.relpath}#{lineno}"
            if not raw.strip():
                continue  # blank lines separate nothing and are not articles
            doc = Document(doc_id=stable_id(raw.strip(), prefix="d"), path=rel)
            try:
                if len(raw) > MAX_FILE_BYTES:
                    raise InputError(f"line too large: {len(raw):,} bytes")
                yield _from_record(doc, _parse_json(raw))
            except InputError as exc:
                yield Document(doc_id=stable_id(raw, rel, prefix="e"), path=rel).as_error(str(exc))


def _parse_json(data: bytes) -> dict:
    text, _ = decode_bytes(data)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise InputError(f"malformed JSON: expected an object, got {type(record).__name__}")
    return record


def _from_record(doc: Document, record: dict) -> Document:
    meta = _pick_meta(record)
    if isinstance(record.get("text"), str) and record["text"].strip():
        text = record["text"]
    elif isinstance(record.get("html"), str) and record["html"].strip():
        text, html_meta = html_to_text(record["html"])
        meta = {**html_meta, **meta}
    else:
        raise InputError("JSON record has no non-empty 'text' or 'html' field")
    doc.encoding = "utf-8"
    doc.extra = {"id": record.get("id")} if record.get("id") is not None else {}
    return _finish(doc, text, meta)


def _pick_meta(record: dict) -> dict:
    nested = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    out = {}
    for key, aliases in META_ALIASES.items():
        for holder in (record, nested):
            value = next((holder[a] for a in aliases if holder.get(a) not in (None, "")), None)
            if value is not None:
                out[key] = str(value)
                break
    return out


def _finish(doc: Document, text: str, meta: dict) -> Document:
    doc.source, doc.title, doc.url = meta.get("source"), meta.get("title"), meta.get("url")
    if meta.get("published"):
        doc.published = parse_iso_date(meta["published"])
        if doc.published is None:
            # the article is still read; its date is inferred from the text
            doc.warning = f"unreadable 'published' in metadata: {meta['published']!r} (ignored)"
            log.warning("%s: %s", doc.path, doc.warning)
        else:
            doc.published_from = "metadata"
    text, dateline = clean_text(text, source=doc.source)
    if not text.strip():
        raise InputError("empty: no article text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text too large: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})")
    if doc.published is None and dateline is not None:
        doc.published, doc.published_from = dateline, "text"
    doc.language = detect_language(text)
    doc.text = text
    if doc.language not in (None, "en"):
        return doc.as_error(f"language {doc.language}: only English is read")
    return doc


#: A language other than English is reported only when the identifier is this sure.
LANGUAGE_MIN_CONFIDENCE = 0.95
#: Characters of an article the language is judged on (the start suffices, and is fast).
LANGUAGE_SAMPLE_CHARS = 5000


#: Frequent English words that are not words of other Latin-script languages
#: ("was", "to", "for", "of", "is" are: German, Polish, Danish, Dutch).
ENGLISH_MARKER_WORDS = frozenset(
    "the and that with said which this from they were have has been would their there about after who will".split()
)
#: English news has 8-20% of its words in that list; 25 other languages' spaCy
#: example sentences have none. At 5% of 40 words or more a text is English.
ENGLISH_MARKER_SHARE = 0.05
ENGLISH_MARKER_MIN_WORDS = 40


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the identifier is unsure.

    Plain English prose is recognised by its function words (a stopword-share
    test), so that an English corpus never pays for loading the identifier
    (0.5 s per process). Anything else goes to py3langid (a maintained fork of
    langid.py, Lui and Baldwin 2012: naive Bayes over byte n-grams, 97
    languages) with probabilities normalised; short or name-only texts ("Kyiv,
    Kursk") come out unsure and are read as English.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) >= ENGLISH_MARKER_MIN_WORDS and sum(w in ENGLISH_MARKER_WORDS for w in words) >= ENGLISH_MARKER_SHARE * len(words):
        return "en"
    language, confidence = _language_identifier().classify(sample)
    return language if confidence >= LANGUAGE_MIN_CONFIDENCE else None


@functools.cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def parse_iso_date(value: str) -> dt.date | None:
    """An ISO date or date-time string as a date; None when it is not one."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None


# ------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Bytes of any encoding -> (text, encoding name).

    UTF-8 (with or without BOM) is tried first because it is strict: bytes that
    decode as UTF-8 almost always are. Text that is UTF-8 but for a few bad
    bytes stays UTF-8, with U+FFFD at the bad bytes only. Anything else goes to
    charset-normalizer, except that Windows-1252 wins whenever it reads about
    as cleanly as the best guess (the WHATWG default for Western text, as in
    browsers): short Western texts fit several code pages equally well.
    Binary content (NUL bytes outside UTF-16, mostly control characters) is an
    error rather than a guess.
    """
    if not data.strip():
        raise InputError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired, "utf-8 (invalid bytes replaced)"
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    if best is None:
        raise InputError("undecodable bytes: no text encoding fits")
    text, encoding = str(best), best.encoding
    if encoding != "cp1252":
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and mess_ratio(western, 1.0) <= best.chaos + CP1252_MESS_MARGIN:
            text, encoding = western, "cp1252"
    if _control_ratio(text) > 0.05:
        raise InputError(f"binary file (decodes as {encoding} only to control characters), not text")
    return text, encoding


#: How much messier than charset-normalizer's best guess Windows-1252 may read
#: and still be chosen (mess ratio; Cyrillic or Polish text read as cp1252 scores 1.0+).
CP1252_MESS_MARGIN = 0.05

# A well-formed UTF-8 sequence of two to four bytes (RFC 3629, table 3-7 of Unicode).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with U+FFFD at the bad bytes, if it is UTF-8 but for a few of them.

    It is when it holds well-formed multi-byte sequences (two, or one and no
    more bad runs than that) and the bad runs are under 2 % of the bytes. Text
    in a single-byte code page makes almost none: cp1252 "é" is one byte, and
    a lead byte (Â-ß) followed by a continuation byte (€-¿) is rare in prose.
    """
    text = data.decode("utf-8", errors="replace")
    bad_runs = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(_UTF8_MULTIBYTE.findall(data))
    if (good >= 2 or good >= bad_runs) and good and bad_runs <= 0.02 * len(data):
        return text.lstrip("\ufeff")
    return None


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad / max(len(sample), 1)


def html_to_text(html: str) -> tuple[str, dict]:
    """The article text and metadata of an HTML page (trafilatura; nothing is fetched)."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if result is None or not (result.text or "").strip():
        raise InputError("HTML page holds no extractable article text")
    meta = {
        "title": result.title,
        "url": result.url,
        "source": result.sitename,
        "published": result.date,
    }
    return result.text, {k: v for k, v in meta.items() if v}


# ---------------------------------------------------------------- furniture


def clean_text(text: str, source: str | None = None) -> tuple[str, dt.date | None]:
    """Article text without page furniture, and a dateline date found in it.

    Removes lines at the start and end of the text that are nothing but
    widgets and datelines ("date 2025-02-06 + ↺ − 16 px"), a closing line that
    only repeats the outlet's name ("News.Az"), and runs of blank lines.
    Paragraph breaks are kept (a blank line between paragraphs stays one).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    dateline: dt.date | None = None

    def is_furniture(line: str) -> bool:
        nonlocal dateline
        stripped = line.strip()
        if not stripped:
            return True
        m = DATELINE_RE.search(stripped)
        rest = stripped
        if m:
            dateline = dateline or parse_iso_date(m.group("date"))
            rest = stripped[: m.start()] + " " + stripped[m.end() :]
        return not FURNITURE_RE.sub(" ", rest).strip()

    while lines and is_furniture(lines[0]):
        lines.pop(0)
    while lines and (is_furniture(lines[-1]) or _is_signature(lines[-1], source)):
        lines.pop()
    cleaned = re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", "\n".join(lines))
    return cleaned.strip(), dateline


def _is_signature(line: str, source: str | None) -> bool:
    """A closing line holding only the outlet's name or domain ("News.Az")."""
    stripped = line.strip().strip(".")
    if not stripped or len(stripped) > 40:
        return False
    if source and stripped.casefold() == source.strip().strip(".").casefold():
        return True
    return bool(re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z]{2,})+", stripped))
