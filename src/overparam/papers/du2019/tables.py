"""Du et al. 2019: the tidy CSV of exactly what each panel plots, from the run files."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...divergence import DIVERGED_AT
from ...inputs import read_run
from ...io import write_csv
from ...jobs import JobContext, entry
from .registry import PAPER as REGISTERED
from .settings import all_widths, excess_loss


def _long(runs: dict[int, dict], key: str, column: str, widths: list[int]) -> pd.DataFrame:
    """One row per (m, seed, iteration); diverged_at is the run's first non-finite step (-1: stayed finite)."""
    frames = []
    for seed, run in sorted(runs.items()):
        w = run["widths"].tolist()
        cols = [w.index(m) for m in widths]
        values = run[key][:, cols]
        T = values.shape[0]
        frames.append(pd.DataFrame({
            "m": np.repeat(widths, T),
            "seed": seed,
            "iteration": np.tile(np.arange(T), len(widths)),
            column: values.T.reshape(-1),
            DIVERGED_AT: np.repeat(np.asarray(run["first_nonfinite_step"])[cols], T),
        }))
    return pd.concat(frames, ignore_index=True)


def tables(runs: dict[int, dict], cfg: dict) -> dict[str, pd.DataFrame]:
    """Tidy panel data keyed by panel id; one row per plotted point."""
    main, every = sorted(cfg["widths"]), all_widths(cfg)
    supp_a = _long(runs, "loss", "normalized_loss", every)
    lin = _long(runs, "lin_loss", "lin_normalized_loss", every)
    for frame, col in ((supp_a, "normalized_loss"), (lin, "lin_normalized_loss")):
        frame[col] = frame[col] / frame.groupby(["m", "seed"])[col].transform("first")
    supp_a.insert(supp_a.columns.get_loc("normalized_loss") + 1, "lin_normalized_loss", lin["lin_normalized_loss"])
    supp_b = pd.concat(
        [pd.DataFrame({"m": run["widths"], "seed": seed, "rho": excess_loss(run),
                       DIVERGED_AT: run["first_nonfinite_step"]}) for seed, run in sorted(runs.items())],
        ignore_index=True,
    )
    return {
        "du2019-fig1a": _long(runs, "loss", "loss", main),
        "du2019-fig1b": _long(runs, "pattern_change_fraction", "pattern_change_fraction", main),
        "du2019-fig1c": _long(runs, "max_distance", "max_distance", main),
        "du2019-supp1a": supp_a,
        "du2019-supp1b": supp_b,
    }


@entry("du2019.widths", "du2019.small_widths")
def tables_job(job: JobContext) -> None:
    runs = {seed: read_run(path) for seed, path in enumerate(job.input)}
    panels = tables(runs, job.config["du2019"])
    names = [panel.name for figure in REGISTERED.figures for panel in figure.panels]
    for name, path in zip(names, job.output):
        write_csv(panels[name], path)
