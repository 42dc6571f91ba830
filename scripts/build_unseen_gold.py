"""Build models/labels/unseen_news.jsonl from the article texts and the hand annotation.

    python scripts/build_unseen_gold.py TEXTS.jsonl models/labels/unseen_news.ann models/labels/unseen_news.jsonl

TEXTS.jsonl comes from scripts/prepare_unseen.py. The annotation (see the header of
unseen_news.ann) gives each attribution as exact strings; this script only turns them
into offsets, in the format of ../shared/eval:
  - content pieces are found right to left: the last piece must occur once in the text,
    each earlier piece is the nearest occurrence before the next one;
  - for direct quotes the quotation marks next to a piece belong to the raw span and to
    `fragments` (as in the PolNeAR conversion); start/end exclude the outer marks;
  - the speaker mention and the cue are the occurrences (whole words) nearest to the
    content, outside it ("X <" / "X >": the nearest before / after the content).
The split is by article and deterministic: articles sorted by sha256 of their id, the
first 40% are `tune`, the rest `heldout`.
"""

import hashlib
import json
import re
import sys

QUOTE_CHARS = "\"“”'‘’"
KINDS = {"D": "direct", "I": "indirect", "M": "mixed"}
TYPES = {"P": "person", "O": "organisation", "N": "unnamed"}


def parse_ann(path):
    ann, cur = {}, None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@ "):
            cur = line[2:].strip()
            ann[cur] = []
            continue
        parts = [p.strip() for p in line.split(" | ")]
        assert len(parts) == 5 and parts[0] in KINDS, f"line {n}: {line}"
        typ, _, canon = parts[4].partition(":")
        assert typ in TYPES, f"line {n}: type {typ}"
        ann[cur].append(
            {
                "n": n,
                "kind": KINDS[parts[0]],
                "pieces": parts[1].split(" || "),
                "speaker": None if parts[2] == "-" else parts[2],
                "cue": None if parts[3] == "-" else parts[3],
                "type": TYPES[typ],
                "canonical": None if canon in ("", "-") else canon,
            }
        )
    return ann


def occurrences(text, s):
    pat = (r"(?<!\w)" if s[0].isalnum() else "") + re.escape(s) + (r"(?!\w)" if s[-1].isalnum() else "")
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def nearest(text, s, lo, hi, inside, where):
    side = None
    if s.endswith((" <", " >")):  # "<": the nearest occurrence before the content; ">": after
        s, side = s[:-2], s[-1]
    best = None
    for a, b in occurrences(text, s):
        if (side == "<" and b > lo) or (side == ">" and a < hi):
            continue
        if any(a < e and s_ < b for s_, e in inside):
            continue
        d = lo - b if b <= lo else (a - hi if a >= hi else 0)
        if best is None or d < best[0]:
            best = (d, a, b)
    assert best is not None, f"{where}: {s!r} not found outside the content"
    return best[1], best[2]


def build_quote(text, q, where):
    spans = []
    nxt = None
    for piece in reversed(q["pieces"]):
        if nxt is None:
            occ = [m.start() for m in re.finditer(re.escape(piece), text)]
            assert len(occ) == 1, f"{where}: last piece found {len(occ)} times: {piece[:60]!r}"
            a = occ[0]
        else:
            a = text.rfind(piece, 0, nxt)
            assert a >= 0, f"{where}: piece not found before the next: {piece[:60]!r}"
        spans.insert(0, [a, a + len(piece)])
        nxt = a
    start, end = spans[0][0], spans[-1][1]
    if q["kind"] == "direct":
        frags = []
        for a, b in spans:
            if a > 0 and text[a - 1] in QUOTE_CHARS:
                a -= 1
            if b < len(text) and text[b] in QUOTE_CHARS:
                b += 1
            frags.append([a, b])
        raw_start, raw_end = frags[0][0], frags[-1][1]
    else:
        frags, raw_start, raw_end = spans, start, end
    out = {"start": start, "end": end, "text": text[start:end], "kind": q["kind"]}
    for key in ("speaker", "cue"):
        if q[key] is None:
            out.update({key: None, f"{key}_start": None, f"{key}_end": None})
        else:
            a, b = nearest(text, q[key], raw_start, raw_end, frags, where)
            out.update({key: text[a:b], f"{key}_start": a, f"{key}_end": b})
    out.update(
        {
            "fragments": frags,
            "raw_start": raw_start,
            "raw_end": raw_end,
            "speaker_canonical": q["canonical"],
            "speaker_type": q["type"] if q["speaker"] or q["canonical"] else None,
        }
    )
    return out


def main(texts_path, ann_path, out_path):
    ann = parse_ann(ann_path)
    records = [json.loads(l) for l in open(texts_path, encoding="utf-8")]
    records = [r for r in records if r["id"] in ann]
    missing = set(ann) - {r["id"] for r in records}
    assert not missing, missing
    order = sorted(records, key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    n_tune = round(0.4 * len(order))
    split = {r["id"]: ("tune" if i < n_tune else "heldout") for i, r in enumerate(order)}
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in records:
            quotes = [build_quote(r["text"], q, f"{ann_path}:{q['n']}") for q in ann[r["id"]]]
            quotes.sort(key=lambda q: (q["start"], q["end"]))
            rec = {"id": r["id"], "dataset": "unseen_news", "split": split[r["id"]], "text": r["text"], "meta": r["meta"], "quotes": quotes}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles, {sum(len(v) for v in ann.values())} quotes -> {out_path}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
