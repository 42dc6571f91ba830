"""Check a gold file in the format of ../shared/eval (plus speaker_canonical).

    python scripts/validate_gold.py models/labels/unseen_news.jsonl

For every quote: text[start:end] == quote text; the speaker and cue mentions match
their offsets and lie outside the content; fragments are ordered, non-overlapping,
inside [raw_start, raw_end] and cover start..end; kind is direct/indirect/mixed;
speaker_canonical is present (string or null). Ids are unique, split is tune/heldout,
meta has the provenance fields. Prints the problems and exits 1 if there are any.
"""

import json
import sys
from collections import Counter

META = ("publisher", "publication_date", "title", "url", "licence", "source_repo", "source_commit", "source_path")


def check(rec):
    errs, t = [], rec["text"]
    for key in ("id", "dataset", "split", "text", "meta", "quotes"):
        if key not in rec:
            errs.append(f"missing {key}")
    if rec.get("split") not in ("tune", "heldout"):
        errs.append(f"split {rec.get('split')!r}")
    for key in META:
        if not rec.get("meta", {}).get(key):
            errs.append(f"meta.{key} empty")
    for i, q in enumerate(rec.get("quotes", [])):
        w = f"quote {i}"
        if not (0 <= q["start"] < q["end"] <= len(t)) or t[q["start"] : q["end"]] != q["text"]:
            errs.append(f"{w}: text does not match offsets")
        if q["kind"] not in ("direct", "indirect", "mixed"):
            errs.append(f"{w}: kind {q['kind']!r}")
        frags = q["fragments"]
        if not frags:
            errs.append(f"{w}: no fragments")
        prev = -1
        for a, b in frags:
            if not (q["raw_start"] <= a < b <= q["raw_end"]) or a < prev:
                errs.append(f"{w}: fragment {a}-{b} outside raw span or out of order")
            prev = b
        if frags and not (frags[0][0] <= q["start"] and q["end"] <= frags[-1][1]):
            errs.append(f"{w}: fragments do not cover start..end")
        for key in ("speaker", "cue"):
            a, b = q.get(f"{key}_start"), q.get(f"{key}_end")
            if q.get(key) is None:
                if a is not None or b is not None:
                    errs.append(f"{w}: {key} null but offsets set")
                continue
            if a is None or t[a:b] != q[key]:
                errs.append(f"{w}: {key} {q[key]!r} does not match offsets")
            elif any(a < fe and fs < b for fs, fe in frags):
                errs.append(f"{w}: {key} inside the content")
        if "speaker_canonical" not in q:
            errs.append(f"{w}: no speaker_canonical")
    return errs


def main(path):
    bad, ids, kinds, splits = 0, Counter(), Counter(), Counter()
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        rec = json.loads(line)
        ids[rec["id"]] += 1
        splits[rec["split"]] += 1
        kinds.update(q["kind"] for q in rec["quotes"])
        for e in check(rec):
            bad += 1
            print(f"{path}:{n} {rec['id']}: {e}")
    for i, c in ids.items():
        if c > 1:
            bad += 1
            print(f"duplicate id {i}")
    print(f"{sum(ids.values())} articles ({dict(splits)}), {sum(kinds.values())} quotes {dict(kinds)}; {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
