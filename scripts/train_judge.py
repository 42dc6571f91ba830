"""Train the pair judge (models/pair_judge.json) on the hand-labelled PolNeAR pairs.

1. Read the label file (models/labels/polnear_pairs.jsonl: references into
   PolNeAR, ``scripts/pair_labels.py``) and a PolNeAR run with the pipeline's
   own claims (``scripts/polnear_groups.py --extracted``; built under
   /tmp/judge-polnear when ``--run`` does not exist). Each labelled pair is the
   two claims of the run at the same article offsets.
2. Fill ``speaker_canonical`` with the current code, compute the claim
   features of the whole run (IDF over the run, as at run time) and the
   ``PairFeatures`` of every labelled pair and every candidate pair of the run
   (MiniLM vectors cached under /tmp/judge-cache).
3. On the **train** split only (``same`` = 1, ``different`` = 0, ``unsure``
   left out): standardised logistic regression, C chosen by 5-fold
   cross-validated log loss; the threshold on the out-of-fold probabilities
   (the best balanced accuracy with at least MIN_SPECIFICITY of the different
   pairs kept apart). The same for the lexical model (no cosine). The band
   where the lexical model defers to the full one is chosen on the run's
   unlabelled candidate pairs (those touching a dev pair left out): outside
   it the lexical model loses or adds at most BAND_BUDGET of the full
   model's links.
4. Write the weights in raw feature units (standardisation folded in),
   threshold, band, counts, sha256 of the label file and the features' code
   version. Dev is never read for fitting or choosing.

``--report`` then prints the dev figures: the old rule and the judge, pair
level, and a per-feature ablation (each feature dropped, refit on train).

    .venv/bin/python scripts/train_judge.py [--run DIR] [--labels FILE] [--report]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from pipeline.compare.candidates import candidate_pairs  # noqa: E402
from pipeline.compare.features import claim_features  # noqa: E402
from pipeline.compare.judge import FEATURE_NAMES, JUDGE_PATH, pair_features, features_version  # noqa: E402
from pipeline.compare.params import DEFAULT_MODEL, LINK_THRESHOLD  # noqa: E402
from pipeline.compare.similarity import similarity  # noqa: E402
from pipeline.compare.speakers import fill_speaker_canonical  # noqa: E402
from pipeline.evaluate import overlap_f1  # noqa: E402
from scripts.pair_labels import LABELS_PATH, assign_split, load_polnear, read_labels  # noqa: E402

DEFAULT_RUN = Path("/tmp/judge-polnear")
CACHE = Path("/tmp/judge-cache")
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
MIN_SPECIFICITY = 0.95
BAND_BUDGET = 0.02
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.951, 0.01))
LEXICAL = tuple(n for n in FEATURE_NAMES if n != "cosine")


# ---------------------------------------------------------------- data


def ensure_run(run: Path) -> None:
    if (run / "claims.parquet").exists():
        return
    subprocess.run([sys.executable, "scripts/polnear_groups.py", "--extracted", "--out", str(run)], check=True, cwd=ROOT)


def load_run(run: Path):
    cols = ["claim_id", "doc_id", "source", "published", "kind", "text", "speaker", "speaker_type", "entities", "numbers", "start", "end"]
    claims = pq.read_table(run / "claims.parquet", columns=cols).to_pandas().reset_index(drop=True)
    docs = pq.read_table(run / "documents.parquet", columns=["doc_id", "text"]).to_pandas()
    texts = dict(zip(docs["doc_id"], docs["text"]))
    meta = pq.ParquetFile(run / "claims.parquet").schema_arrow.metadata or {}
    model = (meta.get(b"spacy_model") or DEFAULT_MODEL.encode()).decode()
    return claims, texts, model


def vectors_for(claims, rows: list[int]) -> dict[int, np.ndarray]:
    """MiniLM vectors of the given claim rows, cached on disk by text."""
    from pipeline import embedding

    texts = claims["text"].tolist()
    distinct = sorted({texts[k] or "" for k in rows})
    key = hashlib.sha256("\x1e".join(distinct).encode()).hexdigest()[:20]
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"vectors-{key}.npy"
    if path.exists():
        vectors = np.load(path)
    else:
        vectors = embedding.encoder().encode(distinct)
        np.save(path, vectors)
    index = {t: r for r, t in enumerate(distinct)}
    return {k: vectors[index[texts[k] or ""]] for k in rows}


def prepare(run: Path, labels_path: Path):
    """Features of the labelled pairs and of the run's candidate pairs."""
    claims, texts, model = load_run(run)
    claims["speaker_canonical"] = fill_speaker_canonical(claims, texts)
    polnear = load_polnear()
    # the run's documents are PolNeAR records: same text (trailing whitespace
    # removed), or, for the few articles ingest normalised, the same title
    by_text = {r["text"].rstrip(): r["id"] for r in polnear.values()}
    by_title = {}
    for r in polnear.values():
        by_title.setdefault(r["meta"].get("title"), []).append(r["id"])
    titles = dict(pq.read_table(run / "documents.parquet", columns=["doc_id", "title"]).to_pandas().itertuples(index=False))
    article = {}
    for d, t in texts.items():
        same_title = by_title.get(titles.get(d)) or []
        article[d] = by_text.get(t.rstrip()) or (same_title[0] if len(same_title) == 1 else None)
    # a labelled claim is the run's claim at the same offsets, else (offsets
    # mapped into a normalised text) the claim of that article with the same words
    row_of = {}
    spans_of: dict[str, list] = {}
    for k, (d, s, e, text) in enumerate(zip(claims["doc_id"], claims["start"], claims["end"], claims["text"])):
        row_of.setdefault((article[d], int(s), int(e)), k)
        row_of.setdefault((article[d], " ".join(str(text).split())), k)
        spans_of.setdefault(article[d], []).append((int(s), int(e), k))

    def find(side: dict):
        k = row_of.get((side["article"], side["start"], side["end"]))
        if k is None:
            words = " ".join(polnear[side["article"]]["text"][side["start"] : side["end"]].split())
            k = row_of.get((side["article"], words))
        if k is None:
            # the extraction has since drawn the claim's bounds a little differently:
            # the run's claim of that article overlapping it most (overlap F1 >= 0.5)
            k = best_overlap(side["start"], side["end"], spans_of.get(side["article"], []))
        return k

    records = read_labels(labels_path)
    if any(r.get("split") not in ("train", "dev") for r in records):
        assign_split(records)  # the label file's own deterministic split (pair_labels.py split)
    labels = [r for r in records if r.get("label") in ("same", "different")]
    pairs, missing = [], 0
    for r in labels:
        a, b = find(r["a"]), find(r["b"])
        if a is None or b is None:
            missing += 1
            continue
        pairs.append(
            {"i": a, "j": b, "y": int(r["label"] == "same"), "split": r.get("split"), "stratum": r.get("stratum"), "pair_id": r["pair_id"]}
        )
    feat = claim_features(claims, model)
    n = len(claims)
    cand = [divmod(c, n) for c in candidate_pairs(feat).tolist()]
    rows = sorted({k for p in pairs for k in (p["i"], p["j"])} | {k for p in cand for k in p})
    feat.vectors = vectors_for(claims, rows)
    for p in pairs:
        f = pair_features(feat, p["i"], p["j"], feat.cosine(p["i"], p["j"]))
        p["x"] = np.array(f.values(), dtype=float)
        p["old_score"] = similarity(feat, p["i"], p["j"])
    dev_claims = {k for p in pairs if p["split"] == "dev" for k in (p["i"], p["j"])}
    cand_x = np.array(
        [pair_features(feat, i, j, feat.cosine(i, j)).values() for i, j in cand if i not in dev_claims and j not in dev_claims], dtype=float
    )
    return pairs, cand_x, missing, len(labels)


