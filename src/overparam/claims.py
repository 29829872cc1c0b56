"""Claims: one row per checked statement, with the value found and its tolerance band.

A claim passes when lower <= value <= upper (a missing bound is open). A NaN
value never passes. A row with neither bound is *reported*, not checked: its
``passed`` is empty. Per-figure claim files are aggregated into claims.csv.
"""
from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .io import write_csv
from .jobs import JobContext, entry

COLUMNS = ["claim_id", "paper", "figure", "statement", "value", "lower", "upper", "passed", "profile", "detail"]


@dataclass
class Claim:
    claim_id: str
    paper: str
    figure: str
    statement: str
    value: float
    lower: float | None = None
    upper: float | None = None
    profile: str = ""
    detail: str = ""
    passed: bool | None = field(init=False)

    def __post_init__(self):
        v = float(self.value)
        self.value = v
        if self.lower is None and self.upper is None:
            self.passed = None  # reported only
            return
        ok = not math.isnan(v)
        if self.lower is not None:
            ok = ok and v >= self.lower
        if self.upper is not None:
            ok = ok and v <= self.upper
        self.passed = bool(ok)


def claims_frame(claims: list[Claim]) -> pd.DataFrame:
    rows = [asdict(c) for c in claims]
    return pd.DataFrame(rows, columns=COLUMNS)


def aggregate(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack per-figure claim tables; claim ids must be unique across them."""
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    dupes = table["claim_id"][table["claim_id"].duplicated()].tolist()
    if dupes:
        raise ValueError(f"duplicate claim ids across figures: {dupes}")
    return table.sort_values(["paper", "figure", "claim_id"], kind="stable").reset_index(drop=True)


def not_built_row(claims_path, reason: str, profile: str = "") -> pd.DataFrame:
    """The row that stands for a figure whose claim file was not built: no value, no verdict."""
    figure = Path(claims_path).stem
    paper = figure.split("-")[0]
    return claims_frame([Claim(f"{figure}.not-built", paper, figure, f"NOT BUILT in this run: {reason}",
                               float("nan"), profile=profile, detail="its claims were not checked")])


def summary(table: pd.DataFrame) -> str:
    """'N/M checked claims passed, K reported[, F figures not built]'."""
    checked = table[table["passed"].notna()]
    passed = int((checked["passed"].astype(str) == "True").sum())
    missing = int(table["claim_id"].str.endswith(".not-built").sum())
    line = f"{passed}/{len(checked)} checked claims passed, {len(table) - len(checked) - missing} reported"
    return line + (f", {missing} figure(s) NOT BUILT" if missing else "")


@entry("profile")
def claims_table_job(job: JobContext) -> None:
    """Aggregate the per-figure claim files into results/{profile}/claims.csv."""
    table = aggregate([pd.read_csv(path) for path in job.input])
    write_csv(table, job.output[0])
    print(summary(table), file=sys.stderr)
    checked = table[table["passed"].notna()]
    for row in checked[checked["passed"].astype(str) != "True"].itertuples():
        print(f"FAILED {row.claim_id}: value {row.value} not in [{row.lower}, {row.upper}]", file=sys.stderr)
