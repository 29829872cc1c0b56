"""Du et al. 2019: the settings every stage shares (keys, widths) and the theory formulas."""
from __future__ import annotations

import numpy as np

PAPER = "du2019"
TRAIN_DTYPE = "float32"  # the spec's calibration ran in float32; spectra are float64
# What every stage reads of the paper's block (the plot and claims add their own keys).
DATA_KEYS = ("du2019.seed", "du2019.n", "du2019.d", "du2019.widths", "du2019.small_widths")
RUN_KEYS = (*DATA_KEYS, "du2019.eta", "du2019.steps", "du2019.seeds", "du2019.activation", "du2019.output_weights")


def all_widths(cfg: dict) -> list[int]:
    return sorted(set(cfg["widths"]) | set(cfg["small_widths"]))


def excess_loss(run: dict) -> np.ndarray:
    """rho_m = [L(T)/L(0)] / [L_lin(T)/L_lin(0)] per width (spec section 2, fig1a)."""
    L, Llin = run["loss"], run["lin_loss"]
    return (L[-1] / L[0]) / (Llin[-1] / Llin[0])