def best_overlap(start: int, end: int, spans: list) -> int | None:
    """The row of the span (start, end, row) with the highest character-overlap F1
    with [start, end) (``pipeline.evaluate.overlap_f1``, the evaluation's measure),
    if it reaches 0.5."""
    chars = frozenset(range(start, end))
    best, row = 0.0, None
    for s, e, k in spans:
        f1 = overlap_f1(chars, frozenset(range(s, e)))
        if f1 > best:
            best, row = f1, k
    return row if best >= 0.5 else None


# ---------------------------------------------------------------- fitting


def columns(names) -> list[int]:
    return [FEATURE_NAMES.index(n) for n in names]


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Standardised LR; returns raw-unit weights and bias."""
    mu, sd = x.mean(0), x.std(0)
    sd = np.where(sd > 0, sd, 1.0)
    clf = LogisticRegression(C=c, max_iter=10000, solver="lbfgs").fit((x - mu) / sd, y)
    w = clf.coef_[0] / sd
    b = float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())
    return w, b


def predict(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def oof(x: np.ndarray, y: np.ndarray, c: float) -> np.ndarray:
    out = np.zeros(len(y))
    for fit_idx, test_idx in StratifiedKFold(FOLDS, shuffle=True, random_state=13).split(x, y):
        w, b = fit(x[fit_idx], y[fit_idx], c)
        out[test_idx] = predict(x[test_idx], w, b)
    return out


def choose(x: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray]:
    """C by cross-validated log loss, then the threshold on the out-of-fold probabilities."""
    best = None
    for c in C_GRID:
        p = np.clip(oof(x, y, c), 1e-9, 1 - 1e-9)
        loss = -float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        if best is None or loss < best[0] - 1e-9:
            best = (loss, c, p)
    _, c, p = best
    return c, threshold(p, y), p


def threshold(p: np.ndarray, y: np.ndarray) -> float:
    best = None
    for t in THRESHOLDS:
        same = float(np.mean(p[y == 1] >= t))
        apart = float(np.mean(p[y == 0] < t))
        if apart < MIN_SPECIFICITY:
            continue
        score = same + apart
        if best is None or score > best[0] + 1e-12:
            best = (score, t)
    return best[1] if best else THRESHOLDS[-1]


def band(p_lex: np.ndarray, p_full: np.ndarray, t: float) -> tuple[float, float]:
    """Lexical-probability band outside which the lexical model decides: it
    loses (below) and adds (above) at most BAND_BUDGET of the full model's links."""
    links = int((p_full >= t).sum())
    budget = BAND_BUDGET * max(links, 1)
    grid = [round(v, 3) for v in np.arange(0.0, 1.0001, 0.005)]
    lo = 0.0
    for v in grid:
        if int(((p_lex < v) & (p_full >= t)).sum()) <= budget:
            lo = v
        else:
            break
    hi = 1.0
    for v in reversed(grid):
        if int(((p_lex >= v) & (p_full < t)).sum()) <= budget:
            hi = v
        else:
            break
    return lo, max(hi, lo)


