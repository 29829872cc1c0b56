"""Oymak & Soltanolkotabi 2019: the settings every stage shares (panels, columns, the paper's grid).

The data, the initial weights and the output weights v of each problem are drawn by the engine itself
(``overparam.phase_transition.draw``): they are padded into batches there. No torch here.
"""
from __future__ import annotations

from ...divergence import DIVERGED_AT

PAPER = "oymak2019"
TRIAL_COLUMNS = ["n", "activation", "k", "d", "trial", "seed", "success", "diverged", "iters", "final_rel_err",
                 "init_rel_err", "eta", "max_iter", "tol", "loss_scale", "dtype"]
CELL_COLUMNS = ["n", "activation", "k", "d", "trials", "successes", "probability", "diverged", DIVERGED_AT]
FULL_GRID = list(range(1, 26))

# What the stages read of the paper's block: the panels (activations x n) and the grid; compute and the plot add
# the GD settings (claims: max_iter and loss_scale), claims and plot the profile.
PANEL_KEYS = ("oymak2019.activations", "oymak2019.ns")
GRID_KEYS = ("oymak2019.ks", "oymak2019.ds", "oymak2019.trials")
GD_KEYS = ("oymak2019.max_iter", "oymak2019.tol", "oymak2019.loss_scale")


def panel_ids(cfg: dict) -> dict[tuple[str, int], str]:
    """(activation, n) -> panel id: (a) first activation, smaller n; (b) larger n; (c, d) second activation."""
    ids = {}
    letters = iter("abcd")
    for spec in cfg["activations"]:
        for n in sorted(cfg["ns"]):
            ids[(spec["name"], n)] = f"oymak2019-fig2{next(letters)}"
    return ids
