"""Panigrahi et al. 2020: Figures 1 and 2, drawn from their panel tables only."""
from __future__ import annotations

import math

import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from ... import plotting
from ...inputs import read_table
from ...activations import activation
from ...divergence import DIVERGED_AT, FINITE, diverged_curves
from ...jobs import JobContext, entry
from .settings import DELTA, FIG1_PLOT_KEYS, FIG2_PLOT_KEYS, FIGURE2, data_label, panel_names


def plot_fig1(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    small, large = sorted(cfg["ns"])
    acts = list(dict.fromkeys(cfg["spectra"]["activations"] + cfg["train"]["activations"]))
    palette = dict(zip(acts, sns.color_palette("colorblind", len(acts))))
    fig, axes = plotting.panels(2, 2)
    tr = cfg["train"]
    diverged = []
    for ax, key, n, letter in ((axes[0], "panigrahi2020-fig1a", small, "a"), (axes[1], "panigrahi2020-fig1b", large, "b")):
        t = plotting.drawable(tables[key], ["loss", "lin_loss"])  # overflowed values are not drawable (log axes)
        mean = t[t["run"] == "mean"]
        for (act, run), curve in t[~t["run"].isin(["mean"])].groupby(["activation", "run"], sort=False):
            ax.plot(curve["epoch"], curve["loss"], color=palette[act], lw=0.5, alpha=0.25)
        for act, curve in mean.groupby("activation", sort=False):
            ax.plot(curve["epoch"], curve["loss"], color=palette[act], lw=1.6, label=activation(act).label)
            ax.plot(curve["epoch"], curve["lin_loss"], color=palette[act], lw=0.9, ls="--")
        for (act, run), k in diverged_curves(t, ["activation", "run"]):  # a cross where each diverged curve stops
            plotting.mark_diverged(ax, t[(t["activation"] == act) & (t["run"] == run)], "epoch", "loss", palette[act])
            if run != "mean":
                diverged.append(f"n = {n}, {activation(act).label} run {run} at epoch {k}")
        ax.plot([], [], color="grey", ls="--", lw=0.9, label="kernel regime $L_{lin}$ from G(0)")
        if diverged_curves(t, ["activation", "run"]):
            ax.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR,
                    label="diverged (NaN/Inf)")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}" if str(v)[0] in "2356" else ""))
        ax.set_xlabel("Epochs")
        ax.set_ylabel("Squared loss (mean over runs; runs thin)")
        plotting.label_panel(ax, letter, f"Rate of convergence: n = {n}")
    axes[1].legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    for ax, key, n, letter in ((axes[2], "panigrahi2020-fig1c", small, "c"), (axes[3], "panigrahi2020-fig1d", large, "d")):
        t = tables[key]
        for act in cfg["spectra"]["activations"]:
            for _, one in t[(t["activation"] == act) & (t["kind"] == "finite") & (t["run"] != "mean")].groupby("run"):
                ax.plot(one["index"], one["eigenvalue"], color=palette[act], lw=0.5, alpha=0.25)
            fin = t[(t["activation"] == act) & (t["run"] == "mean")]
            inf = t[(t["activation"] == act) & (t["kind"] == "infinite")]
            ax.plot(fin["index"], fin["eigenvalue"], color=palette[act], lw=1.4, marker="o", ms=2.5,
                    label=activation(act).label)
            ax.plot(inf["index"], inf["eigenvalue"], color=palette[act], lw=0.9, ls=":")
        ax.plot([], [], color="grey", ls=":", lw=0.9, label="infinite width $G^\\infty$ (exact)")
        ax.set_yscale("log")
        ax.set_xlabel("Eigenvalue indices")
        ax.set_ylabel("Eigenvalue of G(0)")
        plotting.label_panel(ax, letter, f"Eigen value comparison: n = {n}")
    axes[3].legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    runs = cfg["runs"]
    rescaled = " (time-rescaled from the paper's eta = 1e-3 and 2e4 epochs: same eta x T in the kernel regime)" \
        if tr["eta"] != 1e-3 else ""
    note = (f"{cfg['arc']} circle (theta_i = {'pi' if cfg['arc'] == 'half' else '2 pi'} i/n), lifted to S^{cfg['d'] - 1}; "
            + ("the half circle is UNSTATED: the literal full circle has antipodal pairs that make G singular for ReLU, "
               "swish, tanh and quadratic at every width. " if cfg["arc"] == "half" else
               "FULL circle: antipodal pairs make G exactly singular for ReLU, swish, tanh and quadratic. ")
            + f"Labels U{{-1, 1}}, a ~ N(0, 1) fixed, L = 1/2 sum (y - u)^2, full-batch GD. (a, b): m = {tr['width']}, "
            f"eta = {tr['eta']}, {tr['epochs']} epochs{rescaled}, mean of {runs} runs; dashed: L_lin(t) from G(0) of "
            f"the same runs; the claims compare L(T)/L(0), since L(0) differs by activation. (c, d): G(0) at "
            f"m = {cfg['spectra']['width']} in float64, mean of {runs} sorted spectra (runs thin), clipped at n eps lambda_max; "
            f"dotted: exact G^inf. Epoch count and log scales UNSTATED in the paper.")
    plotting.stamp(fig, "Panigrahi et al. (2020), Figure 1: experiments on synthetic data", note, profile,
                   diverged=diverged)
    plotting.save(fig, png, pdf)


