"""Panigrahi et al. 2020: the tidy CSV of exactly what each panel of Figures 1 and 2 plots, from the run files."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...divergence import DIVERGED_AT, FINITE
from ...io import write_csv
from ...jobs import JobContext, entry
from .settings import FIG1_TABLE_KEYS, clip_floor, load_fig1_runs, load_fig2_runs, panel_names


# ---------------------------------------------------------------- Figure 1

def loss_table(train: dict) -> pd.DataFrame:
    """Per-run curves and their mean over runs (run = 'mean'): what panels (a) and (b) plot."""
    rows = []
    epochs = train["epochs"]
    for i, act in enumerate(train["activations"]):
        L, Llin = train["loss"][i], train["lin_loss"][i]
        bad = np.asarray(train["first_nonfinite_step"][i])
        curves = [(str(r), L[r], Llin[r], int(bad[r])) for r in range(L.shape[0])]
        # the mean is NaN from the first epoch at which any run is; it diverged where that run did
        curves.append(("mean", L.mean(0), Llin.mean(0), int(bad[bad >= 0].min()) if (bad >= 0).any() else FINITE))
        for run, loss, lin, diverged_at in curves:
            rows.append(pd.DataFrame({"activation": act, "run": run, "epoch": epochs, "loss": loss,
                                      "normalized_loss": loss / loss[0], "lin_loss": lin, DIVERGED_AT: diverged_at}))
    return pd.concat(rows, ignore_index=True)


def spectrum_table(spec: dict) -> pd.DataFrame:
    """Sorted eigenvalues, clipped at the float64 floor: per run, their mean, and the infinite-width ones."""
    rows = []
    n = spec["finite"].shape[-1]
    index = np.arange(1, n + 1)
    for i, act in enumerate(spec["activations"]):
        finite = clip_floor(spec["finite"][i])
        for r in range(finite.shape[0]):
            rows.append(pd.DataFrame({"activation": act, "kind": "finite", "run": str(r), "index": index,
                                      "eigenvalue": finite[r]}))
        rows.append(pd.DataFrame({"activation": act, "kind": "finite", "run": "mean", "index": index,
                                  "eigenvalue": finite.mean(0)}))
        rows.append(pd.DataFrame({"activation": act, "kind": "infinite", "run": "exact", "index": index,
                                  "eigenvalue": clip_floor(spec["infinite"][i])}))
    return pd.concat(rows, ignore_index=True)


def fig1_tables(train: dict[int, dict], spec: dict[int, dict], cfg: dict) -> dict[str, pd.DataFrame]:
    small, large = sorted(cfg["ns"])
    return {
        "panigrahi2020-fig1a": loss_table(train[small]),
        "panigrahi2020-fig1b": loss_table(train[large]),
        "panigrahi2020-fig1c": spectrum_table(spec[small]),
        "panigrahi2020-fig1d": spectrum_table(spec[large]),
    }


@entry(*FIG1_TABLE_KEYS)
def fig1_tables_job(job: JobContext) -> None:
    train, spectra = load_fig1_runs(job)
    panels = fig1_tables(train, spectra, job.config["panigrahi2020"]["fig1"])
    for name, path in zip(panel_names("panigrahi2020-fig1"), job.output):
        write_csv(panels[name], path)


# ---------------------------------------------------------------- Figure 2

def fig2_tables(geo: dict, spec: dict, train: dict) -> dict[str, pd.DataFrame]:
    edges = geo["edges"]
    k = np.arange(1, len(geo["cumulative_ratio"]) + 1)
    spectra = []
    for i, act in enumerate(spec["activations"]):
        n = spec["finite"].shape[1]
        for kind in ("finite", "infinite"):
            spectra.append(pd.DataFrame({"activation": act, "kind": kind, "index": np.arange(1, n + 1),
                                         "eigenvalue": spec[kind][i]}))
    curves = [pd.DataFrame({"activation": act, "epoch": train["epochs"], "loss": train["loss"][i],
                            DIVERGED_AT: int(train["first_nonfinite_epoch"][i])})
              for i, act in enumerate(train["activations"])]
    return {
        "panigrahi2020-fig2a": pd.DataFrame({"bin_left": edges[:-1], "bin_right": edges[1:], "count": geo["counts"]}),
        "panigrahi2020-fig2b": pd.DataFrame({"k": k, "cumulative_ratio": geo["cumulative_ratio"]}),
        "panigrahi2020-fig2c": pd.concat(spectra, ignore_index=True),
        "panigrahi2020-fig2d": pd.concat(curves, ignore_index=True),
    }


@entry()
def fig2_tables_job(job: JobContext) -> None:
    panels = fig2_tables(*load_fig2_runs(job))
    for name, path in zip(panel_names("panigrahi2020-fig2"), job.output):
        write_csv(panels[name], path)
