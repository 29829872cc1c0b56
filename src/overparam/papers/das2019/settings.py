"""Das & Golikov 2019: what every stage shares (no torch): the data sets, initial weights, the activation's
constants, the width-threshold formulas of the paper and its errata, the config keys each stage reads, and the
accessors of the run files that both the tables and the claims read.

Tolerance bands come from the paper's statements and the spec's tests T1.x-T4.x (specs/das2019.md, section 3),
never from the runs.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...activations import Activation

PAPER = "das2019"
ACT = "softplus"  # the paper's example activation
# sup|sigma'| and sup|sigma''| for softplus; the assumptions are strict inequalities, so the limits (spec 1.4).
C1, C2 = 1.0, 0.25
KAPPA = 1.0  # |y_i| <= kappa for y ~ U[-1, 1]
ZERO_TOL = 1e-12  # an eigenvalue below ZERO_TOL * lambda_max is a numerical zero (spec T4.1)
EIG_FLOOR = 1e-18  # log-scale floor for exact zeros in supp4 (a)
DATASETS = {"ref": "D_ref", "tiny": "D_tiny"}  # run files train_{key}.npz, in this order

# The config keys each stage reads (its @entry declares them; the plots add their own).
SUPP1_WIDTH_KEYS = ("das2019.supp1.bstar_fraction", "das2019.supp1.gd_fraction", "das2019.supp1.gd_eps")
COMPUTE_KEYS = (
    "das2019.seed", "das2019.delta_prime",
    "das2019.supp1.d", "das2019.supp1.ns", "das2019.supp1.mc_samples", "das2019.supp1.mc_max_n",
    "das2019.supp1.bstar_seeds", "das2019.supp1.bstar_max_width", "das2019.supp1.gd_seeds", "das2019.supp1.gd_max_n",
    "das2019.supp1.gd_widths", "das2019.supp1.gd_eps", "das2019.supp1.gd_time_factor",
    "das2019.train.time", "das2019.train.ref", "das2019.train.tiny", "das2019.train.small_eta",
    "das2019.train.small_eta_width", "das2019.train.moment_seeds", "das2019.train.moment_width",
)
COUNTEREXAMPLE_KEYS = (
    "das2019.seed", "das2019.supp4.pairs", "das2019.supp4.d", "das2019.supp4.perturbation",
    "das2019.supp4.activations", "das2019.supp4.seeds", "das2019.supp4.A", "das2019.supp4.B",
    "das2019.supp4.B_perturbed",
)
TABLES_KEYS = (
    *SUPP1_WIDTH_KEYS, "das2019.delta_prime", "das2019.train.supp2_widths", "das2019.train.small_eta_width",
    "das2019.supp4.activations", "das2019.supp4.log_points",
)
CLAIMS_KEYS = (
    *SUPP1_WIDTH_KEYS, "das2019.delta_prime", "das2019.supp1.mc_samples", "das2019.supp1.gd_time_factor",
    "das2019.train.small_eta_width", "das2019.train.moment_width", "das2019.supp4.activations",
    "das2019.supp4.pairs", "profile",
)

def plateau_prediction(X: np.ndarray, y: np.ndarray, plus: np.ndarray, minus: np.ndarray) -> float:
    """L_inf = 1/4 ||(I - P_R)(y_+ - y_-)||^2 (spec E1): the odd part of u on the pairs is linear in x for every W."""
    R = X[plus]
    target = y[plus] - y[minus]
    coef, *_ = np.linalg.lstsq(R, target, rcond=None)
    return float(0.25 * np.sum((target - R @ coef) ** 2))


def null_directions(X: np.ndarray, plus: np.ndarray, minus: np.ndarray) -> np.ndarray:
    """Orthonormal basis of {alpha = (beta, -beta) on the pairs : R^T beta = 0} (columns), the predicted null space."""
    R = X[plus]
    _, s, Vt = np.linalg.svd(R.T, full_matrices=True)
    rank = int(np.sum(s > 1e-12 * max(1.0, s.max(initial=0.0))))
    betas = Vt[rank:].T  # (pairs, pairs - rank)
    alphas = np.zeros((X.shape[0], betas.shape[1]))
    alphas[plus] = betas
    alphas[minus] = -betas
    return alphas / np.sqrt(2.0)


def predicted_null_space(X: np.ndarray, plus: np.ndarray, minus: np.ndarray, act: Activation) -> np.ndarray:
    """The null space of H^inf that the antipodal structure forces (orthonormal columns; spec E1).

    sigma(t) - sigma(-t) = t (softplus, GELU, SiLU): phi(x) - phi(-x) = x for every w, so (beta, -beta) with
    R^T beta = 0. tanh (odd): phi(x) + phi(-x) = 0, so (e_j, e_j) for every pair j. Otherwise nothing is forced.
    """
    if act.parity == "odd_plus_linear":
        return null_directions(X, plus, minus)
    if act.parity == "odd":
        alphas = np.zeros((X.shape[0], len(plus)))
        alphas[plus, np.arange(len(plus))] = 1.0
        alphas[minus, np.arange(len(plus))] = 1.0
        return alphas / np.sqrt(2.0)
    return np.zeros((X.shape[0], 0))


def gd_steps(lam0: float, lam_max: float, time: float) -> int:
    """K = ceil(T / eta) with eta = 1/lambda_max."""
    return int(math.ceil(time * lam_max / lam0))


# ---------------------------------------------------------------- constants and width thresholds

def D_constant(c3: float, kappa: float = KAPPA) -> float:
    """D = sqrt(kappa^2 + c3) of Thm 4.6(b)."""
    return math.sqrt(kappa**2 + c3)


def log_delta_prime(n, delta_prime: float, c3: float) -> np.ndarray:
    """L_delta' = max(ln(4 n^2 / delta'), D / (2 c1 c2 delta')): the ln(2n/delta) that Thm 4.6(b) needs for a total
    failure probability delta' (erratum E4: it grows like 1/delta', not like ln(1/delta'))."""
    n = np.asarray(n, dtype=np.float64)
    return np.maximum(np.log(4 * n**2 / delta_prime), D_constant(c3) / (2 * C1 * C2 * delta_prime))


def threshold_printed(n, lam0, delta_prime: float) -> np.ndarray:
    """Thm 4.2 / 4.6(b) as printed: m > 64 c1^2 c2^2 n^2 ln(2n/delta) / lambda0^2 with delta = delta'/n."""
    n = np.asarray(n, dtype=np.float64)
    delta = delta_prime / n
    with np.errstate(divide="ignore"):  # lambda0 = 0: no width suffices
        return 64 * C1**2 * C2**2 * n**2 * np.log(2 * n / delta) / np.asarray(lam0, dtype=np.float64) ** 2


def threshold_width(n: int, lam0: float, delta_prime: float) -> int:
    """The smallest integer width above the printed threshold (the theorem's own regime, m_DG)."""
    return int(math.floor(float(threshold_printed(n, lam0, delta_prime)))) + 1


THRESHOLD_SERIES = ["DG printed", "DG at delta'", "DG at delta', E3 fix", "DG corrected (E2)", "Song-Yang",
                    "Du et al.", "Song-Yang (softplus lambda0)", "Du et al. (softplus lambda0)", "O&S params"]


def threshold_lines(n, lam0_softplus, lam0_relu, d: int, delta_prime: float, c3: float) -> dict[str, np.ndarray]:
    """Every width line of supp1 (b), each with the lambda0 of its own theorem (constants 1 for Du and SY)."""
    n = np.asarray(n, dtype=np.float64)
    ls, lr = np.asarray(lam0_softplus, dtype=np.float64), np.asarray(lam0_relu, dtype=np.float64)
    L = log_delta_prime(n, delta_prime, c3)
    D2 = D_constant(c3) ** 2
    with np.errstate(divide="ignore"):  # lambda0 = 0 gives an infinite width, which is the right answer
        lines = _lines(n, ls, lr, L, D2, d, delta_prime)
    assert list(lines) == THRESHOLD_SERIES
    return lines


def _lines(n, ls, lr, L, D2, d, delta_prime):
    return {
        "DG printed": threshold_printed(n, ls, delta_prime),
        "DG at delta'": 64 * C1**2 * C2**2 * n**2 * L / ls**2,
        "DG at delta', E3 fix": 128 * C1**2 * C2**2 * n**2 * L / ls**2,
        # E2's corrected chain with Markov on ||y - u(0)||^2 at delta_2 = delta'/2: 1024 c1^4 c2^2 D^2 n^4/(delta_2 l0^4)
        "DG corrected (E2)": 1024 * C1**4 * C2**2 * D2 * n**4 / (0.5 * delta_prime * ls**4),
        "Song-Yang": n**4 * np.log(n / delta_prime) / lr**4,
        "Du et al.": n**6 / (lr**4 * delta_prime**3),
        "Song-Yang (softplus lambda0)": n**4 * np.log(n / delta_prime) / ls**4,
        "Du et al. (softplus lambda0)": n**6 / (ls**4 * delta_prime**3),
        "O&S params": n**2 / d,
    }


def width_grid(max_width: int) -> list[int]:
    """G = {round(2^(k/2))} up to max_width (spec, das2019-supp1 (b))."""
    out, k = [], 0
    while round(2 ** (k / 2)) <= max_width:
        out.append(int(round(2 ** (k / 2))))
        k += 1
    return sorted(set(out))


def stable_width(grid, fraction, level: float) -> float:
    """Smallest grid width such that fraction >= level there and at every larger grid width; NaN if none."""
    ok = np.asarray(fraction, dtype=np.float64) >= level  # NaN compares False
    if ok.size == 0 or not ok[-1]:
        return float("nan")
    j = len(ok) - 1
    while j > 0 and ok[j - 1]:
        j -= 1
    return float(grid[j])


def supp1_widths(run: dict, cfg: dict) -> dict[str, np.ndarray]:
    """m_B*(n) and m_GD*(n) from the compute file (NaN where no grid width qualifies)."""
    c = cfg["supp1"]
    frac_b = np.mean(run["bstar_lmin"] > 0.75 * run["lambda0"][:, None, None], axis=2)
    mb = np.array([stable_width(run["bstar_grid"], f, c["bstar_fraction"]) for f in frac_b])
    frac_g = np.mean(np.nan_to_num(run["gd_min_ratio"], nan=np.inf) <= c["gd_eps"], axis=1)
    mg = np.array([stable_width(run["gd_widths"], f, c["gd_fraction"]) for f in frac_g])
    return {"m_B": mb, "m_GD": mg, "bstar_fraction": frac_b, "gd_fraction": frac_g}


def loglog_slope(x, y) -> float:
    """Least-squares slope of log y against log x (NaN if any value is not positive and finite)."""
    x, y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    if x.size < 2 or not np.all(np.isfinite(y) & (y > 0)) or np.unique(x).size < 2:
        return float("nan")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


# ---------------------------------------------------------------- run-file accessors

def thr_datasets(train: dict[str, dict]) -> list[str]:
    return [w for w in ("tiny", "ref") if w in train and "thr_loss" in train[w]]


def loss_ratio(run: dict, prefix: str) -> np.ndarray:
    L = run[f"{prefix}_loss"]
    return L / L[0]


def initial_residual(run: dict, prefix: str) -> np.ndarray:
    """||y - u(0)|| per [seed, width]."""
    return np.sqrt(2 * run[f"{prefix}_loss"][0])


def envelope(run: dict, prefix: str) -> np.ndarray:
    return np.exp(-float(run["lambda0"]) * run[f"{prefix}_t"])


def lemma43_ok(run: dict, prefix: str) -> np.ndarray:
    """[seed, width]: Lemma 4.3's hypothesis lambda_min(C(s)) > lambda0/2 at every recorded s.

    A run with NaN (diverged) counts as meeting it, so that its NaN reaches and fails the claims that use it.
    """
    lmin = run[f"{prefix}_lmin"]
    return np.all((lmin > 0.5 * float(run["lambda0"])) | np.isnan(lmin), axis=0)


def late_rate(run: dict, prefix: str) -> np.ndarray:
    """r_hat = -slope of ln ratio against t over t in [T/2, T], per [seed, width] (spec T2.2)."""
    t = run[f"{prefix}_t"]
    ratio = loss_ratio(run, prefix)
    late = t >= t[-1] / 2
    out = np.full(ratio.shape[1:], np.nan)
    for idx in np.ndindex(*ratio.shape[1:]):
        r = ratio[(late, *idx)]
        if np.all(np.isfinite(r) & (r > 0)):
            out[idx] = -np.polyfit(t[late], np.log(r), 1)[0]
    return out


def movement_rows(train: dict[str, dict], delta_prime: float) -> pd.DataFrame:
    """One row per (data set, width, seed) with every supp3 quantity and its bounds (all float)."""
    frames = []
    for which, run in train.items():
        n, lam0 = float(run["n"]), float(run["lambda0"])
        for prefix in ("main", "thr"):
            if f"{prefix}_loss" not in run:
                continue
            r0 = initial_residual(run, prefix)  # [seed, width]
            widths = run[f"{prefix}_widths"].astype(np.float64)
            m = np.broadcast_to(widths, r0.shape)
            seeds = np.broadcast_to(run[f"{prefix}_seeds"][:, None], r0.shape)
            total = run[f"{prefix}_total_move"]
            lip = n * (2 * C1 * C2 / np.sqrt(widths)) * total  # [k, seed, width]: Remark 4.4 with 2 c1 c2
            drift = run[f"{prefix}_drift"]
            # k = 0 has 0/0; NaN (a diverged run) stays NaN
            over = np.divide(drift, lip, out=np.where(np.isnan(drift) | np.isnan(lip), np.nan, 0.0), where=lip > 0)
            frames.append(pd.DataFrame({
                "dataset": DATASETS[which], "run": prefix, "m": m.ravel(), "seed": seeds.ravel(), "r0": r0.ravel(),
                "max_move": np.max(run[f"{prefix}_max_move"], axis=0).ravel() / r0.ravel(),
                "total_move_T": total[-1].ravel() / r0.ravel(),
                "total_move_max": np.max(total, axis=0).ravel() / r0.ravel(),
                "ntk": run[f"{prefix}_ntk_move"].ravel() / r0.ravel(),
                "ntk_hinf": run[f"{prefix}_ntk_move_hinf"].ravel() / r0.ravel(),
                "c0_hinf": run[f"{prefix}_c0_hinf"].ravel(),
                "drift": np.max(run[f"{prefix}_drift"], axis=0).ravel(),
                "drift_over_lipschitz": np.max(over, axis=0).ravel(),
                "lipschitz_bound": np.max(lip, axis=0).ravel(),
                "min_lmin": np.min(run[f"{prefix}_lmin"], axis=0).ravel() / lam0,
                "lemma43_hypothesis": lemma43_ok(run, prefix).ravel().astype(float),
                "printed_43b": (np.sqrt(n) / (np.sqrt(m) * lam0)).ravel(),  # in units of r0
                "corrected_43b": (2 * C1 * np.sqrt(n) / (np.sqrt(m) * lam0)).ravel(),
                "radius": (np.sqrt(m) * lam0 / (16 * C1 * C2 * n)).ravel() / r0.ravel(),
                "thm42": (2 * C1 * C2 * n * np.sqrt(np.log(2 * n / (delta_prime / n)) / m)).ravel(),
                "lambda0": lam0, "n": n,
                "diverged_at": (run[f"{prefix}_first_nonfinite_step"].ravel() if f"{prefix}_first_nonfinite_step" in run
                                else np.full(r0.size, -1)),
            }))
    rows = pd.concat(frames, ignore_index=True)
    # Any NaN (a diverged run) must reach the claims: max/min below use numpy on these columns.
    return rows


