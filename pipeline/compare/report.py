"""Summaries and a plain-text table of the multi-source groups (``claims compare DIR --show``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .cells import as_list, string_cell


def summarize(groups: pd.DataFrame) -> dict:
    """Counts over a CLAIM_GROUPS table."""
    per_group = groups.drop_duplicates("group_id")
    return {
        "n_claims": int(len(groups)),
        "n_groups": int(len(per_group)),
        "n_multi_source_groups": int((per_group["n_sources"] >= 2).sum()),
        "n_agree": int((per_group["agreement"] == "agree").sum()),
        "n_conflict": int((per_group["agreement"] == "conflict").sum()),
    }


def format_groups(out_dir: str | Path, n: int = 10) -> str:
    """The ``n`` largest multi-source groups as a plain-text table
    (source, speaker, numbers, text), for ``claims compare DIR --show``."""
    out_dir = Path(out_dir)
    groups = pq.read_table(out_dir / "claim_groups.parquet").to_pandas()
    multi = groups[groups["n_sources"] >= 2]
    if multi.empty:
        return "no claim is shared by two or more sources"
    cols = ["claim_id", "source", "speaker", "speaker_canonical", "numbers", "text", "published"]
    claims = pq.read_table(out_dir / "claims.parquet", columns=cols).to_pandas().set_index("claim_id")
    order = (
        multi.drop_duplicates("group_id")
        .sort_values(["n_sources", "n_claims", "group_id"], ascending=[False, False, True])
        .head(n)["group_id"]
        .tolist()
    )
    lines = []
    widths = (22, 24, 22)
    for gid in order:
        rows = multi[multi["group_id"] == gid]
        head = rows.iloc[0]
        agreement, counted = string_cell(head["agreement"]), string_cell(head["counted"])
        lines.append(
            f"group {gid}: {int(head['n_claims'])} claims, {int(head['n_sources'])} sources"
            + (f", {agreement}" if agreement else "")
            + (f" ({counted})" if counted else "")
        )
        lines.append(f"  {'source':<{widths[0]}} {'speaker':<{widths[1]}} {'numbers':<{widths[2]}} text")
        for _, r in rows.iterrows():
            c = claims.loc[r["claim_id"]] if r["claim_id"] in claims.index else None
            if c is None:
                continue
            speaker = string_cell(c["speaker_canonical"]) or string_cell(c["speaker"]) or "-"
            nums = ", ".join(x["text"] for x in as_list(c["numbers"]) if x.get("text")) or "-"
            text = " ".join(str(c["text"]).split())
            lines.append(
                f"  {_cut(string_cell(c['source']) or '-', widths[0]):<{widths[0]}} {_cut(speaker, widths[1]):<{widths[1]}} "
                f"{_cut(nums, widths[2]):<{widths[2]}} {_cut(text, 100)}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cut(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"
