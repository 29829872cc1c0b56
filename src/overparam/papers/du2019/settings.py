"""Du et al. 2019: the settings every stage shares (data, initial weights, widths) and the theory formulas."""
from __future__ import annotations

import numpy as np

from ...data import gaussian_labels, uniform_sphere
from ...weights import init_fixed_output
from ...seeding import rng

PAPER = "du2019"
TRAIN_DTYPE = "float32"  # the spec's calibration ran in float32; spectra are float64
# What every stage reads of the paper's block (the plot and claims add their own keys).
DATA_KEYS = ("du2019.seed", "du2019.n", "du2019.d", "du2019.widths", "du2019.small_widths")
RUN_KEYS = (*DATA_KEYS, "du2019.eta", "du2019.steps", "du2019.seeds", "du2019.activation", "du2019.output_weights")


def all_widths(cfg: dict) -> list[int]:
    return sorted(set(cfg["widths"]) | set(cfg["small_widths"]))


def dataset(cfg: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each seed draws its own data set; all widths of a seed share it."""
    g = rng(cfg["seed"], "du2019-data", seed)
    X = uniform_sphere(g, cfg["n"], cfg["d"])
    y = gaussian_labels(g, cfg["n"])
    return X, y


def initial_weights(cfg: dict, seed: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """w_r ~ N(0, I_d); a_r uniform on {-1, +1} (or N(0, 1)); a stream of its own per (seed, width)."""
    return init_fixed_output(rng(cfg["seed"], "du2019-init", seed, m), m, cfg["d"], cfg["output_weights"])


def excess_loss(run: dict) -> np.ndarray:
    """rho_m = [L(T)/L(0)] / [L_lin(T)/L_lin(0)] per width (spec section 2, fig1a)."""
    L, Llin = run["loss"], run["lin_loss"]
    return (L[-1] / L[0]) / (Llin[-1] / Llin[0])
