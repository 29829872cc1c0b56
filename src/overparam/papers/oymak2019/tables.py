"""Oymak & Soltanolkotabi 2019: the per-cell success probabilities, exactly what each heatmap panel plots."""
from __future__ import annotations

import pandas as pd

from ...divergence import DIVERGED_AT, FINITE
from ...inputs import read_table
from ...io import write_csv
from ...jobs import JobContext, entry
from .settings import CELL_COLUMNS


def cell_table(trials: pd.DataFrame) -> pd.DataFrame:
    """Per (k, d) cell: trials, successes and the empirical success probability.

    A trial whose error became NaN/Inf (``diverged``; its ``iters`` is that iteration) is a failure in the
    probability; ``diverged`` counts such trials and ``diverged_at`` is the earliest such iteration (-1: none).
    """
    trials = trials.assign(_bad_iter=trials["iters"].where(trials["diverged"].astype(bool)))
    cells = (trials.groupby(["n", "activation", "k", "d"], sort=True)
             .agg(trials=("success", "size"), successes=("success", "sum"), diverged=("diverged", "sum"),
                  first_bad=("_bad_iter", "min")).reset_index())
    cells["probability"] = cells["successes"] / cells["trials"]
    cells[DIVERGED_AT] = cells["first_bad"].fillna(FINITE).astype(int)
    cells["diverged"] = cells["diverged"].astype(int)
    return cells[CELL_COLUMNS]


@entry()
def tables_job(job: JobContext) -> None:
    """One cell table per trials file, in the panels' order (the rule lists both in that order)."""
    for trials_path, cells_path in zip(job.input, job.output):
        write_csv(cell_table(read_table(trials_path)), cells_path)