def rates(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float]:
    return float(np.mean(p[y == 1] >= t)), float(np.mean(p[y == 0] < t))


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", default=str(DEFAULT_RUN))
    ap.add_argument("--labels", default=str(LABELS_PATH))
    ap.add_argument("--out", default=str(JUDGE_PATH))
    ap.add_argument("--report", action="store_true", help="print the dev figures and the ablation (reads the dev split)")
    args = ap.parse_args()
    run, labels_path = Path(args.run), Path(args.labels)
    ensure_run(run)
    pairs, cand_x, missing, n_labels = prepare(run, labels_path)
    train = [p for p in pairs if p["split"] == "train"]
    x = np.array([p["x"] for p in train])
    y = np.array([p["y"] for p in train])
    print(f"labelled pairs: {n_labels} same/different, {missing} not found in the run; train {len(train)} ({int(y.sum())} same)")

    full_cols, lex_cols = columns(FEATURE_NAMES), columns(LEXICAL)
    c_full, t, p_oof = choose(x[:, full_cols], y)
    w_full, b_full = fit(x[:, full_cols], y, c_full)
    c_lex, _, _ = choose(x[:, lex_cols], y)
    w_lex, b_lex = fit(x[:, lex_cols], y, c_lex)
    same, apart = rates(p_oof, y, t)
    print(f"full model C={c_full} threshold={t}: out-of-fold train same grouped {same:.3f}, different apart {apart:.3f}")
    p_full_c = predict(cand_x[:, full_cols], w_full, b_full)
    p_lex_c = predict(cand_x[:, lex_cols], w_lex, b_lex)
    lo, hi = band(p_lex_c, p_full_c, t)
    inside = float(np.mean((p_lex_c >= lo) & (p_lex_c < hi))) if len(cand_x) else 0.0
    print(f"lexical model C={c_lex}; band [{lo}, {hi}): {inside:.3f} of {len(cand_x)} candidate pairs need the cosine")

    raw = labels_path.read_bytes()
    out = {
        "about": "Logistic-regression pair judge of pipeline/compare/judge.py (full: with the MiniLM cosine; lexical: without, used outside the band); trained by scripts/train_judge.py (make learn).",
        "provenance": {
            "data": "hand-labelled PolNeAR candidate pairs (models/labels/polnear_pairs.jsonl, references only; Newell, Margolin and Ruths, LREC 2018), train split",
            "labels_sha256": hashlib.sha256(raw).hexdigest(),
            "features_version": features_version(),
            "pairs_train": len(train),
            "same_train": int(y.sum()),
            "different_train": int(len(y) - y.sum()),
            "pairs_not_in_run": missing,
            "candidate_pairs_for_band": int(len(cand_x)),
            "C_full": c_full,
            "C_lexical": c_lex,
            "folds": FOLDS,
            "min_specificity": MIN_SPECIFICITY,
            "band_budget": BAND_BUDGET,
            "oof_train_same_grouped": round(same, 4),
            "oof_train_different_apart": round(apart, 4),
            "sklearn_version": sklearn.__version__,
        },
        "features": list(FEATURE_NAMES),
        "full": {"bias": round(b_full, 6), "weights": {n: round(float(v), 6) for n, v in zip(FEATURE_NAMES, w_full)}},
        "lexical": {"bias": round(b_lex, 6), "weights": {n: round(float(v), 6) for n, v in zip(LEXICAL, w_lex)}},
        "threshold": t,
        "band": [lo, hi],
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    if args.report:
        report(pairs, t, w_full, b_full)
        group_report(run, pairs)
    return 0


def report(pairs: list[dict], t: float, w_full: np.ndarray, b_full: float) -> None:
    """Dev figures (the only place dev is read): old rule vs judge, and the ablation."""
    train = [p for p in pairs if p["split"] == "train"]
    dev = [p for p in pairs if p["split"] == "dev"]
    xt, yt = np.array([p["x"] for p in train]), np.array([p["y"] for p in train])
    xd, yd = np.array([p["x"] for p in dev]), np.array([p["y"] for p in dev])
    old = np.array([p["old_score"] for p in dev])
    print(f"\ndev: {len(dev)} pairs ({int(yd.sum())} same, {int(len(yd) - yd.sum())} different)")
    print("| model | same linked | different kept apart |")
    print("| --- | ---: | ---: |")
    s, a = rates(old, yd, LINK_THRESHOLD)
    print(f"| old rule (score >= {LINK_THRESHOLD}) | {s:.2f} | {a:.2f} |")
    s, a = rates(predict(xd, w_full, b_full), yd, t)
    print(f"| judge (threshold {t}) | {s:.2f} | {a:.2f} |")
    print("\n| without | threshold | same linked | different kept apart |")
    print("| --- | ---: | ---: | ---: |")
    for drop in FEATURE_NAMES:
        cols = columns([n for n in FEATURE_NAMES if n != drop])
        c, td, _ = choose(xt[:, cols], yt)
        w, b = fit(xt[:, cols], yt, c)
        s, a = rates(predict(xd[:, cols], w, b), yd, td)
        print(f"| {drop} | {td} | {s:.2f} | {a:.2f} |")
    by = {}
    for p, q in zip(dev, predict(xd, w_full, b_full)):
        by.setdefault(p["stratum"], []).append((p["y"], q >= t, p["old_score"] >= LINK_THRESHOLD))
    print("\n| stratum | same | judge links same | old links same | different | judge keeps apart | old keeps apart |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for k in sorted(by):
        v = by[k]
        ns = sum(1 for y, _, _ in v if y)
        nd = len(v) - ns
        print(
            f"| {k} | {ns} | {sum(1 for y, j, _ in v if y and j)} | {sum(1 for y, _, o in v if y and o)} | {nd} | {sum(1 for y, j, _ in v if not y and not j)} | {sum(1 for y, _, o in v if not y and not o)} |"
        )


def group_report(run: Path, pairs: list[dict]) -> None:
    """Dev pairs after grouping the whole run (what a user sees): in one group or
    apart, with the rule (lexical score, embedding links) and with the judge
    (the model file written above, loaded by the run-time code)."""
    from pipeline.compare import judge as judge_module
    from pipeline.compare.grouping import group_claims

    claims, texts, model = load_run(run)
    claims["speaker_canonical"] = fill_speaker_canonical(claims, texts)
    judge_module.load_judge.cache_clear()
    print("\n| grouping (whole run, embeddings on) | split | same in one group | different apart |")
    print("| --- | --- | ---: | ---: |")
    for name, use_judge in (("rule", False), ("judge", True)):
        group_of = dict(zip(*group_claims(claims, model, embed=True, use_judge=use_judge)[["claim_id", "group_id"]].T.values))
        ids = claims["claim_id"].tolist()
        for split in ("train", "dev"):
            ps = [p for p in pairs if p["split"] == split]
            together = np.array([group_of[ids[p["i"]]] == group_of[ids[p["j"]]] for p in ps])
            y = np.array([p["y"] for p in ps])
            print(f"| {name} | {split} | {together[y == 1].mean():.2f} | {(~together[y == 0]).mean():.2f} |")


if __name__ == "__main__":
    sys.exit(main())
