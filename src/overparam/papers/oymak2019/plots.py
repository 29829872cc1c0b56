"""Oymak & Soltanolkotabi 2019: Figure 1 (the network diagram, drawn by code) and Figure 2 (from its panel tables)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Circle

from ... import plotting
from ...activations import activation
from ...inputs import read_table
from ...jobs import JobContext, entry
from .settings import GD_KEYS, GRID_KEYS, PANEL_KEYS, panel_ids


def _edges(values) -> np.ndarray:
    """Cell edges for grid values: midpoints inside, half a step beyond the ends."""
    v = np.array(sorted(values), dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def plot_fig2(cells: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    fig, axes = plt.subplots(2, 2, figsize=(plotting.FIGURE_WIDTH, 7.4), sharex=True, sharey=True)
    axes = axes.ravel()
    ids = panel_ids(cfg)
    ks, ds = sorted(cfg["ks"]), sorted(cfg["ds"])
    mesh = None
    n_diverged = 0
    for ax, ((act, n), panel) in zip(axes, ids.items()):
        c = cells[panel]
        P = c.pivot(index="d", columns="k", values="probability").reindex(index=ds, columns=ks).to_numpy()
        ax.set_facecolor("0.75")  # cells not run
        k_edges, d_edges = _edges(ks), _edges(ds)
        mesh = ax.pcolormesh(k_edges, d_edges, P, cmap=plotting.PHASE_CMAP, vmin=0, vmax=1, shading="flat")
        if "diverged" in c:  # diverged trials are failures in P; the cross says they blew up (NaN/Inf)
            bad = c[c["diverged"] > 0]
            ax.scatter(bad["k"], bad["d"], marker="x", s=22, linewidths=1.2, color="white", zorder=3)
            n_diverged += int(bad["diverged"].sum())
        top = max(25.5, k_edges[-1], d_edges[-1])  # the paper's 0..25 axes, or more if the grid is larger
        # kd = n over the cells that were run only, ending on their edges (never past the axes)
        k = np.linspace(max(k_edges[0], n / d_edges[-1]), min(k_edges[-1], n / d_edges[0]), 400)
        ax.plot(k, n / k, color="black", lw=1.6, solid_capstyle="butt", label="kd = n")
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xticks(range(0, int(top) + 1, 5))
        ax.set_yticks(range(0, int(top) + 1, 5))
        ax.grid(False)
        if panel[-1] in "cd":
            ax.set_xlabel("hidden nodes k")
        if panel[-1] in "ac":
            ax.set_ylabel("input dimension d")
        plotting.label_panel(ax, panel[-1], f"{activation(act).label} activation with n = {n}")
    etas = ", ".join(f"η = {a['eta']} ({a['name']})" for a in cfg["activations"])
    note = (f"Empirical probability that GD fits n N(0,1) labels (x uniform on the sphere, W0 ~ N(0,1), v = ±‖y‖/√(kn) "
            f"fixed, 0 for odd k): {cfg['trials']} trials per cell, {etas}, at most {cfg['max_iter']} iterations, success "
            f"when ‖f - y‖/‖y‖ < {cfg['tol']}; loss {'½ Σ' if cfg['loss_scale'] == 'half_sum' else 'Σ'} (f - y)². "
            f"Black: kd = n. Grid k in {_span(cfg['ks'])}, d in {_span(cfg['ds'])} (the paper: 1..25), each cell drawn "
            f"over its grid step; grey: not run. Colours: red = success, blue = failure (red-blue diverging map). "
            f"UNSTATED: grid spacing, axes (x = k), colour map, seeds, fresh data per trial."
            + (f" x: a cell with trials whose error became NaN/Inf ({n_diverged} trials in all; at small d the paper's "
               f"constant step exceeds GD's stability limit): counted as failures, never as fits." if n_diverged else ""))
    plotting.stamp(fig, "Oymak & Soltanolkotabi (2019), Figure 2: phase transitions", note, profile)
    _, bottom, _, top = plotting.layout_rect(fig)
    fig.subplots_adjust(left=0.09, right=0.85, bottom=bottom + 0.06, top=top - 0.035, hspace=0.22, wspace=0.1)
    low, high = axes[2].get_position(), axes[0].get_position()
    cax = fig.add_axes((0.875, low.y0 + 0.1 * (high.y1 - low.y0), 0.022, 0.8 * (high.y1 - low.y0)))
    fig.colorbar(mesh, cax=cax, label="success probability")
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
    fig.suptitle("Oymak & Soltanolkotabi (2019), Figure 1:\na one-hidden layer neural net with d inputs, "
                 "k hidden units and a single output", fontsize="medium", x=0.01, ha="left")
    fig.text(0.99, 0.01, f"profile: {profile} (drawn by code, no data)", ha="right", fontsize=plotting.FOOTER_PT)
    plotting.save(fig, png, pdf, tight=False)


@entry(*PANEL_KEYS, *GRID_KEYS, *GD_KEYS, "profile")
def plot_fig2_job(job: JobContext) -> None:
    cfg = job.config["oymak2019"]
    cells = {panel: read_table(path) for panel, path in zip(panel_ids(cfg).values(), job.input)}
    plot_fig2(cells, cfg, job.config["profile"], job.output.png, job.output.pdf)


@entry("profile")
def plot_fig1_job(job: JobContext) -> None:
    plot_fig1(job.config["profile"], job.output.png, job.output.pdf)
