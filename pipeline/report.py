"""``claims report DIR``: the three tables -> one self-contained HTML page.

Reads ``DIR/documents.parquet``, ``DIR/claims.parquet`` and (when present)
``DIR/claim_groups.parquet`` and writes ``DIR/report.html``: an overview
(documents, claims and speakers per outlet, as inline SVG bars), the claim
groups across outlets (conflicts, then agreements, then the largest), a speaker
x outlet table, and every shown article with its claims marked (content,
speaker and cue in their own colours). One search box filters all of it.

The page fetches nothing: CSS, JS and charts are inline, and a
Content-Security-Policy forbids every network load and every script but the
page's own (by hash). Everything from the corpus (article text, titles,
outlets, speakers, URLs) goes through Jinja2's autoescaping, attributes and
hover text included; the JSON the script reads is escaped for a ``<script>``
element (``<``, ``>``, ``&``, U+2028/9 as ``\\uXXXX``).

Big runs stay usable: the group and article lists are capped (``max_groups``,
``max_articles``; the page says what was left out) and article texts are read
only for the articles shown.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from . import __version__

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Default caps; ``claims report --max-groups/--max-articles`` raise them.
MAX_GROUPS = 200
MAX_ARTICLES = 300
#: Article text in one page, whatever --max-articles says (300 news articles are ~1.5 M).
MAX_ARTICLE_CHARS = 2_000_000
#: Members shown per group, outlets per chart, speakers in the speaker table, ...
MAX_MEMBERS = 24
MAX_OUTLETS = 40
MAX_SPEAKER_OUTLETS = 12
TOP_SPEAKERS = 5
MAX_SPEAKER_ROWS = 300
MAX_SPEAKER_COLUMNS = 15
MAX_ERRORS = 300

KINDS = ("direct", "indirect", "mixed", "reported")
NO_OUTLET = "(no outlet)"

_DOC_COLUMNS = ["doc_id", "path", "source", "title", "url", "published", "status", "error", "n_words", "n_claims"]
_CLAIM_COLUMNS = [
    "claim_id",
    "doc_id",
    "source",
    "published",
    "kind",
    "text",
    "start",
    "end",
    "sentence",
    "speaker",
    "speaker_canonical",
    "speaker_type",
    "speaker_start",
    "speaker_end",
    "cue",
    "hedged",
    "numbers",
    "dates",
    "entities",
    "quote_id",
    "speaker_mention",
    "confidence",
]
_GROUP_COLUMNS = ["group_id", "claim_id", "n_sources", "agreement", "n_claims", "counted"]


@dataclass
class ReportResult:
    path: Path
    bytes: int
    seconds: float
    n_groups: int = 0  # groups of two or more claims
    n_groups_shown: int = 0
    n_articles: int = 0  # ok documents
    n_articles_shown: int = 0
    left_out: list = field(default_factory=list)

    def format(self) -> str:
        size = f"{self.bytes / 1e6:.1f} MB" if self.bytes >= 1e6 else f"{self.bytes / 1e3:.0f} kB"
        return (
            f"report:    {self.path} ({size}; {self.n_groups_shown} of {self.n_groups} groups, "
            f"{self.n_articles_shown} of {self.n_articles} articles shown)"
        )


class ReportError(Exception):
    """The report cannot be written (missing tables, unwritable file)."""


# ---------------------------------------------------------------- helpers


def _str(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return int(value)


def _float(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _list(value) -> list:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def _date(value) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return str(value)[:10] or None


def fmt_number(value: float) -> str:
    """12000.0 -> "12,000"; 0.25 -> "0.25"."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def describe_number(n: dict) -> str:
    """A number's normalised fields in words: "value 12,000, approximate; counts North Korean troops"."""
    value, low, high = _float(n.get("value")), _float(n.get("low")), _float(n.get("high"))
    parts = []
    if value is not None:
        parts.append(f"value {fmt_number(value)}")
    if low is not None and high is not None:
        parts.append(f"between {fmt_number(low)} and {fmt_number(high)}")
    elif low is not None:
        parts.append(f"at least {fmt_number(low)}")
    elif high is not None:
        parts.append(f"at most {fmt_number(high)}")
    if n.get("approximate"):
        parts.append("approximate")
    if _str(n.get("unit")):
        parts.append(f"unit {n['unit']}")
    text = ", ".join(parts) or "no value"
    if _str(n.get("counted")):
        text += f"; counts {n['counted']}"
    return text


