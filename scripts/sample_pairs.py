"""Sample candidate claim pairs from PolNeAR for hand labelling (issue 13).

Input: an output directory of ``scripts/polnear_groups.py --extracted`` (the
real pipeline's claims of the 924 PolNeAR articles, speakers filled by the
compare stage). The compare stage's own blocking (``compare.candidate_pairs``)
proposes the candidate pairs; only pairs of claims from **different outlets**
are kept. Every candidate gets

    lexical   ``compare.similarity(..., embedded=False)`` (weighted Jaccard or
              containment + speaker/number/quotation bonuses)
    cosine    the shipped MiniLM cosine of the two claim texts (every claim of a
              cross-outlet candidate is embedded, not only the stage's subset)
    score     the stage's current score (``similarity`` with the vectors)
    number / quote evidence, same canonical speaker, shared number values

and falls into one stratum (first match, in this order):

    quote          one claim quotes words the other repeats (``quote_evidence``)
    number_same    the same specific number of the same counted thing (``number_evidence``)
    number_hard    the same number value, but a different (or no) counted thing
                   on one side: hard negatives "same number, different thing"
    speaker_hard   the same canonical speaker, lexical < 0.45 and cosine < 0.75:
                   hard negatives "same speaker, different statement"
    lex{a}_cos{b}  the rest, on a grid of lexical x cosine bins

and a seeded draw takes a quota from each stratum (high-similarity cells are
oversampled so that enough ``same`` pairs exist to learn from). The output
holds references only (PolNeAR article ids and character offsets into the
article text), never the text: ``scripts/pair_labels.py`` rebuilds the texts
from ../shared/eval.

    .venv/bin/python scripts/sample_pairs.py --run /tmp/pairs-run [--seed 13]

Writes models/labels/polnear_pairs.jsonl (labels already present for a pair id
are kept) and OUT/batches/batch_NN.txt with the texts, for reading (outside the
repository). Reads ../shared (a labelling script; tests never do).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline import compare  # noqa: E402
from scripts.pair_labels import LABELS_PATH, load_polnear, read_labels, write_labels  # noqa: E402

LEX_BINS = [-1.0, 0.2, 0.35, 0.5, 0.6]  # lower edges: lex0 = below 0.2 (scores can be negative), ..., lex4 = [0.6, inf)
COS_BINS = [-2.0, 0.45, 0.6, 0.75]  # cos0 = < 0.45, ..., cos3 = >= 0.75
# pairs drawn per stratum (a stratum with fewer candidates gives all it has)
QUOTAS = {
    "quote": 200,  # all of them
    "number_same": 80,
    "number_hard": 50,
    "speaker_hard": 70,
}
# grid quotas by (lexical bin, cosine bin): the high cells are taken whole (they
# are few and hold most of the same pairs), the low ones sampled
GRID_QUOTAS = {
    (0, 0): 12,
    (0, 1): 12,
    (0, 2): 25,
    (0, 3): 999,
    (1, 0): 10,
    (1, 1): 15,
    (1, 2): 35,
    (1, 3): 999,
    (2, 0): 999,
    (2, 1): 999,
    (2, 2): 999,
    (2, 3): 999,
    (3, 0): 999,
    (3, 1): 999,
    (3, 2): 999,
    (3, 3): 999,
    (4, 0): 999,
    (4, 1): 999,
    (4, 2): 999,
    (4, 3): 999,
}
BATCH = 50


def _bin(value: float, edges: list[float]) -> int:
    return max(k for k, e in enumerate(edges) if value >= e)


def candidates(run: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every cross-outlet candidate pair of the run with its scores (cached in
    RUN/pair_candidates.parquet) and the claims table."""
    claims = pq.read_table(run / "claims.parquet").to_pandas().reset_index(drop=True)
    cache = run / "pair_candidates.parquet"
    if cache.exists():
        return pd.read_parquet(cache), claims
    meta = pq.ParquetFile(run / "claims.parquet").schema_arrow.metadata or {}
    model = (meta.get(b"spacy_model") or compare.DEFAULT_MODEL.encode()).decode()
    feat = compare.claim_features(claims, model)
    codes = compare.candidate_pairs(feat)
    n = len(claims)
    src = claims["source"].fillna("").tolist()
    pairs = [divmod(c, n) for c in codes.tolist()]
    pairs = [(i, j) for i, j in pairs if src[i] and src[j] and src[i] != src[j]]
    print(f"candidate pairs: {len(codes)}; across outlets: {len(pairs)}")
    lexical = [compare.similarity(feat, i, j, embedded=False) for i, j in pairs]

    from pipeline import embedding

    enc = embedding.encoder()
    need = sorted({k for p in pairs for k in p})
    texts = claims["text"].tolist()
    distinct = sorted({texts[k] for k in need})
    vectors = enc.encode(distinct)
    row = {t: k for k, t in enumerate(distinct)}
    feat.vectors = {k: vectors[row[texts[k]]] for k in need}
    print(f"embedded {len(distinct)} distinct claim texts")

    rows = []
    for (i, j), lex in zip(pairs, lexical):
        vi = {x[4] for x in feat.numbers[i] if x[4] is not None}
        vj = {x[4] for x in feat.numbers[j] if x[4] is not None}
        shared_values = vi & vj
        rows.append(
            {
                "i": i,
                "j": j,
                "lexical": round(lex, 4),
                "cosine": round(feat.cosine(i, j), 4),
                "score": round(compare.similarity(feat, i, j), 4),
                "quote": compare.quote_evidence(feat, i, j),
                "number": compare.number_evidence(feat, i, j),
                "shared_number": bool(shared_values),
                "same_speaker": feat.speaker[i] is not None and feat.speaker[i] == feat.speaker[j],
            }
        )
    table = pd.DataFrame(rows)
    table.to_parquet(cache, index=False)
    return table, claims


