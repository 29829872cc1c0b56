"""Divergence bookkeeping shared by the papers: a NaN or Inf in a training run is a failure, never a result.

Every engine stops (or masks) a run at its first non-finite loss and records that iteration; the
tidy panel CSVs carry it in a ``diverged_at`` column (-1: the run stayed finite), the claims table in a
``*.no-divergence`` row whose detail names the iteration, and the figures draw a cross at the last
finite point with the iteration in the legend and a red warning on the figure.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DIVERGED_AT = "diverged_at"  # column name in the panel CSVs; -1 = stayed finite
FINITE = -1


def diverged_curves(frame: pd.DataFrame, keys: list[str]) -> list[tuple[tuple, int]]:
    """(key values, first bad iteration) for every curve of a tidy table that diverged, in table order."""
    if DIVERGED_AT not in frame.columns:
        return []
    bad = frame[frame[DIVERGED_AT] >= 0].drop_duplicates(keys)
    # to_dict keeps each column's type (iterrows would turn integer keys into floats)
    return [(tuple(row[k] for k in keys), int(row[DIVERGED_AT])) for row in bad[keys + [DIVERGED_AT]].to_dict("records")]


def last_finite(curve: pd.DataFrame, x: str, y: str) -> tuple[float, float] | None:
    """The last plotted point of a curve before its values stop being finite (None if none is finite)."""
    ok = curve[np.isfinite(curve[y].to_numpy(dtype=float))]
    if ok.empty:
        return None
    return float(ok[x].iloc[-1]), float(ok[y].iloc[-1])
