"""Oymak & Soltanolkotabi 2019: the settings every stage shares (panels, columns, the paper-grid bands).

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
# Paper-grid bands of spec section 5 (from its 10-trial calibration), per activation and n index (0 = smaller n).
PAPER_BANDS = {  # activation: [(d0, mean threshold, D_eval, B_rho) for the smaller and the larger n]
    "softplus": [(12, 0.95, range(14, 26), 2.0), (14, 0.95, range(15, 26), 2.0)],
    "relu": [(14, 0.85, range(14, 26), 3.0), (19, 0.85, range(19, 26), 3.0)],
}
COMMON_D = {"softplus": range(15, 26), "relu": range(19, 26)}

# What the stages read of the paper's block: the panels (activations x n) and the grid; compute and the plot add
# the GD settings, claims and plot the profile.
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
