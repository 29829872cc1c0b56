"""Oymak & Soltanolkotabi (2019): Figure 1 (network diagram) and Figure 2 (a-d) phase transitions.

Figure 2: the empirical probability that GD fits n random labels, over a grid of hidden units k and
input dimension d, for softplus (eta = 0.15) and ReLU (eta = 0.1) at two n (spec oymak2019.md, sections 2-5).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..claims import Claim
from ..divergence import DIVERGED_AT, FINITE

if TYPE_CHECKING:
    import torch

# The phase-transition engine (and torch) is imported inside run_panel only: the tables, claims and plot jobs
# import this module too, and never pay torch's start-up (about 2 s of every such job).

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


def panel_ids(cfg: dict) -> dict[tuple[str, int], str]:
    """(activation, n) -> panel id: (a) first activation, smaller n; (b) larger n; (c, d) second activation."""
    ids = {}
    letters = iter("abcd")
    for spec in cfg["activations"]:
        for n in sorted(cfg["ns"]):
            ids[(spec["name"], n)] = f"oymak2019-fig2{next(letters)}"
    return ids


def problems(cfg: dict, n: int) -> list:
    from ..phase_transition import Problem

    return [Problem(n, k, d, t) for k in cfg["ks"] for d in cfg["ds"] for t in range(cfg["trials"])]


def run_panel(cfg: dict, activation: str, n: int, device: torch.device, progress: bool = True) -> pd.DataFrame:
    """One row per trial: success, iterations, final and initial relative error."""
    from ..phase_transition import run_grid

    eta = {a["name"]: a["eta"] for a in cfg["activations"]}[activation]
    probs = problems(cfg, n)
    res = run_grid(probs, activation, eta, cfg["max_iter"], cfg["tol"], cfg["seed"], cfg["batch_size"],
                   loss_scale=cfg["loss_scale"], device=device,
                   progress_label=f"oymak2019 {activation} n={n}" if progress else None)
    return pd.DataFrame({
        "n": n, "activation": activation,
        "k": [p.k for p in probs], "d": [p.d for p in probs], "trial": [p.trial for p in probs],
        "seed": cfg["seed"], "success": res["success"], "diverged": ~np.isfinite(res["final_rel_err"]),
        "iters": res["iters"], "final_rel_err": res["final_rel_err"], "init_rel_err": res["init_rel_err"],
        "eta": eta, "max_iter": cfg["max_iter"], "tol": cfg["tol"], "loss_scale": cfg["loss_scale"],
        "dtype": "float32",
    })[TRIAL_COLUMNS]


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


def divergence_detail(c: pd.DataFrame) -> str:
    """Diverged trials of one panel: how many, where, and the first few cells with their first bad iteration."""
    bad = c[c["diverged"] > 0].sort_values(["d", "k"])
    if bad.empty:
        return "no trial diverged"
    cells = "; ".join(f"k = {r.k}, d = {r.d}: {r.diverged} of {r.trials} at iteration {r.diverged_at}"
                      for r in bad.head(5).itertuples())
    more = f"; ... {len(bad) - 5} more cells" if len(bad) > 5 else ""
    return (f"{int(bad['diverged'].sum())} trials diverged (NaN/Inf error; counted as failures in P), "
            f"all at d <= {int(bad['d'].max())}: {cells}{more}")


# ---------------------------------------------------------------- claims

def transition_ratio(cells: pd.DataFrame, d: int) -> float:
    """rho*(d) = k* d / n with k* = min{k : P(k', d) >= 0.5 for all k' >= k}; inf if none (spec section 5)."""
    row = cells[cells["d"] == d].sort_values("k")
    ks, P = row["k"].to_numpy(), row["probability"].to_numpy()
    n = int(row["n"].iloc[0])
    ok = P >= 0.5
    if not ok[-1]:
        return float("inf")
    first = len(ok) - np.argmin(ok[::-1]) if not ok.all() else 0
    return ks[first] * d / n


def _intermediate(cells: pd.DataFrame, n: int) -> float:
    kd = cells["k"] * cells["d"]
    band = cells[(kd >= 0.8 * n) & (kd <= 3 * n)]
    return float(((band["probability"] > 0) & (band["probability"] < 1)).mean()) if len(band) else float("nan")


def claims(cells: dict[tuple[str, int], pd.DataFrame], cfg: dict, profile: str) -> list[Claim]:
    """Spec section 5: the paper-grid checks on the full 1..25 grid, the quick checks (i)-(iv) otherwise."""
    ids = panel_ids(cfg)
    small, large = sorted(cfg["ns"])
    full = sorted(cfg["ks"]) == FULL_GRID and sorted(cfg["ds"]) == FULL_GRID
    out: list[Claim] = []

    def claim(fig, cid, statement, value, lower=None, upper=None, detail=""):
        out.append(Claim(f"{fig}.{cid}", PAPER, fig, statement, value, lower, upper, profile,
                         detail or f"{cfg['trials']} trials per cell"))

    for (act, n), fig in ids.items():
        c = cells[(act, n)]
        kd, P, d = c["k"] * c["d"], c["probability"], c["d"]
        rho = kd / n
        # A net with fewer than n trained parameters cannot fit n generic labels (holds in every profile).
        below = P[kd < n]
        claim(fig, "none-below-line", "No success below the line: P = 0 for every cell with kd < n",
              float(below.max()) if len(below) else float("nan"), 0.0, 0.0 if not full else 0.1,
              detail="paper grid: max P <= 0.1 (spec check 1)" if full else "")
        claim(fig, "some-success", "GD fits the labels somewhere on the grid: max P > 0",
              float(P.max()), lower=1e-12)
        # NaN/Inf. The paper's constant step exceeds GD's stability limit at small d (eta ||X||^2 ~ eta n/d > 2),
        # so trials there can diverge: they count as failures in P, as in the paper. Where the paper shows
        # success (the region of the success-above-line claim) a diverged trial is a failure of this check.
        if full:
            region, where = (rho >= 2.5) & (d >= PAPER_BANDS[act][0 if n == small else 1][0]), \
                f"kd/n >= 2.5 and d >= {PAPER_BANDS[act][0 if n == small else 1][0]}"
        else:
            region, where = ((rho >= 2.5) & (d >= 16), "kd/n >= 2.5 and d >= 16") if n == small else \
                ((rho >= 2.0) & (d >= 20), "kd/n >= 2.0 and d >= 20")
            if not region.any():  # a grid without those cells (smoke): everywhere well above the line
                region, where = rho >= 2.5, "kd/n >= 2.5"
        claim(fig, "no-divergence",
              f"No trial diverges (NaN/Inf) where the paper shows success ({where}); elsewhere a diverged trial "
              f"counts as a failure in P", float(c.loc[region, "diverged"].sum()), 0.0, 0.0,
              detail=divergence_detail(c))
        if full:
            i = 0 if n == small else 1
            d0, thresh, d_eval, b_rho = PAPER_BANDS[act][i]
            claim(fig, "degenerate-corner", "P = 0 for every cell with k <= 2 or d <= 3",
                  float(P[(c["k"] <= 2) | (d <= 3)].max()), 0.0, 0.0)
            above = P[(rho >= 2.5) & (d >= d0)]
            claim(fig, "success-above-line", f"Mean P >= {thresh} over cells with kd/n >= 2.5 and d >= {d0}",
                  float(above.mean()), lower=thresh)
            claim(fig, "success-far-above-line", f"P >= 0.6 in every cell with kd/n >= 3 and d >= {d0}",
                  float(P[(rho >= 3) & (d >= d0)].min()), lower=0.6)
            ratios = [transition_ratio(c, dd) for dd in d_eval]
            claim(fig, "transition-location",
                  f"Median over d in [{d_eval.start}, {d_eval.stop - 1}] of rho*(d) = k*d/n in [1.0, {b_rho}]",
                  float(np.median(ratios)), 1.0, b_rho, detail=f"rho*(d) = {np.round(ratios, 3).tolist()}")
            claim(fig, "transition-above-line", "min over d of rho*(d) >= 1 (the transition never precedes kd = n)",
                  float(np.min([transition_ratio(c, dd) for dd in sorted(set(d))])), lower=1.0)
            claim(fig, "small-d-deviation",
                  "Known small-d deviation reproduced: P <= 0.2 for every cell with d <= 6, even where kd >= 1.5n",
                  float(P[d <= 6].max()), upper=0.2)
            claim(fig, "odd-k-one-fails", "k = 1 has v = 0 (footnote 1): P = 0 in that column",
                  float(P[c["k"] == 1].max()), 0.0, 0.0)
            grid = c.pivot(index="d", columns="k", values="probability").sort_index().sort_index(axis=1).to_numpy()
            drops = np.concatenate([(grid[:, 1:] < grid[:, :-1] - 0.5).ravel(), (grid[1:, :] < grid[:-1, :] - 0.5).ravel()])
            claim(fig, "monotone", "Monotone-ish: at most 5% of adjacent cell pairs drop by more than 0.5 as k or d grows",
                  float(drops.mean()), upper=0.05, detail=f"{int(drops.sum())} of {drops.size} pairs")
        else:
            # Quick checks (ii)-(iv) of spec section 5, where the grid has the cells they need.
            sel = (rho >= 2.5) & (d >= 16) if n == small else (rho >= 2.0) & (d >= 20)
            if sel.any():
                claim(fig, "success-above-line",
                      "Mean P >= 0.75 over cells with " + ("kd/n >= 2.5 and d >= 16" if n == small else "kd/n >= 2.0 and d >= 20"),
                      float(P[sel].mean()), lower=0.75)
            near = rho <= (2.0 if act == "softplus" else 3.0)
            claim(fig, "success-near-line",
                  f"Some cell with kd/n <= {2.0 if act == 'softplus' else 3.0} has P = 1 (the transition is near kd = n)",
                  float(P[near].max()) if near.any() else float("nan"), lower=1.0)
            if (d == 4).any():
                claim(fig, "small-d-fails", "P = 0 for every cell with d = 4 (the known small-d deviation)",
                      float(P[d == 4].max()), 0.0, 0.0)
    if full:
        for act in {a["name"] for a in cfg["activations"]}:
            a100, a200 = cells[(act, small)], cells[(act, large)]
            common = COMMON_D[act]
            m100 = np.median([transition_ratio(a100, dd) for dd in common])
            m200 = np.median([transition_ratio(a200, dd) for dd in common])
            fig = ids[(act, large)]
            claim(fig, "larger-n-tighter",
                  f"n = {large} is at least as tight as n = {small}: median rho* over d in "
                  f"[{common.start}, {common.stop - 1}] at most 0.15 above",
                  float(m200 - m100), upper=0.15, detail=f"median rho*: {m100:.3g} (n = {small}), {m200:.3g} (n = {large})")
            claim(fig, "larger-n-sharper",
                  f"n = {large} is at least as sharp: intermediate-P share in 0.8n <= kd <= 3n at most 0.05 above n = {small}'s",
                  _intermediate(a200, large) - _intermediate(a100, small), upper=0.05)
    return out


# ---------------------------------------------------------------- figures

def _edges(values) -> np.ndarray:
    """Cell edges for grid values: midpoints inside, half a step beyond the ends."""
    v = np.array(sorted(values), dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def plot_fig2(cells: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    import matplotlib.pyplot as plt

    from .. import plotting

    plotting.apply_style()
    fig, axes = plt.subplots(2, 2, figsize=(9.0, 8.4), sharex=True, sharey=True)
    fig.subplots_adjust(left=0.08, right=0.86, bottom=0.18, top=0.89, hspace=0.25, wspace=0.12)
    axes = axes.ravel()
    ids = panel_ids(cfg)
    ks, ds = sorted(cfg["ks"]), sorted(cfg["ds"])
    lim = max(ks[-1], ds[-1])
    mesh = None
    n_diverged = 0
    for ax, ((act, n), panel) in zip(axes, ids.items()):
        c = cells[panel]
        P = c.pivot(index="d", columns="k", values="probability").reindex(index=ds, columns=ks).to_numpy()
        ax.set_facecolor("0.75")  # cells not run
        mesh = ax.pcolormesh(_edges(ks), _edges(ds), P, cmap="jet", vmin=0, vmax=1, shading="flat")
        if "diverged" in c:  # diverged trials are failures in P; the cross says they blew up (NaN/Inf)
            bad = c[c["diverged"] > 0]
            ax.scatter(bad["k"], bad["d"], marker="x", s=22, linewidths=1.2, color="white", zorder=3)
            n_diverged += int(bad["diverged"].sum())
        top = max(25.5, _edges(ks)[-1], _edges(ds)[-1])  # the paper's 0..25 axes, or more if the grid is larger
        k = np.linspace(n / top, top, 400)
        ax.plot(k, n / k, color="white", lw=2)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xticks(range(0, int(top) + 1, 5))
        ax.set_yticks(range(0, int(top) + 1, 5))
        ax.grid(False)
        if panel[-1] in "cd":
            ax.set_xlabel("hidden nodes k")
        if panel[-1] in "ac":
            ax.set_ylabel("input dimension d")
        plotting.label_panel(ax, panel[-1], f"{act if act != 'relu' else 'ReLU'} activation with n = {n}")
    cax = fig.add_axes((0.885, 0.3, 0.02, 0.5))
    fig.colorbar(mesh, cax=cax, label="success probability")
    etas = ", ".join(f"eta = {a['eta']} ({a['name']})" for a in cfg["activations"])
    note = (f"Empirical probability that GD fits n N(0,1) labels (x uniform on the sphere, W0 ~ N(0,1), v = +-||y||/sqrt(kn) "
            f"fixed, 0 for odd k): {cfg['trials']} trials per cell, {etas}, at most {cfg['max_iter']} iterations, success "
            f"when ||f - y||/||y|| < {cfg['tol']}; loss {'1/2 sum' if cfg['loss_scale'] == 'half_sum' else 'sum'} (f - y)^2. "
            f"White: kd = n. Grid k in {_span(cfg['ks'])}, d in {_span(cfg['ds'])} (the paper: 1..25), each cell drawn "
            f"over its grid step; grey: not run. UNSTATED: grid spacing, axes (x = k), jet colormap, seeds, fresh data per trial."
            + (f" x: a cell with trials whose error became NaN/Inf ({n_diverged} trials in all; at small d the paper's "
               f"constant step exceeds GD's stability limit): counted as failures, never as fits." if n_diverged else ""))
    plotting.stamp(fig, "Oymak & Soltanolkotabi (2019), Figure 2: phase transitions", note, profile)
    plotting.save(fig, png, pdf, tight=False)


def _span(values) -> str:
    v = sorted(values)
    step = v[1] - v[0] if len(v) > 1 else 1
    return f"{v[0]}..{v[-1]} step {step}" if v == list(range(v[0], v[-1] + 1, step)) else str(v)


def layout() -> tuple[dict[str, tuple[float, float]], list[tuple[str, str]]]:
    """Node positions and edges of Figure 1 (spec section 7): 3 input, 4 hidden, 1 output node, 16 edges."""
    nodes = {"x_1": (0, 3), "x_2": (0, 2), "x_d": (0, 0),
             "h_1": (3, 3.5), "h_2": (3, 2.5), "h_3": (3, 1.5), "h_k": (3, -0.5),
             "y": (6, 1.5)}
    inputs, hidden = ["x_1", "x_2", "x_d"], ["h_1", "h_2", "h_3", "h_k"]
    edges = [(i, h) for i in inputs for h in hidden] + [(h, "y") for h in hidden]
    return nodes, edges


def plot_fig1(profile: str, png, pdf):
    """The one-hidden-layer network diagram, drawn by code (no data)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    from .. import plotting

    plotting.apply_style()
    nodes, edges = layout()
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for a, b in edges:
        (x0, y0), (x1, y1) = nodes[a], nodes[b]
        ax.plot([x0, x1], [y0, y1], color="0.55", lw=0.9, zorder=1)
    for name, (x, y) in nodes.items():
        ax.add_patch(Circle((x, y), 0.32, facecolor="white", edgecolor="black", lw=1.2, zorder=2))
        ax.text(x, y, f"${name}$", ha="center", va="center", fontsize=12, zorder=3)
    ax.text(0, 1.05, "$\\vdots$", ha="center", va="center", fontsize=14)
    ax.text(3, 0.55, "$\\vdots$", ha="center", va="center", fontsize=14)
    ax.text(1.5, 3.75, "$\\mathbf{W}$", ha="center", fontsize=14)
    ax.text(4.6, 2.75, "$\\mathbf{v}$", ha="center", fontsize=14)
    for x, label, formula in ((0, "input layer", "$\\mathbf{x}$"), (3, "hidden layer", "$\\mathbf{h}=\\phi(\\mathbf{W}\\mathbf{x})$"),
                              (6, "output layer", "$y=\\mathbf{v}^T\\phi(\\mathbf{W}\\mathbf{x})$")):
        ax.text(x, -1.35, label, ha="center", fontsize=11)
        ax.text(x, -1.85, formula, ha="center", fontsize=12)
    ax.set_xlim(-1.2, 7.4)
    ax.set_ylim(-2.3, 4.3)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.suptitle("Oymak & Soltanolkotabi (2019), Figure 1: a one-hidden layer neural net with d inputs, "
                 "k hidden units and a single output", fontsize="medium", x=0.01, ha="left")
    fig.text(0.99, 0.01, f"profile: {profile} (drawn by code, no data)", ha="right", fontsize="small")
    plotting.save(fig, png, pdf, tight=False)
