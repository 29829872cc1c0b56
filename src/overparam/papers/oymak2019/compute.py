"""Oymak & Soltanolkotabi 2019: one panel of Figure 2, every (k, d, trial) problem, batched and padded."""
from __future__ import annotations

import numpy as np
import pandas as pd
import torch

from ...activations import Activation, activation
from ...io import write_csv
from ...jobs import JobContext, entry
from ...phase_transition import Problem, run_grid
from .settings import GD_KEYS, TRIAL_COLUMNS


def problems(cfg: dict, n: int) -> list[Problem]:
    return [Problem(n, k, d, t) for k in cfg["ks"] for d in cfg["ds"] for t in range(cfg["trials"])]


def batch_size(cfg: dict, device: torch.device) -> int:
    """``oymak2019.batch_size`` for the job's device type: small padded batches on a CPU, one batch on a GPU."""
    return int(cfg["batch_size"][device.type])


def run_panel(cfg: dict, act: Activation, n: int, device: torch.device, progress: bool = True) -> pd.DataFrame:
    """One row per trial: success, iterations, final and initial relative error."""
    eta = {a["name"]: a["eta"] for a in cfg["activations"]}[act.name]
    probs = problems(cfg, n)
    res = run_grid(probs, act, eta, cfg["max_iter"], cfg["tol"], cfg["seed"], batch_size(cfg, device),
                   loss_scale=cfg["loss_scale"], device=device,
                   progress_label=f"oymak2019 {act.name} n={n}" if progress else None)
    return pd.DataFrame({
        "n": n, "activation": act.name,
        "k": [p.k for p in probs], "d": [p.d for p in probs], "trial": [p.trial for p in probs],
        "seed": cfg["seed"], "success": res["success"], "diverged": ~np.isfinite(res["final_rel_err"]),
        "iters": res["iters"], "final_rel_err": res["final_rel_err"], "init_rel_err": res["init_rel_err"],
        "eta": eta, "max_iter": cfg["max_iter"], "tol": cfg["tol"], "loss_scale": cfg["loss_scale"],
        "dtype": "float32",
    })[TRIAL_COLUMNS]


@entry("oymak2019.seed", "oymak2019.activations[{activation}]", "oymak2019.ks", "oymak2019.ds", "oymak2019.trials", *GD_KEYS,
       "oymak2019.batch_size", "device", device=True)
def phase_transition(job: JobContext) -> None:
    """The trials of one (activation, n) panel (wildcards), one row per problem."""
    torch.set_flush_denormal(True)  # softplus tails turn denormal as weights grow: 2.5-3x slower without (spec 2.3)
    trials = run_panel(job.config["oymak2019"], activation(job.wildcards.activation), int(job.wildcards.n),
                       job.device)
    write_csv(trials, job.output[0])
