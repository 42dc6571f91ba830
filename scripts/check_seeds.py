"""Check a run against ../shared/corpus-seed/expected.json (part of `make eval`).

A claim counts as found when some claim of the same document contains the
expected content snippet, has the expected kind, an acceptable speaker
(case-insensitive, `speaker_canonical` or `speaker`) and the expected cue.
Numbers and dates listed with a claim are checked on the matching claim;
the cross-source groups are checked in claim_groups.parquet.

    python scripts/check_seeds.py OUT_DIR [--expected PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT.parent / "shared" / "corpus-seed" / "expected.json"


def _speaker_ok(row, accepted: list[str]) -> bool:
    if not accepted:
        return pd.isna(row.speaker)
    names = {str(v).casefold() for v in (row.speaker, row.speaker_canonical) if isinstance(v, str)}
    return bool(names & {a.casefold() for a in accepted})


def _number_ok(numbers, exp) -> bool:
    for n in numbers:
        if exp["text"].split()[-1] not in n["text"] and exp["text"] not in n["text"]:
            continue
        if exp.get("vague"):
            return n["value"] is None or n["low"] is not None
        ok = n["value"] == exp["value"]
        ok &= exp.get("approximate", False) == bool(n["approximate"])
        if "low" in exp:
            ok &= n["low"] == exp["low"]
        if "unit" in exp:
            ok &= n["unit"] == exp["unit"]
        if "counted" in exp:
            ok &= (n["counted"] or "").casefold().endswith(exp["counted"].split()[-1].casefold())
        return bool(ok)
    return False


def _date_ok(dates, exp) -> bool:
    return any(exp["text"] in d["text"] and d["value"] == exp["value"] and d["granularity"] == exp["granularity"] for d in dates)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", help="output folder of `claims run corpus/`")
    ap.add_argument("--expected", default=str(EXPECTED))
    args = ap.parse_args()
    expected = json.loads(Path(args.expected).read_text(encoding="utf-8"))
    out = Path(args.out)
    docs = pd.read_parquet(out / "documents.parquet")
    claims = pd.read_parquet(out / "claims.parquet").merge(docs[["doc_id", "path"]], on="doc_id")
    claims["doc"] = claims.path.str.replace(r"\.[a-z]+$", "", regex=True)
    found = numbers_ok = numbers_n = dates_ok = dates_n = 0
    for exp in expected["claims"]:
        cands = claims[(claims.doc == exp["doc"]) & claims.text.str.contains(exp["content"], regex=False)]
        full = [
            r
            for r in cands.itertuples()
            if r.kind == exp["kind"] and _speaker_ok(r, exp["speaker"]) and (not exp.get("cue") or r.cue == exp["cue"])
        ]
        status = "FOUND" if full else ("partial" if len(cands) else "missing")
        found += bool(full)
        row = full[0] if full else (next(cands.itertuples()) if len(cands) else None)
        detail = f"got kind={row.kind} speaker={row.speaker!r} cue={row.cue} hedged={row.hedged}" if row is not None else ""
        print(f"{status:8s} {exp['doc'][:14]} {exp['kind']:8s} {exp['content'][:60]!r} {detail}")
        for n in exp.get("numbers", []):
            numbers_n += 1
            ok = row is not None and _number_ok(row.numbers, n)
            numbers_ok += ok
            if not ok:
                print(f"         number {n['text']!r} expected {n}; got {list(row.numbers) if row is not None else None}")
        for d in exp.get("dates", []):
            dates_n += 1
            ok = row is not None and _date_ok(row.dates, d)
            dates_ok += ok
            if not ok:
                print(f"         date {d['text']!r} expected {d['value']}; got {list(row.dates) if row is not None else None}")
    print(
        f"\nseed claims found with kind, speaker and cue: {found}/{len(expected['claims'])}; numbers {numbers_ok}/{numbers_n}; dates {dates_ok}/{dates_n}"
    )

    groups_path = out / "claim_groups.parquet"
    if groups_path.exists():
        groups = pd.read_parquet(groups_path).merge(claims[["claim_id", "doc", "text", "speaker_canonical"]], on="claim_id")
        for xs in expected.get("cross_source", []):
            if "members" in xs:
                gids = []
                for doc, snippet in xs["members"]:
                    hit = groups[(groups.doc == doc) & groups.text.str.contains(snippet, regex=False)]
                    gids.append(set(hit.group_id))
                common = set.intersection(*gids) if all(gids) else set()
                agreement = groups[groups.group_id.isin(common)].agreement.dropna().unique().tolist()
                print(f"group {'FORMED ' if common else 'missing'} {xs['about'][:70]} agreement={agreement}")
            if "speakers" in xs:
                canon = claims[
                    claims.speaker.fillna("").str.casefold().isin([s.casefold() for s in xs["speakers"]])
                ].speaker_canonical.unique()
                print(f"speaker canonical names for {xs['speakers'][:2]}...: {list(canon)}")


if __name__ == "__main__":
    main()