def embed_json(data) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, ``<!--``, U+2028/9 can end or break it."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _outlet(value) -> str:
    return _str(value) or NO_OUTLET


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# ------------------------------------------------------------ the tables


def _read(path: Path, wanted: list[str], filters=None) -> pd.DataFrame:
    present = set(pq.read_schema(path).names)
    return pq.read_table(path, columns=[c for c in wanted if c in present], filters=filters).to_pandas()


def _metadata(path: Path) -> dict:
    meta = pq.read_schema(path).metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if not k.startswith(b"ARROW:") and not k.startswith(b"pandas")}


# ------------------------------------------------------------ the charts


def bar_chart(rows: list[dict], series: list[str], width: int = 560, label_width: int = 190, bar: int = 16) -> dict:
    """Horizontal stacked bars as SVG geometry for the template.

    ``rows``: {"label": str, "values": {series: count}}. Geometry only (numbers);
    the labels are escaped by the template.
    """
    top = max((sum(r["values"].values()) for r in rows), default=0) or 1
    span = width - label_width - 60
    out = []
    for k, r in enumerate(rows):
        x, parts = float(label_width), []
        total = sum(r["values"].values())
        for s in series:
            v = r["values"].get(s, 0)
            if not v:
                continue
            w = span * v / top
            parts.append({"x": round(x, 1), "w": round(max(w, 1.0), 1), "cls": s, "title": f"{r['label']}: {v:,} {s}"})
            x += w
        out.append(
            {
                "y": k * (bar + 6),
                "label": _short(r["label"], max(8, label_width // 7)),
                "full": r["label"],
                "parts": parts,
                "total": total,
                "tx": round(x + 4, 1),
            }
        )
    return {"rows": out, "width": width, "height": max(len(rows), 1) * (bar + 6), "bar": bar, "lw": label_width}


# ------------------------------------------------------------ cue position

_IRREGULAR = {
    "say": ("said", "says", "saying", "say"),
    "tell": ("told", "tells", "telling", "tell"),
    "write": ("wrote", "written", "writes", "writing", "write"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "think": ("thought", "thinks", "thinking", "think"),
    "know": ("knew", "known", "knows", "know"),
    "hold": ("held", "holds", "holding", "hold"),
    "feel": ("felt", "feels", "feeling", "feel"),
    "find": ("found", "finds", "finding", "find"),
    "see": ("saw", "seen", "sees", "seeing", "see"),
    "give": ("gave", "given", "gives", "giving"),
    "be": ("is", "was", "were", "are", "been"),
    "have": ("has", "had", "having", "have"),
    "do": ("did", "does", "done", "doing", "do"),
}


def cue_forms(cue: str) -> list[str]:
    """Written forms of a cue lemma: "say" -> said, says, ...; "admit" -> admitted, ...; "according to" as is."""
    words = cue.split()
    head, rest = words[0], " ".join(words[1:])
    if head in _IRREGULAR:
        heads = set(_IRREGULAR[head])
    elif not head.isalpha():
        heads = {head}
    else:
        heads = {head, head + "s", head + "es", head + "ed", head + "d", head + "ing"}
        if head.endswith("e"):
            heads.add(head[:-1] + "ing")
        if head.endswith("y"):
            heads |= {head[:-1] + "ied", head[:-1] + "ies"}
        if len(head) > 2 and head[-1] not in "aeiouwxy" and head[-2] in "aeiou":
            heads |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    return sorted((h + (" " + rest if rest else "") for h in heads), key=len, reverse=True)


def find_cue(text: str, lo: int, hi: int, cue: str | None, avoid: list[tuple[int, int]], anchor: int) -> tuple[int, int] | None:
    """Offsets of the cue word in ``text[lo:hi]`` (the claim's sentence): the
    written form of the lemma nearest to ``anchor`` outside the ``avoid`` spans.
    claims.parquet has no cue offsets; this is the page's best reading."""
    if not cue or hi <= lo:
        return None
    forms = cue_forms(cue)
    word = r"\b" if cue[0].isalnum() else ""
    pattern = re.compile(word + "(?:" + "|".join(re.escape(f) for f in forms) + ")" + (r"\b" if cue[-1].isalnum() else ""), re.IGNORECASE)
    best = None
    for m in pattern.finditer(text, lo, hi):
        s, e = m.span()
        if any(s < b and a < e for a, b in avoid):
            continue
        d = abs(s - anchor)
        if best is None or d < best[0]:
            best = (d, s, e)
    return (best[1], best[2]) if best else None


# ------------------------------------------------------------ claim views


def claim_title(c: dict) -> str:
    """The claim's fields as plain text (hover and the click panel)."""
    kind = c["kind"] or "claim"
    lines = [f"{kind} claim" + (" · hedged" if c.get("hedged") else "")]
    if c["speaker"]:
        spk = c["speaker"]
        if c["speaker_doc"] and c["speaker_doc"] != spk:
            spk += f" (in this article: {c['speaker_doc']})"
        if c["mention"] and c["mention"] not in (c["speaker"], c["speaker_doc"]):
            spk += f', written "{c["mention"]}"'
        lines.append(f"speaker: {spk}" + (f" [{c['speaker_type']}]" if c["speaker_type"] else ""))
    if c["cue"]:
        lines.append(f"cue: {c['cue']}")
    if c["confidence"] is not None:
        lines.append(f"confidence: {c['confidence']:.2f}")
    for n in c["numbers"]:
        lines.append(f"number: {n.get('text')} = {describe_number(n)}")
    if c["entities"]:
        lines.append("entities: " + ", ".join(f"{e.get('text')} ({e.get('label')})" for e in c["entities"]))
    for d in c["dates"]:
        lines.append(
            f"date: {d.get('text')} = {d.get('value') or 'unresolved'}" + (f" ({d['granularity']})" if _str(d.get("granularity")) else "")
        )
    lines.append(f"outlet: {c['outlet']}" + (f", {c['date']}" if c["date"] else ""))
    if c.get("group"):
        g = c["group"]
        lines.append(f"group: {g['n_claims']} claims, {g['n_sources']} outlets" + (f", {g['agreement']}" if g["agreement"] else ""))
    lines.append(f"claim_id: {c['id']}")
    return "\n".join(lines)


def _number_pieces(text: str, numbers: list[dict]) -> list[dict]:
    """The claim text cut into plain pieces and number pieces (numbers carry no
    offsets: each is found after the previous one)."""
    pieces, at = [], 0
    for n in numbers:
        t = _str(n.get("text"))
        if not t:
            continue
        k = text.find(t, at)
        if k < 0:
            continue
        if k > at:
            pieces.append({"text": text[at:k], "num": None})
        pieces.append({"text": t, "num": describe_number(n)})
        at = k + len(t)
    if at < len(text):
        pieces.append({"text": text[at:], "num": None})
    return pieces


def _claim_view(row, groups_by_claim: dict) -> dict:
    numbers = [dict(n) for n in _list(row.get("numbers"))]
    c = {
        "id": row["claim_id"],
        "doc_id": row["doc_id"],
        "outlet": _outlet(row.get("source")),
        "date": _date(row.get("published")),
        "kind": _str(row.get("kind")),
        "text": _str(row.get("text")) or "",
        "speaker": _str(row.get("speaker_canonical")) or _str(row.get("speaker")),
        "speaker_doc": _str(row.get("speaker")),
        "speaker_type": _str(row.get("speaker_type")),
        "mention": _str(row.get("speaker_mention")),
        "cue": _str(row.get("cue")),
        "hedged": bool(row.get("hedged")) if row.get("hedged") is not None else False,
        "confidence": _float(row.get("confidence")),
        "numbers": numbers,
        "dates": [dict(d) for d in _list(row.get("dates"))],
        "entities": [dict(e) for e in _list(row.get("entities"))],
        "group": groups_by_claim.get(row["claim_id"]),
    }
    c["pieces"] = _number_pieces(c["text"], numbers)
    c["title"] = claim_title(c)
    return c


def explain_agreement(agreement: str | None, counted: str | None, members: list[dict]) -> str:
    """ "around 12,000 ≈ about 12,000 (North Korean troops)": the numbers the verdict compares."""
    if not agreement:
        return ""
    head = (counted or "").lower().split()[-1:] if counted else []
    seen, texts = set(), []
    for m in members:
        nums = [n for n in m["numbers"] if _str(n.get("text"))]
        match = [n for n in nums if head and _str(n.get("counted")) and head[0] in n["counted"].lower()]
        match = match or [n for n in nums if _str(n.get("counted"))] or nums
        for n in match[:1]:
            key = (m["outlet"], n["text"])
            if key not in seen:
                seen.add(key)
                texts.append(n["text"])
    sign = " \u2248 " if agreement == "agree" else " \u2260 "
    why = sign.join(texts[:6])
    if counted:
        why += f" ({counted})"
    return why


# ------------------------------------------------------------ articles


def article_segments(text: str, claims: list[dict], rows: list[dict]) -> list[dict]:
    """``text`` cut at every mark boundary: pieces with the marks covering them.

    Marks: each claim's content (start/end), speaker mention
    (speaker_start/end) and cue (found in its sentence). A piece covered by
    several marks shows the narrowest (a speaker inside another claim's content
    is still a speaker); it carries every covering claim's id (the claims'
    fields are in the page's JSON once, shown on hover and click by its script).
    """
    marks = []  # (start, end, role, claim view)
    for c, r in zip(claims, rows):
        s, e = _int(r.get("start")), _int(r.get("end"))
        if s is None or e is None or not (0 <= s < e <= len(text)):
            continue
        marks.append((s, e, "content", c))
        avoid = [(s, e)]
        ss, se = _int(r.get("speaker_start")), _int(r.get("speaker_end"))
        anchor = s
        if ss is not None and se is not None and 0 <= ss < se <= len(text):
            marks.append((ss, se, "speaker", c))
            avoid.append((ss, se))
            anchor = ss
        sentence = _str(r.get("sentence"))
        lo, hi = max(0, s - 300), min(len(text), e + 300)
        if sentence:
            k = text.find(sentence, max(0, s - len(sentence)))
            if 0 <= k <= s:
                lo, hi = k, k + len(sentence)
        cue = find_cue(text, lo, hi, c["cue"], avoid, anchor)
        if cue:
            marks.append((cue[0], cue[1], "cue", c))
    bounds = sorted({0, len(text)} | {m[0] for m in marks} | {m[1] for m in marks})
    starts = defaultdict(list)
    for m in marks:
        if m[2] == "content":
            starts[m[0]].append(m[3]["id"])
    segments = []
    active_sorted = sorted(marks, key=lambda m: m[0])
    k = 0
    live: list = []
    for a, b in zip(bounds, bounds[1:]):
        while k < len(active_sorted) and active_sorted[k][0] <= a:
            live.append(active_sorted[k])
            k += 1
        live = [m for m in live if m[1] > a]
        covering = [m for m in live if m[0] <= a and m[1] >= b]
        seg = {"text": text[a:b], "anchors": starts.get(a, []), "role": None}
        if covering:
            top = min(covering, key=lambda m: (m[1] - m[0], m[2] != "speaker"))
            ids, groups = [], []
            for m in sorted(covering, key=lambda m: m[1] - m[0]):
                c = m[3]
                if c["id"] not in ids:
                    ids.append(c["id"])
                    if c["group"] and c["group"]["shown"]:
                        groups.append(c["group"]["id"])
            seg.update(
                role=top[2],
                kind=top[3]["kind"] or "",
                ids=" ".join(ids),
                groups=" ".join(dict.fromkeys(groups)),
                last=(top[1] == b) and top[2] == "content",
            )
        segments.append(seg)
    return segments


# ------------------------------------------------------------ the page


def build_report(
    out_dir: str | Path,
    out_file: str | Path | None = None,
    max_groups: int | None = None,
    max_articles: int | None = None,
) -> ReportResult:
    """Write the report page for the run in ``out_dir``; return where and how big.

    ``max_groups``/``max_articles`` (None: MAX_GROUPS, MAX_ARTICLES) cap the lists."""
    max_groups = MAX_GROUPS if max_groups is None else max(0, max_groups)
    max_articles = MAX_ARTICLES if max_articles is None else max(0, max_articles)
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_file = Path(out_file) if out_file else out_dir / "report.html"
    docs_path, claims_path, groups_path = (out_dir / n for n in ("documents.parquet", "claims.parquet", "claim_groups.parquet"))
    for p in (docs_path, claims_path):
        if not p.exists():
            raise ReportError(f"no {p.name} in {out_dir} (run `claims run CORPUS --out {out_dir}` first)")

    docs = _read(docs_path, _DOC_COLUMNS)
    claims = _read(claims_path, _CLAIM_COLUMNS)
    groups = _read(groups_path, _GROUP_COLUMNS) if groups_path.exists() else None
    meta = _metadata(claims_path)
    left_out: list[str] = []

    docs["outlet"] = docs["source"].map(_outlet) if "source" in docs else NO_OUTLET
    claims["outlet"] = claims["source"].map(_outlet)
    claims["who"] = (
        claims["speaker_canonical"].where(claims["speaker_canonical"].map(bool, na_action="ignore").fillna(False), claims["speaker"])
        if "speaker_canonical" in claims
        else claims["speaker"]
    )
    ok = docs[docs["status"] == "ok"]

    # ---- overview
    doc_counts = docs.groupby(["outlet", "status"]).size().unstack(fill_value=0)
    claim_counts = claims.groupby(["outlet", "kind"]).size().unstack(fill_value=0)
    outlets = sorted(
        set(doc_counts.index),
        key=lambda o: (-int(claim_counts.loc[o].sum()) if o in claim_counts.index else 0, -int(doc_counts.loc[o].sum()), o),
    )
    shown_outlets = outlets[:MAX_OUTLETS]
    if len(outlets) > MAX_OUTLETS:
        left_out.append(
            f"the charts show the {MAX_OUTLETS} outlets with most claims of {len(outlets):,}; the others are summed as \u201cother outlets\u201d"
        )

    def rows_for(table, series):
        rows = []
        for o in shown_outlets:
            vals = {s: int(table.loc[o].get(s, 0)) if o in table.index else 0 for s in series}
            rows.append({"label": o, "values": vals})
        rest = [o for o in outlets[MAX_OUTLETS:] if o in table.index]
        if rest:
            rows.append(
                {
                    "label": f"other outlets ({len(outlets) - MAX_OUTLETS:,})",
                    "values": {s: int(table.loc[rest].get(s, pd.Series(dtype=int)).sum()) for s in series},
                }
            )
        return rows

    docs_chart = bar_chart(rows_for(doc_counts, ["ok", "error"]), ["ok", "error"])
    claims_chart = bar_chart(rows_for(claim_counts, list(KINDS)), list(KINDS))
    errors = docs[docs["status"] != "ok"]
    error_rows = [
        {"path": r["path"], "outlet": r["outlet"], "error": _str(r.get("error")) or "(no reason recorded)"}
        for r in errors.head(MAX_ERRORS).to_dict("records")
    ]
    if len(errors) > MAX_ERRORS:
        left_out.append(f"{len(errors) - MAX_ERRORS:,} more error rows (see documents.parquet)")

    quoted = claims[(claims["kind"] != "reported") & claims["who"].notna()]
    speaker_outlets = []
    per_outlet = quoted.groupby(["outlet", "who"]).size()
    for o in [o for o in outlets if o in per_outlet.index.get_level_values(0)][:MAX_SPEAKER_OUTLETS]:
        top = per_outlet.loc[o].sort_values(ascending=False, kind="stable").head(TOP_SPEAKERS)
        top = top.sort_index(key=lambda s: s.map(str)).sort_values(ascending=False, kind="stable")
        speaker_outlets.append(
            {
                "outlet": o,
                "chart": bar_chart(
                    [{"label": name, "values": {"speaker": int(n)}} for name, n in top.items()],
                    ["speaker"],
                    width=420,
                    label_width=170,
                    bar=12,
                ),
            }
        )

    # ---- groups
    group_views, n_groups = [], 0
    groups_by_claim: dict[str, dict] = {}  # claim_id -> its group's info (groups of two or more)
    if groups is not None and len(groups):
        groups = groups[groups["claim_id"].isin(set(claims["claim_id"]))]
        size = groups.groupby("group_id")["claim_id"].transform("size")
        groups = groups.assign(n_claims=size)
        per = groups.drop_duplicates("group_id")
        per = per[per["n_claims"] >= 2].copy()
        n_groups = len(per)
        rank = {"conflict": 0, "agree": 1}
        per["cross"] = per["n_sources"] >= 2
        per["rank"] = per["agreement"].map(lambda a: rank.get(a, 2))
        per = per.sort_values(["cross", "rank", "n_sources", "n_claims", "group_id"], ascending=[False, True, False, False, True])
        chosen = per.head(max_groups)
        if n_groups > max_groups:
            left_out.append(f"{n_groups - max_groups:,} of {n_groups:,} groups (raise with --max-groups)")
        shown_ids = set(chosen["group_id"])
        info = {
            r["group_id"]: {
                "id": r["group_id"],
                "n_claims": int(r["n_claims"]),
                "n_sources": int(r["n_sources"]),
                "agreement": _str(r["agreement"]),
                "shown": r["group_id"] in shown_ids,
            }
            for r in per.to_dict("records")
        }
        groups_by_claim = {cid: info[gid] for cid, gid in zip(groups["claim_id"].tolist(), groups["group_id"].tolist()) if gid in info}
        members = groups[groups["group_id"].isin(shown_ids)]
        claim_rows = {r["claim_id"]: r for r in claims[claims["claim_id"].isin(set(members["claim_id"]))].to_dict("records")}
        by_group = members.groupby("group_id")["claim_id"].apply(list).to_dict()
        for r in chosen.to_dict("records"):
            ids = by_group[r["group_id"]]
            views = [_claim_view(claim_rows[cid], groups_by_claim) for cid in ids]
            views.sort(key=lambda c: (c["outlet"], c["date"] or "", c["doc_id"]))
            counted = _str(r.get("counted"))
            group_views.append(
                {
                    "id": r["group_id"],
                    "n_claims": int(r["n_claims"]),
                    "n_sources": int(r["n_sources"]),
                    "agreement": _str(r["agreement"]),
                    "counted": counted,
                    "why": explain_agreement(_str(r["agreement"]), counted, views),
                    "outlets": sorted({v["outlet"] for v in views}),
                    "members": views[:MAX_MEMBERS],
                    "more": max(0, len(views) - MAX_MEMBERS),
                }
            )

    # ---- speakers x outlets
    speaker_table = None
    if len(quoted):
        cross = quoted.groupby(["who", "outlet"]).size()
        totals = cross.groupby(level=0).sum().sort_values(ascending=False, kind="stable")
        col_totals = cross.groupby(level=1).sum().sort_values(ascending=False, kind="stable")
        cols = list(col_totals.index[:MAX_SPEAKER_COLUMNS])
        names = list(totals.index[:MAX_SPEAKER_ROWS])
        other_cols = len(col_totals) > len(cols)
        by_speaker: dict = defaultdict(dict)  # name -> {outlet: claims}; .loc per name is slow
        for (name, outlet), n in cross.items():
            by_speaker[name][outlet] = int(n)
        rows = []
        for name in names:
            counts = by_speaker[name]
            cells = [counts.get(o, 0) for o in cols]
            total = sum(counts.values())
            rows.append(
                {
                    "name": name,
                    "cells": cells,
                    "other": total - sum(cells),
                    "total": total,
                    "outlets": " ".join(counts),
                }
            )
        peak = max((c for r in rows for c in r["cells"]), default=1) or 1
        for r in rows:
            r["levels"] = [0 if not c else 1 + min(4, int(4 * c / peak)) for c in r["cells"]]
        speaker_table = {"cols": cols, "rows": rows, "other": other_cols, "n": len(totals)}
        if len(totals) > len(names):
            left_out.append(f"{len(totals) - len(names):,} of {len(totals):,} speakers in the speaker table (the least quoted)")
        if other_cols:
            left_out.append(f"{len(col_totals) - len(cols):,} outlets summed in the speaker table's \u201cother\u201d column")

    # ---- articles: those of the shown groups first, then those with most claims
    wanted: list[str] = []
    seen: set = set()
    for g in group_views:
        for m in g["members"]:
            if m["doc_id"] not in seen:
                seen.add(m["doc_id"])
                wanted.append(m["doc_id"])
    rest = ok[~ok["doc_id"].isin(seen)]
    if "n_claims" in rest:
        rest = rest.sort_values(["n_claims", "path"], ascending=[False, True], kind="stable")
    wanted += list(rest["doc_id"])
    chosen_docs = wanted[:max_articles]
    article_views, fields = [], {}
    if chosen_docs:
        texts = _read(docs_path, ["doc_id", "text"], filters=[("doc_id", "in", chosen_docs)])
        text_of = dict(zip(texts["doc_id"], texts["text"]))
        budget, kept = MAX_ARTICLE_CHARS, []
        for d in chosen_docs:  # a few huge articles must not make a huge page
            size = len(_str(text_of.get(d)) or "")
            if kept and size > budget:
                break
            kept.append(d)
            budget -= size
        chosen_docs = kept
        doc_rows = {r["doc_id"]: r for r in ok.to_dict("records")}
        doc_claims = claims[claims["doc_id"].isin(set(chosen_docs))].sort_values(["doc_id", "start"])
        claims_of = defaultdict(list)
        for row in doc_claims.to_dict("records"):
            claims_of[row["doc_id"]].append(row)
        for d in chosen_docs:
            r = doc_rows[d]
            text = _str(text_of.get(d)) or ""
            rows = claims_of.get(d, [])
            views = [_claim_view(row, groups_by_claim) for row in rows]
            fields.update((v["id"], v["title"]) for v in views)
            url = _str(r.get("url"))
            article_views.append(
                {
                    "id": d,
                    "title": _str(r.get("title")) or r["path"],
                    "path": r["path"],
                    "outlet": r["outlet"],
                    "date": _date(r.get("published")),
                    "url": url if url and re.match(r"https?://", url, re.I) else None,
                    "url_text": url,
                    "n_claims": len(views),
                    "n_words": _int(r.get("n_words")),
                    "kinds": Counter(v["kind"] for v in views),
                    "speakers": ", ".join(n for n, _ in Counter(v["speaker"] for v in views if v["speaker"]).most_common(6)),
                    "segments": article_segments(text, views, rows),
                }
            )
        article_views.sort(key=lambda a: (a["outlet"], a["date"] or "", a["title"]))
    if len(ok) > len(chosen_docs):
        left_out.append(
            f"{len(ok) - len(chosen_docs):,} of {len(ok):,} articles (raise with --max-articles; at most "
            f"{MAX_ARTICLE_CHARS:,} characters of article text in all); articles of the shown groups come "
            "first, then those with most claims"
        )
    shown_docs = set(chosen_docs)
    for g in group_views:
        for m in g["members"]:
            m["linked"] = m["doc_id"] in shown_docs

    # ---- render
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    kinds_total = Counter(claims["kind"])
    data = {
        "dir": out_dir.name or str(out_dir),
        "outlets": outlets[:MAX_OUTLETS],
        "counts": {
            "groups": len(group_views),
            "speakers": len(speaker_table["rows"]) if speaker_table else 0,
            "articles": len(article_views),
        },
        "claims": fields,  # claim_id -> its fields as text, for the marks in the articles
    }
    page = env.get_template("report.html.j2").render(
        title=f"claims report: {out_dir.resolve().name}",
        generated=dt.datetime.now().replace(microsecond=0).isoformat(sep=" "),
        version=__version__,
        meta=meta,
        script=script,
        style=style,
        script_hash=script_hash,
        data_json=embed_json(data),
        n_docs=len(docs),
        n_ok=len(ok),
        n_error=len(errors),
        n_claims=len(claims),
        n_outlets=len(outlets),
        kinds=KINDS,
        kinds_total=kinds_total,
        n_words=int(docs["n_words"].fillna(0).sum()) if "n_words" in docs else 0,
        docs_chart=docs_chart,
        claims_chart=claims_chart,
        errors=error_rows,
        n_errors=len(errors),
        speaker_outlets=speaker_outlets,
        groups=group_views,
        n_groups=n_groups,
        has_groups=groups is not None,
        speaker_table=speaker_table,
        articles=article_views,
        n_articles=len(ok),
        left_out=left_out,
        max_groups=max_groups,
        max_articles=max_articles,
    )
    out_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_file.with_name(out_file.name + ".partial")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out_file)
    except OSError as exc:
        raise ReportError(f"cannot write {out_file}: {exc.strerror or exc}") from exc
    return ReportResult(
        path=out_file,
        bytes=out_file.stat().st_size,
        seconds=time.perf_counter() - t0,
        n_groups=n_groups,
        n_groups_shown=len(group_views),
        n_articles=len(ok),
        n_articles_shown=len(article_views),
        left_out=left_out,
    )


__all__ = ["ReportError", "ReportResult", "build_report", "describe_number", "embed_json", "explain_agreement"]
