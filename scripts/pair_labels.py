"""The hand-labelled PolNeAR claim pairs (models/labels/polnear_pairs.jsonl).

The file holds references, never PolNeAR text (research use only: the texts
belong to their publishers and stay in ../shared/eval). Each pair names two
claims by PolNeAR article id and character offsets into that article's
``text``; ``load_pairs()`` rebuilds the claim and sentence texts from
../shared/eval for training and evaluation:

    from scripts.pair_labels import load_pairs
    for p in load_pairs(split="train"):
        p["a"]["claim"], p["a"]["sentence"], p["b"]["claim"], p["label"], p["reason"]

Command line (labelling):

    python scripts/pair_labels.py apply LABELS.tsv   # pair_id<TAB>label<TAB>reason lines -> the file
    python scripts/pair_labels.py split              # assign the train/dev split (by story)
    python scripts/pair_labels.py summary            # counts per label, split and stratum
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
LABELS_PATH = ROOT / "models" / "labels" / "polnear_pairs.jsonl"
LABELS = ("same", "different", "unsure")
DEV_FRACTION = 0.3
SPLIT_SALT = "pairs-split-1"


def load_polnear(eval_dir: Path = EVAL_DIR) -> dict[str, dict]:
    """PolNeAR records (train and dev) by article id."""
    records = {}
    for name in ("polnear.train.jsonl", "polnear.dev.jsonl"):
        with open(Path(eval_dir) / name, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    records[r["id"]] = r
    return records


def read_labels(path: Path = LABELS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_labels(records: list[dict], path: Path = LABELS_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    tmp.replace(path)


def pair_texts(pair: dict, polnear: dict[str, dict]) -> dict:
    """{"a": {"claim", "sentence"}, "b": {...}} from the article texts."""
    out = {}
    for side in ("a", "b"):
        x = pair[side]
        text = polnear[x["article"]]["text"]
        out[side] = {"claim": text[x["start"] : x["end"]], "sentence": text[x["sentence_start"] : x["sentence_end"]]}
    return out


def load_pairs(split: str | None = None, labelled_only: bool = True, path: Path = LABELS_PATH, eval_dir: Path = EVAL_DIR) -> list[dict]:
    """The labelled pairs with their texts rebuilt from PolNeAR: each record as
    in the file, with ``a["claim"]``, ``a["sentence"]`` (same for ``b``).
    ``split``: "train" or "dev" (None: both)."""
    polnear = load_polnear(eval_dir)
    out = []
    for rec in read_labels(path):
        if labelled_only and rec.get("label") not in LABELS:
            continue
        if split is not None and rec.get("split") != split:
            continue
        texts = pair_texts(rec, polnear)
        rec = {**rec, "a": {**rec["a"], **texts["a"]}, "b": {**rec["b"], **texts["b"]}}
        out.append(rec)
    return out


def apply(tsv: Path, path: Path = LABELS_PATH) -> int:
    """Merge ``pair_id<TAB>label<TAB>reason`` lines into the label file."""
    records = read_labels(path)
    index = {r["pair_id"]: r for r in records}
    n = 0
    for line in Path(tsv).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, label, reason = (line.split("\t") + ["", ""])[:3]
        pid, label, reason = pid.strip(), label.strip(), reason.strip()
        if pid not in index:
            raise SystemExit(f"unknown pair id {pid}")
        if label not in LABELS:
            raise SystemExit(f"{pid}: label {label!r} not in {LABELS}")
        index[pid]["label"], index[pid]["reason"] = label, reason
        n += 1
    write_labels(records, path)
    return n


def _text_key(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def assign_split(records: list[dict], polnear: dict[str, dict] | None = None) -> None:
    """Train/dev by story, about DEV_FRACTION dev, deterministic.

    A story unit is a connected component of the graph whose nodes are the
    pairs, their claims (article + offsets) and the claims' normalised texts
    (lower case, letters, digits and spaces): pairs that share a claim, or a
    claim worded identically in another article ("It takes 1,237 delegates to
    win the Republican nomination for president." recurs in several
    Breitbart articles), fall in one unit, so the same statement is never on
    both sides. Units are ordered by a salted SHA-1 of their sorted pair ids
    and go to dev while dev holds less than DEV_FRACTION of the pairs.

    (A unit by publication week of the earlier article was tried first: the
    weeks chain through shared claims into one component of 648 of the 653
    pairs, so no 70/30 split exists at that grain.)"""
    polnear = load_polnear() if polnear is None else polnear
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for r in records:
        node = "pair:" + r["pair_id"]
        texts = pair_texts(r, polnear)
        for side in ("a", "b"):
            x = r[side]
            union(node, f"claim:{x['article']}:{x['start']}:{x['end']}")
            union(node, "text:" + _text_key(texts[side]["claim"]))
    units: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        units[find("pair:" + r["pair_id"])].append(r)
    order = sorted(
        units.values(), key=lambda rs: hashlib.sha1((SPLIT_SALT + "|".join(sorted(r["pair_id"] for r in rs))).encode()).hexdigest()
    )
    target = DEV_FRACTION * len(records)
    n_dev = 0
    for rs in order:
        split = "dev" if n_dev + len(rs) / 2 <= target else "train"
        if split == "dev":
            n_dev += len(rs)
        for r in rs:
            r["split"] = split


def summary(records: list[dict]) -> str:
    lines = []
    by = Counter((r.get("split"), r.get("label")) for r in records)
    lines.append("| split | same | different | unsure | unlabelled | total |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for split in ("train", "dev", None):
        row = [by[(split, lab)] for lab in LABELS] + [by[(split, None)]]
        if sum(row):
            lines.append(f"| {split or 'none'} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    tot = [sum(by[(s, lab)] for s in ("train", "dev", None)) for lab in (*LABELS, None)]
    lines.append("| all | " + " | ".join(map(str, tot)) + f" | {sum(tot)} |")
    lines.append("")
    st = Counter((r["stratum"], r.get("label")) for r in records)
    lines.append("| stratum | same | different | unsure | total |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for name in sorted({r["stratum"] for r in records}):
        row = [st[(name, lab)] for lab in LABELS]
        lines.append(f"| {name} | " + " | ".join(map(str, row)) + f" | {sum(st[(name, lab)] for lab in (*LABELS, None))} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == "apply":
        print(f"applied {apply(Path(argv[1]))} labels")
    elif argv[0] == "split":
        records = read_labels()
        assign_split(records)
        write_labels(records)
        print(summary(records))
    elif argv[0] == "summary":
        print(summary(read_labels()))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