def stratum(r) -> str:
    if r.quote:
        return "quote"
    if r.number:
        return "number_same"
    if r.shared_number:
        return "number_hard"
    if r.same_speaker and r.lexical < 0.45 and r.cosine < 0.75:
        return "speaker_hard"
    return f"lex{_bin(r.lexical, LEX_BINS)}_cos{_bin(r.cosine, COS_BINS)}"


def quota(name: str) -> int:
    if name in QUOTAS:
        return QUOTAS[name]
    lex, cos = name.split("_")
    return GRID_QUOTAS[(int(lex[3:]), int(cos[3:]))]


def pair_id(a: dict, b: dict) -> str:
    key = "|".join(f"{x['article']}:{x['start']}:{x['end']}" for x in (a, b))
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:12]


def sentence_span(doc_text: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the claim's sentence in the article: the occurrence of the
    sentence text that covers the claim, else the claim itself."""
    if sentence:
        k = doc_text.rfind(sentence, 0, start + 1)
        while k >= 0:
            if k <= start and k + len(sentence) >= end:
                return k, k + len(sentence)
            k = doc_text.rfind(sentence, 0, k)
        k = doc_text.find(sentence)
        if k >= 0 and k <= start and k + len(sentence) >= end:
            return k, k + len(sentence)
    return start, end


def _aligner(doc: str, rec: str):
    """Offset in ``doc`` -> offset in ``rec`` (difflib character alignment)."""
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, doc, rec, autojunk=False).get_matching_blocks()

    def mapped(k: int) -> int:
        for a, b, size in blocks:
            if a <= k <= a + size:
                return b + (k - a)
        prev = max((blk for blk in blocks if blk[0] + blk[2] <= k), key=lambda blk: blk[0], default=(0, 0, 0))
        return prev[1] + prev[2]

    return mapped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", default="/tmp/pairs-run", help="output dir of polnear_groups.py --extracted")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(LABELS_PATH))
    args = ap.parse_args()
    run = Path(args.run)

    table, claims = candidates(run)
    table["stratum"] = [stratum(r) for r in table.itertuples()]
    print("candidates per stratum:", json.dumps(table["stratum"].value_counts().sort_index().to_dict()))

    # PolNeAR article of each document, and a map from offsets in the
    # pipeline's documents.text to offsets in the record text. For 898 of the
    # 924 articles documents.text is the record text, trailing whitespace
    # removed (so the offsets are the same); in 26 ingest normalised the text
    # (mojibake characters dropped, runs of blank lines collapsed) and offsets
    # are mapped through a character alignment.
    docs = pq.read_table(run / "documents.parquet", columns=["doc_id", "title", "text"]).to_pandas()
    polnear = load_polnear()
    by_text = {r["text"].rstrip(): r for r in polnear.values()}
    by_title: dict = {}
    for r in polnear.values():
        by_title.setdefault(r["meta"].get("title"), []).append(r)
    article, offset_map = {}, {}
    for d in docs.itertuples():
        rec = by_text.get(d.text)
        if rec is not None:
            article[d.doc_id] = rec["id"]
            continue
        cands = by_title.get(d.title, [])
        if len(cands) != 1:
            raise SystemExit(f"document {d.doc_id}: no PolNeAR record")
        rec = cands[0]
        article[d.doc_id] = rec["id"]
        offset_map[d.doc_id] = _aligner(d.text, rec["text"])
    doc_text = dict(zip(docs["doc_id"], docs["text"]))
    print(f"documents: {len(docs)}, {len(offset_map)} with offsets mapped by alignment")

    rng = random.Random(args.seed)
    chosen = []
    for name in sorted(table["stratum"].unique()):
        rows = table[table["stratum"] == name].sort_values(["i", "j"])
        k = min(quota(name), len(rows))
        picked = sorted(rng.sample(range(len(rows)), k))
        chosen.extend(rows.iloc[picked].itertuples())

    def ref(k: int) -> dict:
        c = claims.iloc[k]
        text = doc_text[c.doc_id]
        s, e = int(c.start), int(c.end)
        assert text[s:e] == c.text
        ss, se = sentence_span(text, c.sentence or "", s, e)
        if c.doc_id in offset_map:
            m = offset_map[c.doc_id]
            s, e, ss, se = m(s), m(e), m(ss), m(se)
            rec_text = polnear[article[c.doc_id]]["text"]
            if rec_text[s:e].split() != c.text.split():
                return None
        day = c.published
        return {
            "article": article[c.doc_id],
            "outlet": c.source,
            "published": str(day) if day is not None else None,
            "start": s,
            "end": e,
            "sentence_start": ss,
            "sentence_end": se,
            "kind": c.kind,
            "speaker": compare._string(c.speaker_canonical),
        }

    old = {r["pair_id"]: r for r in read_labels(Path(args.out))} if Path(args.out).exists() else {}
    records = []
    dropped = 0
    for r in chosen:
        a, b = ref(r.i), ref(r.j)
        if a is None or b is None:  # a claim over characters ingest changed
            dropped += 1
            continue
        if (a["published"] or "", a["article"]) > (b["published"] or "", b["article"]):
            a, b = b, a
        pid = pair_id(a, b)
        prev = old.get(pid, {})
        records.append(
            {
                "pair_id": pid,
                "stratum": r.stratum,
                "a": a,
                "b": b,
                "lexical": r.lexical,
                "cosine": r.cosine,
                "score": r.score,
                "quote_evidence": bool(r.quote),
                "number_evidence": bool(r.number),
                "shared_number": bool(r.shared_number),
                "same_speaker": bool(r.same_speaker),
                "label": prev.get("label"),
                "reason": prev.get("reason"),
                "split": prev.get("split"),
            }
        )
    # reading order: a seeded shuffle, so that each batch mixes strata and the
    # labeller does not know a pair's stratum from its position
    records.sort(key=lambda x: x["pair_id"])
    random.Random(args.seed + 1).shuffle(records)
    for k, rec in enumerate(records):
        rec["batch"] = k // BATCH
    write_labels(records, Path(args.out))
    print(f"sampled {len(records)} pairs -> {args.out} ({dropped} dropped: claim text not in the record)")
    print("per stratum:", json.dumps(Counter(r["stratum"] for r in records), sort_keys=True))

    batches = run / "batches"
    batches.mkdir(exist_ok=True)
    from scripts.pair_labels import pair_texts

    for bno in sorted({r["batch"] for r in records}):
        lines = []
        for rec in (r for r in records if r["batch"] == bno):
            t = pair_texts(rec, polnear)
            lines.append(f"## {rec['pair_id']}")  # no scores or stratum: labelled blind
            for side in ("a", "b"):
                x = rec[side]
                lines.append(f"  [{side}] {x['outlet']} {x['published']} {x['kind']} speaker={x['speaker']}")
                lines.append(f"      CLAIM: {' '.join(t[side]['claim'].split())}")
                if t[side]["sentence"].strip() != t[side]["claim"].strip():
                    lines.append(f"      SENT:  {' '.join(t[side]['sentence'].split())}")
            lines.append("")
        (batches / f"batch_{bno:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    print(f"reading batches: {batches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
