"""Panigrahi et al. 2020: Figures 1 and 2, drawn from their panel tables only."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ... import plotting
from ...inputs import read_table
from ...activations import activation
from ...divergence import DIVERGED_AT, FINITE, diverged_curves
from ...jobs import JobContext, entry
from .settings import DELTA, EPS64, FIG1_PLOT_KEYS, FIG2_PLOT_KEYS, FIGURE2, data_label, panel_names


FLOOR_COLOR = "0.88"


def _floor(spectrum) -> float:
    """n eps lambda_max of one spectrum: eigvalsh cannot resolve eigenvalues below it (tables clip them to it)."""
    values = np.asarray(spectrum, dtype=float)
    return len(values) * EPS64 * float(np.nanmax(values))


def _panel_floor(table, keys) -> float:
    """The largest floor of the spectra a panel shows: one band, and no value drawn below it."""
    return max(_floor(one["eigenvalue"]) for _, one in table.groupby(keys))


def _resolved(values, floor: float) -> np.ndarray:
    """Entries above the floor (by a margin for round-off); entries at it were clipped, not measured."""
    return np.asarray(values, dtype=float) > floor * (1 + 1e-6)


def _spectrum(ax, index, values, floor, color, **style) -> None:
    """Resolved eigenvalues as a curve; where the spectrum first reaches the floor, a triangle on the floor."""
    index, values = np.asarray(index), np.asarray(values, dtype=float)
    ok = _resolved(values, floor)
    ax.plot(index, np.where(ok, values, np.nan), color=color, **style)
    if (~ok).any():
        ax.plot(index[~ok][0], floor, marker="v", ms=5, ls="none", color=color, zorder=4)


def _floor_band(ax, floor: float, bottom: float) -> None:
    ax.axhspan(bottom, floor, color=FLOOR_COLOR, lw=0, zorder=0)


def _loss_panel(ax, t, n, letter, palette, diverged):
    t = plotting.drawable(t, ["loss", "lin_loss"])  # overflowed values are not drawable (log axes)
    mean = t[t["run"] == "mean"]
    for (act, run), curve in t[~t["run"].isin(["mean"])].groupby(["activation", "run"], sort=False):
        ax.plot(curve["epoch"], curve["loss"], color=palette[act], lw=0.5, alpha=0.3)
    for act, curve in mean.groupby("activation", sort=False):
        ax.plot(curve["epoch"], curve["loss"], color=palette[act], lw=1.6, label=activation(act).label)
        ax.plot(curve["epoch"], curve["lin_loss"], color=palette[act], lw=0.9, ls="--")
    for (act, run), k in diverged_curves(t, ["activation", "run"]):  # a cross where each diverged curve stops
        plotting.mark_diverged(ax, t[(t["activation"] == act) & (t["run"] == run)], "epoch", "loss", palette[act])
        if run != "mean":
            diverged.append(f"n = {n}, {activation(act).label} run {run} at epoch {k}")
    plotting.log_ticks(ax, pd.concat([t["loss"], t["lin_loss"]]))
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Squared loss")
    plotting.label_panel(ax, letter, f"Rate of convergence: n = {n}")
    return bool(diverged_curves(t, ["activation", "run"]))


def plot_fig1(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    small, large = sorted(cfg["ns"])
    acts = list(dict.fromkeys(cfg["spectra"]["activations"] + cfg["train"]["activations"]))
    palette = {act: plotting.activation_color(act) for act in acts}
    fig, axes = plotting.panels(2, 2, row_height=2.45)
    tr = cfg["train"]
    diverged = []
    any_diverged = False
    for ax, key, n, letter in ((axes[0], "panigrahi2020-fig1a", small, "a"), (axes[1], "panigrahi2020-fig1b", large, "b")):
        any_diverged |= _loss_panel(ax, tables[key], n, letter, palette, diverged)
    ax = axes[1]
    ax.plot([], [], color="0.3", lw=1.6, label="mean of runs")
    ax.plot([], [], color="0.3", lw=0.5, alpha=0.5, label="single runs")
    ax.plot([], [], color="0.3", ls="--", lw=0.9, label="kernel regime\n$L_{lin}$ from G(0)")
    if any_diverged:
        ax.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR,
                label="diverged (NaN/Inf)")
    plotting.legend(ax, outside=True)
    for ax, key, n, letter in ((axes[2], "panigrahi2020-fig1c", small, "c"), (axes[3], "panigrahi2020-fig1d", large, "d")):
        t = tables[key]
        t = t[t["activation"].isin(cfg["spectra"]["activations"])]
        floor = _panel_floor(t, ["activation", "kind", "run"])
        for act in cfg["spectra"]["activations"]:
            runs = t[(t["activation"] == act) & (t["kind"] == "finite") & (t["run"] != "mean")]
            for _, one in runs.groupby("run"):
                ax.plot(one["index"], one["eigenvalue"].where(_resolved(one["eigenvalue"], floor)),
                        color=palette[act], lw=0.5, alpha=0.3)
            # the mean of sorted spectra is measured at an index only where no run lies at or below the floor
            unresolved = set(runs.loc[~_resolved(runs["eigenvalue"], floor), "index"])
            fin = t[(t["activation"] == act) & (t["run"] == "mean")]
            _spectrum(ax, fin["index"], fin["eigenvalue"].where(~fin["index"].isin(unresolved), 0.0), floor,
                      palette[act], lw=1.4, marker="o", ms=2.5, label=activation(act).label)
            inf = t[(t["activation"] == act) & (t["kind"] == "infinite")]
            _spectrum(ax, inf["index"], inf["eigenvalue"], floor, palette[act], lw=0.9, ls=":")
        shown = t.loc[_resolved(t["eigenvalue"], floor), "eigenvalue"]
        plotting.log_ticks(ax, list(shown) + [floor / 30])
        _floor_band(ax, floor, ax.get_ylim()[0])
        ax.set_xlabel("Eigenvalue index")
        ax.set_ylabel("Eigenvalue of G(0)")
        ax.set_xlim(0.5, n + 0.5)
        plotting.label_panel(ax, letter, f"Eigenvalue comparison: n = {n}")
    ax = axes[3]
    ax.plot([], [], color="0.3", ls=":", lw=0.9, label="infinite width\n$G^\\infty$ (exact)")
    ax.fill_between([], [], [], color=FLOOR_COLOR, lw=0, label="below n ε λ$_{max}$:\nround-off (float64)")
    ax.plot([], [], marker="v", ms=5, ls="none", color="0.3", label="spectrum falls\nbelow it here")
    plotting.legend(ax, outside=True)
    runs = cfg["runs"]
    rescaled = " (time-rescaled from the paper's η = 1e-3 and 2e4 epochs: same η T in the kernel regime)" \
        if tr["eta"] != 1e-3 else ""
    note = (f"{cfg['arc']} circle (θ_i = {'π' if cfg['arc'] == 'half' else '2π'} i/n), lifted to S^{cfg['d'] - 1}; "
            + ("the half circle is UNSTATED: the literal full circle has antipodal pairs that make G singular for ReLU, "
               "swish, tanh and quadratic at every width. " if cfg["arc"] == "half" else
               "FULL circle: antipodal pairs make G exactly singular for ReLU, swish, tanh and quadratic. ")
            + f"Labels U{{-1, 1}}, a ~ N(0, 1) fixed, L = ½ Σ (y - u)², full-batch GD. (a, b): m = {tr['width']}, "
            f"η = {tr['eta']}, {tr['epochs']} epochs{rescaled}, mean of {runs} runs (bold; runs thin); dashed: "
            f"L_lin(t) from G(0) of the same runs; the claims compare L(T)/L(0), since L(0) differs by activation. "
            f"(c, d): G(0) at m = {cfg['spectra']['width']} in float64, mean of {runs} sorted spectra (runs thin); "
            f"dotted: exact G^∞. Eigenvalues below the panel's largest n ε λ_max (grey band) are round-off of the eigensolver "
            f"(the tables clip them to it) and are not drawn; a triangle marks where a spectrum falls below. Epoch count and log scales UNSTATED in the paper.")
    plotting.stamp(fig, "Panigrahi et al. (2020), Figure 1: experiments on synthetic data", note, profile,
                   diverged=diverged)
    plotting.save(fig, png, pdf)


def plot_fig2(tables: dict[str, pd.DataFrame], cfg: dict, source: str, profile: str, png, pdf) -> None:
    label = data_label(source)
    plotting.apply_style()
    fig, axes = plotting.panels(2, 2, row_height=2.45)
    a, b, c, d = (tables[f"{FIGURE2}{p}"] for p in "abcd")
    n = cfg["images"]

    ax = axes[0]
    ax.bar(a["bin_left"], a["count"], width=a["bin_right"] - a["bin_left"], align="edge", color="0.45", lw=0)
    ax.axvline(DELTA, color="crimson", ls="--", lw=1, label=f"δ = {DELTA}")
    nonzero = a[a["count"] > 0]
    if len(nonzero):
        ax.axvline(nonzero["bin_left"].iloc[0], color="black", ls=":", lw=1,
                   label=f"smallest: bin\nfrom {nonzero['bin_left'].iloc[0]:.3f}")
    ax.set_xlabel("L2 distance (preprocessed)")
    ax.set_ylabel("Number of pairs")
    ax.set_ylim(0, float(a["count"].max()) * 1.45)  # headroom for the legend above the bars
    plotting.legend(ax)
    plotting.label_panel(ax, "a", "Pairwise distances")

    ax = axes[1]
    ax.plot(b["k"], b["cumulative_ratio"], color="0.2")
    ax.axvline(math.log(n), color="crimson", ls="--", lw=1, label=f"k = ln n = {math.log(n):.1f}")
    plotting.log_ticks(ax, b["k"], axis="x")
    plotting.log_ticks(ax, b["cumulative_ratio"])
    ax.set_xlabel("k (top singular values)")
    ax.set_ylabel("Variance share $r_k$")
    plotting.legend(ax)
    plotting.label_panel(ax, "b", "Intrinsic dimension")

    acts = list(dict.fromkeys(list(c["activation"]) + list(d["activation"])))
    palette = {act: plotting.activation_color(act) for act in acts}
    ax = axes[2]
    floor = _panel_floor(c, ["activation", "kind"])
    for act, one in c.groupby("activation", sort=False):
        fin, inf = one[one["kind"] == "finite"], one[one["kind"] == "infinite"]
        _spectrum(ax, fin["index"], fin["eigenvalue"], floor, palette[act], lw=1.4, label=activation(act).label)
        _spectrum(ax, inf["index"], inf["eigenvalue"], floor, palette[act], lw=0.9, ls=":")
    resolved = _resolved(c["eigenvalue"], floor)
    if resolved.all():
        plotting.log_ticks(ax, c["eigenvalue"])
    else:  # some eigenvalues are round-off: the band shows where, and they are not drawn
        plotting.log_ticks(ax, list(c.loc[resolved, "eigenvalue"]) + [floor / 30])
        _floor_band(ax, floor, ax.get_ylim()[0])
        ax.fill_between([], [], [], color=FLOOR_COLOR, lw=0, label="below n ε λ$_{max}$")
    ax.plot([], [], color="0.3", ls=":", lw=0.9, label="infinite width $G^\\infty$")
    ax.set_xlabel("Eigenvalue index")
    ax.set_ylabel("Eigenvalue of G(0)")
    plotting.label_panel(ax, "c", "G(0) spectrum, network of (d)")

    ax = axes[3]
    diverged = []
    for act, one in d.groupby("activation", sort=False):
        ax.plot(one["epoch"], one["loss"], color=palette[act], lw=1.4, label=activation(act).label)
        bad = int(one[DIVERGED_AT].iloc[0]) if DIVERGED_AT in one else FINITE
        if bad >= 0 or one["loss"].isna().any():  # diverged: never drawn as if it converged
            plotting.mark_diverged(ax, one, "epoch", "loss", palette[act],
                                   label=f"{activation(act).label} diverged (NaN/Inf at epoch {bad})")
            diverged.append(f"(d) {activation(act).label} at epoch {bad}")
    ax.axhline(math.log(10), color="0.4", ls="--", lw=0.9, label="ln 10 (chance)")
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Training cross-entropy")
    plotting.legend(ax, outside=True)
    plotting.legend(axes[2], outside=True)
    plotting.label_panel(ax, "d", "Convergence speed (SGD)")

    tr, sp = cfg["train"], cfg["spectra"]
    rescaled = (f" lr {tr['lr']} is time-rescaled from the paper's 1e-3 for the reduced run."
                if tr["lr"] != 1e-3 else "")
    param = {"unit_fanin": "F = φ(Wx) A, W ~ N(0, I) (fan-in scale for unit-norm x: pre-activations ~ N(0, 1)), "
                           "A ~ N(0, 1/m), no bias (UNSTATED; App. D's 1/d would give std 0.018)",
             "dzps": "DZPS parametrisation F = φ(Wx) A / √m, W ~ N(0, I), A ~ N(0, 1)"}[tr["parametrization"]]
    note = (f"{'SYNTHETIC STAND-IN, NOT CIFAR-10: Gaussian images with a k^-1.1 spectrum; the paper claims are not testable on it. ' if source != 'download' else ''}"
            f"{n} random training images (subset seed {cfg['subset_seed']}), pixels / 255, Section-2 preprocessing "
            f"(one global scale, completing coordinate, constant 1/√2: d = 3074, unit norm). (a) all "
            f"{n * (n - 1) // 2} pairs, {cfg['histogram_bins']} bins. (b) centred covariance, r_k = top-k share "
            f"of the variance (log k axis). (c) and (d) show the same network: (c) its G(0) at initialisation (eq. 2; "
            f"10 outputs: mean of the diagonal blocks), drawn at m = {sp['width']} (float64); dotted: G^∞, its "
            f"infinite-width limit. (d) m = {tr['width']}, {param}; both layers trained, SGD batch {tr['batch_size']}, "
            f"lr {tr['lr']}, {tr['epochs']} epochs, cross-entropy on the whole subset after each epoch; dashed: ln 10 "
            f"(uniform prediction).{rescaled} Bins, epochs and axes UNSTATED.")
    title = "Panigrahi et al. (2020), Figure 2: random subset of CIFAR-10"
    if source != "download":
        title += f"\n{label.upper()}"
    plotting.stamp(fig, title, note, profile, diverged=diverged)
    plotting.save(fig, png, pdf)


@entry(*FIG1_PLOT_KEYS)
def plot_fig1_job(job: JobContext) -> None:
    tables = {panel: read_table(path, dtype={"run": str})
              for panel, path in zip(panel_names("panigrahi2020-fig1"), job.input)}
    plot_fig1(tables, job.config["panigrahi2020"]["fig1"], job.config["profile"], job.output.png, job.output.pdf)


@entry(*FIG2_PLOT_KEYS)
def plot_fig2_job(job: JobContext) -> None:
    tables = {panel: read_table(path) for panel, path in zip(panel_names(FIGURE2), job.input)}
    plot_fig2(tables, job.config["panigrahi2020"]["fig2"], job.config["cifar10_source"], job.config["profile"],
              job.output.png, job.output.pdf)