def plot_fig2(tables: dict[str, pd.DataFrame], cfg: dict, source: str, profile: str, png, pdf) -> None:
    label = data_label(source)
    plotting.apply_style()
    fig, axes = plotting.panels(2, 2)
    a, b, c, d = (tables[f"{FIGURE2}{p}"] for p in "abcd")
    n = cfg["images"]

    ax = axes[0]
    ax.bar(a["bin_left"], a["count"], width=a["bin_right"] - a["bin_left"], align="edge", color="#4c72b0", lw=0)
    ax.axvline(DELTA, color="crimson", ls="--", lw=1, label="delta = 0.1")
    nonzero = a[a["count"] > 0]
    if len(nonzero):
        ax.axvline(nonzero["bin_left"].iloc[0], color="black", ls=":", lw=1,
                   label=f"smallest distance (bin from {nonzero['bin_left'].iloc[0]:.3f})")
    ax.set_xlabel("L2 distance between preprocessed images")
    ax.set_ylabel("Number of pairs")
    ax.legend(fontsize="x-small")
    plotting.label_panel(ax, "a", "Pairwise distances")

    ax = axes[1]
    ax.plot(b["k"], b["cumulative_ratio"], color="#4c72b0")
    ax.axvline(math.log(n), color="crimson", ls="--", lw=1, label=f"k = ln n = {math.log(n):.1f}")
    ax.set_yscale("log")
    ax.set_xlabel("k (top singular values of the centred data)")
    ax.set_ylabel("Cumulative eigenvalue ratio r_k")
    ax.legend(fontsize="x-small", loc="lower right")
    plotting.label_panel(ax, "b", "Intrinsic dimension")

    acts = list(dict.fromkeys(list(c["activation"]) + list(d["activation"])))
    palette = dict(zip(acts, sns.color_palette("colorblind", len(acts))))
    ax = axes[2]
    for act, one in c.groupby("activation", sort=False):
        fin, inf = one[one["kind"] == "finite"], one[one["kind"] == "infinite"]
        ax.plot(fin["index"], fin["eigenvalue"].clip(lower=1e-18), color=palette[act], lw=1.4,
                label=activation(act).label)
        ax.plot(inf["index"], inf["eigenvalue"].clip(lower=1e-18), color=palette[act], lw=0.9, ls=":")
    ax.plot([], [], color="grey", ls=":", lw=0.9, label="infinite width $G^\\infty$")
    ax.set_yscale("log")
    ax.set_xlabel("Eigenvalue index")
    ax.set_ylabel("Eigenvalue of G(0)")
    ax.legend(fontsize="x-small")
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
    ax.axhline(math.log(10), color="grey", ls="--", lw=0.9, label="ln 10 (chance)")
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Training cross-entropy (whole subset)")
    ax.legend(fontsize="x-small")
    plotting.label_panel(ax, "d", "Convergence speed (SGD)")

    tr, sp = cfg["train"], cfg["spectra"]
    rescaled = (f" lr {tr['lr']} is time-rescaled from the paper's 1e-3 for the reduced run."
                if tr["lr"] != 1e-3 else "")
    param = {"unit_fanin": "F = phi(Wx) A, W ~ N(0, I) (fan-in scale for unit-norm x: pre-activations ~ N(0, 1)), "
                           "A ~ N(0, 1/m), no bias (UNSTATED; App. D's 1/d would give std 0.018)",
             "dzps": "DZPS parametrisation F = phi(Wx) A / sqrt(m), W ~ N(0, I), A ~ N(0, 1)"}[tr["parametrization"]]
    note = (f"{'SYNTHETIC STAND-IN, NOT CIFAR-10: Gaussian images with a k^-1.1 spectrum; the paper claims are not testable on it. ' if source != 'download' else ''}"
            f"{n} random training images (subset seed {cfg['subset_seed']}), pixels / 255, Section-2 preprocessing "
            f"(one global scale, completing coordinate, constant 1/sqrt(2): d = 3074, unit norm). (a) all "
            f"{n * (n - 1) // 2} pairs, {cfg['histogram_bins']} bins. (b) centred covariance, r_k = top-k share "
            f"of the variance. (c) and (d) show the same network: (c) its G(0) at initialisation (eq. 2; 10 outputs: "
            f"mean of the diagonal blocks), drawn at m = {sp['width']} (float64); dotted: G^inf, its infinite-width "
            f"limit. (d) m = {tr['width']}, {param}; both layers trained, SGD batch {tr['batch_size']}, lr "
            f"{tr['lr']}, {tr['epochs']} epochs, cross-entropy on the whole subset after each epoch; dashed: ln 10 "
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
