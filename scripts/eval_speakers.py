"""Speaker names on gold quotes whose speaker is a named person (issue 16's measure).

    .venv/bin/python scripts/eval_speakers.py models/labels/unseen_news.jsonl [--split heldout] [--json OUT]

Writes the gold articles as one .jsonl corpus in a temporary folder, runs `claims run`
on it (the real command, so `speaker` is filled exactly as in claims.parquet: pronouns
and role nouns resolved, fullest name in the document), then matches predicted claims
(kind direct/indirect/mixed, pieces of one quotation merged) to gold quotes by content
overlap F1 >= 0.5, one-to-one, best first, with the functions of pipeline/evaluate.py.

Reported:
  - found: gold quotes matched by a claim of any kind (all quotes, and person-named ones);
  - speaker right: among matched gold quotes whose `speaker_type` is person with a
    non-null `speaker_canonical`, the predicted `speaker` names the same person: after
    lower-casing and dropping accents and punctuation, the canonical surname (last word)
    is one of the predicted words (or differs by a letter or so, as the source spells
    names two ways), or the predicted words are all words of the canonical
    name (e.g. "Mary" for "Mary Munk");
  - every wrong or missing speaker on those quotes, with a class guessed from its form
    (to be read and corrected by hand).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.evaluate import gold_items, match, predicted_items  # noqa: E402

TITLES = {"mr", "mrs", "ms", "dr", "president", "prime", "minister", "sir", "the", "gov", "sen", "rep"}
DOCUMENT_WORDS = {
    "statement",
    "letter",
    "report",
    "reports",
    "decree",
    "filing",
    "website",
    "description",
    "post",
    "tweet",
    "ruling",
    "judgment",
    "indictment",
    "advertisement",
    "resolution",
    "video",
    "videos",
    "footage",
    "remarks",
    "text",
    "release",
    "message",
}
PLATFORMS = {"twitter", "facebook", "instagram", "youtube", "telegram", "tiktok"}


def words(name: str | None) -> list[str]:
    if not name:
        return []
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return [w for w in re.findall(r"[a-z0-9]+", s)]


def same_person(pred: str | None, canonical: str) -> bool:
    p, c = words(pred), words(canonical)
    if not p or not c:
        return False
    if c[-1] in p or any(difflib.SequenceMatcher(None, c[-1], w).ratio() >= 0.8 for w in p if len(w) > 3):
        return True  # surname, allowing a spelling variant of the source ("Saree" / "Sarea")
    core = [w for w in p if w not in TITLES]
    return bool(core) and set(core) <= set(c)


def guess_class(pred: str | None, gold: dict, text: str) -> str:
    if not pred:
        return "no speaker"
    w = set(words(pred))
    if "[" in pred or "]" in pred:
        return "editorial brackets in name"
    if w & PLATFORMS:
        return "platform as speaker"
    if w & DOCUMENT_WORDS:
        return "document as speaker"
    content = " ".join(text[a:b] for a, b in gold["fragments"])
    if any(x in words(content) for x in words(pred) if x not in TITLES and len(x) > 2):
        return "person talked about (named in the quote)"
    if pred[:1].islower() or not any(ch.isupper() for ch in pred):
        return "role noun or common noun left as speaker"
    return "other name"


def index_map(src: str, dst: str):
    """A function taking an offset in src to the corresponding offset in dst."""
    if src == dst:
        return lambda i: i
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    blocks = sm.get_matching_blocks()

    def f(i):
        for a, b, n in blocks:
            if a <= i <= a + n:
                return b + (i - a)
        best = min(blocks, key=lambda blk: abs(blk[0] - i))
        return best[1] + min(max(i - best[0], 0), best[2])

    return f


def run_pipeline(records: list[dict], claims_bin: str, tmp: Path):
    corpus = tmp / "corpus"
    corpus.mkdir()
    with open(corpus / "gold.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            m = r.get("meta") or {}
            fh.write(
                json.dumps(
                    {
                        "id": r["id"],
                        "text": r["text"],
                        "source": m.get("publisher"),
                        "published": m.get("publication_date"),
                        "title": m.get("title"),
                        "url": m.get("url"),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    out = tmp / "out"
    subprocess.run([claims_bin, "run", str(corpus), "--out", str(out), "--quiet", "--no-compare"], check=True)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    claims = pq.read_table(out / "claims.parquet").to_pylist()
    by_line = {}
    for d in docs:
        line = int(str(d["path"]).rsplit("#", 1)[1])
        by_line[line] = d
    per_doc = {}
    for c in claims:
        per_doc.setdefault(c["doc_id"], []).append(c)
    return by_line, per_doc


def evaluate(records, claims_bin):
    with tempfile.TemporaryDirectory(prefix="eval-speakers-") as t:
        by_line, per_doc = run_pipeline(records, claims_bin, Path(t))
    n_gold = n_found = n_person = n_person_found = n_right = 0
    errors, missed = [], []
    for line, r in enumerate(records, start=1):
        d = by_line[line]
        text = r["text"]
        to_gold = index_map(d["text"] or "", text)
        claims = []
        for c in per_doc.get(d["doc_id"], []):
            c = dict(c)
            for k in ("start", "end", "speaker_start", "speaker_end"):
                if c.get(k) is not None:
                    c[k] = to_gold(c[k])
            claims.append(c)
        gold, pred = gold_items(r), predicted_items(text, claims)
        pred_claims = {}
        for c in claims:  # the first claim of each merged prediction, in predicted_items' order
            pred_claims.setdefault(c.get("quote_id") or c["claim_id"], c)
        firsts = [c for c in claims if c["kind"] in ("direct", "indirect", "mixed")]
        order, seen = [], set()
        for c in firsts:
            key = c.get("quote_id") or c["claim_id"]
            if key not in seen:
                seen.add(key)
                order.append(pred_claims[key])
        matched = {gi: pi for gi, pi, _ in match(gold, pred)}
        n_gold += len(gold)
        n_found += len(matched)
        for gi, q in enumerate(r["quotes"]):
            if gi not in matched:
                missed.append(
                    {
                        "doc": r["id"],
                        "split": r["split"],
                        "kind": q["kind"],
                        "cue": q["cue"],
                        "speaker": q["speaker"],
                        "quote": q["text"][:200],
                    }
                )
        for gi, q in enumerate(r["quotes"]):
            if q.get("speaker_type") != "person" or not q.get("speaker_canonical"):
                continue
            n_person += 1
            if gi not in matched:
                continue
            n_person_found += 1
            c = order[matched[gi]]
            right = same_person(c.get("speaker"), q["speaker_canonical"])
            n_right += right
            if not right:
                errors.append(
                    {
                        "doc": r["id"],
                        "split": r["split"],
                        "gold_speaker": q["speaker"],
                        "gold_canonical": q["speaker_canonical"],
                        "pred_speaker": c.get("speaker"),
                        "pred_mention": c.get("speaker_mention"),
                        "kind": q["kind"],
                        "cue": q["cue"],
                        "quote": q["text"][:160],
                        "class": guess_class(c.get("speaker"), q, text),
                    }
                )
    return {
        "articles": len(records),
        "gold_quotes": n_gold,
        "found": n_found,
        "found_rate": round(n_found / n_gold, 4) if n_gold else None,
        "person_quotes": n_person,
        "person_found": n_person_found,
        "person_found_rate": round(n_person_found / n_person, 4) if n_person else None,
        "speaker_right": n_right,
        "speaker_accuracy": round(n_right / n_person_found, 4) if n_person_found else None,
        "error_classes": dict(Counter(e["class"] for e in errors)),
        "errors": errors,
        "missed": missed,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("--split", help="only articles of this split (tune, heldout)")
    ap.add_argument("--claims", default=str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "claims"))
    ap.add_argument("--json", help="write the figures and the errors here")
    a = ap.parse_args(argv)
    records = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    if a.split:
        records = [r for r in records if r.get("split") == a.split]
    res = evaluate(records, a.claims)
    if a.json:
        Path(a.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"articles {res['articles']}: gold quotes found {res['found']}/{res['gold_quotes']} = {res['found_rate']}")
    print(f"person-named quotes found {res['person_found']}/{res['person_quotes']} = {res['person_found_rate']}")
    print(f"speaker right on found person-named quotes {res['speaker_right']}/{res['person_found']} = {res['speaker_accuracy']}")
    for k, v in sorted(res["error_classes"].items(), key=lambda x: -x[1]):
        print(f"  {v:3d}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
