"""Du et al. 2019: Figure 1 and du2019-supp1, drawn from their panel tables only."""
from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.ticker import NullFormatter, PercentFormatter, ScalarFormatter

from ... import plotting
from ...divergence import diverged_curves
from ...inputs import read_table
from ...jobs import JobContext, entry

# small_widths: only for checking the grid of du2019-supp1's tables (overparam.inputs)
PLOT_KEYS = ("du2019.n", "du2019.d", "du2019.widths", "du2019.small_widths", "du2019.eta", "du2019.steps",
             "du2019.activation", "du2019.output_weights", "du2019.seeds", "du2019.figure_seed", "profile")


def _settings_note(cfg: dict) -> str:
    return (f"n = {cfg['n']}, d = {cfg['d']}, eta = {cfg['eta']}, {cfg['steps']} GD steps, "
            f"{cfg['activation']}, a ~ {cfg['output_weights']} (fixed), {cfg['seeds']} seeds "
            f"(seed {cfg['figure_seed']} bold, others thin where drawn). Widths and eta are UNSTATED in the paper: "
            f"the ratios m/n = 1..16 and eta = 0.1 are inferred from panel (c)'s recovered y-ticks at the paper's "
            f"n = d = 1000 (spec du2019 section 1); smaller profiles keep the ratios.")


def _lines(ax, frame, y, cfg, palette, legend=True):
    bold = frame[frame["seed"] == cfg["figure_seed"]]
    for seed, part in frame[frame["seed"] != cfg["figure_seed"]].groupby("seed"):
        for m, curve in part.groupby("m"):
            ax.plot(curve["iteration"], curve[y], color=palette[m], lw=0.5, alpha=0.3)
    sns.lineplot(data=bold, x="iteration", y=y, hue="m", palette=palette, lw=1.6, ax=ax, legend=legend,
                 errorbar=None)
    _mark_diverged(ax, frame, "iteration", y, palette)


def _mark_diverged(ax, frame, x, y, palette):
    """A cross where each diverged run stopped (its values after the first NaN/Inf are NaN, never drawn)."""
    for (m, seed), _ in diverged_curves(frame, ["m", "seed"]):
        curve = frame[(frame["m"] == m) & (frame["seed"] == seed)]
        plotting.mark_diverged(ax, curve, x, y, palette.get(m, "k"))


def _diverged_lines(frame) -> list[str]:
    return [f"seed {seed}, m = {m} at iteration {k}" for (m, seed), k in diverged_curves(frame, ["m", "seed"])]


def plot_fig1(loss: pd.DataFrame, patterns: pd.DataFrame, distance: pd.DataFrame, cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    palette = plotting.width_palette(cfg["widths"])
    fig, (a, b, c) = plotting.panels(3)
    _lines(a, loss, "loss", cfg, palette)
    a.set_yscale("log")
    a.set_ylabel("Training loss  $\\frac{1}{2}\\|u(k) - y\\|^2$")
    plotting.label_panel(a, "a", "Convergence rates.")
    _lines(b, patterns, "pattern_change_fraction", cfg, palette, legend=False)
    b.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    b.set_ylabel("Patterns changed since k = 0")
    plotting.label_panel(b, "b", "Percentiles of pattern changes.")
    _lines(c, distance, "max_distance", cfg, palette, legend=False)
    c.set_ylabel("Maximum Distances  $\\max_r\\|w_r(k) - w_r(0)\\|$")
    plotting.label_panel(c, "c", "Maximum distances from initialization.")
    for ax in (a, b, c):
        ax.set_xlabel("Iteration k")
    if _diverged_lines(loss):  # the curves then rise: the upper left is free
        a.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR, label="diverged (NaN/Inf)")
        a.legend(title="width m", fontsize="small", loc="upper left")
    else:
        a.legend(title="width m", fontsize="small")
    a.text(0.03, 0.03, "at m >= n the order of the curves follows L(0);\nthe width effect: rho_m in du2019-supp1",
           transform=a.transAxes, fontsize="x-small", color="0.3", va="bottom")
    plotting.stamp(fig, "Du et al. (2019), Figure 1: Results on synthetic data.", _settings_note(cfg), profile,
                   diverged=_diverged_lines(loss))
    plotting.save(fig, png, pdf)


def plot_supp1(curves: pd.DataFrame, rho: pd.DataFrame, cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    widths = sorted(curves["m"].unique())
    palette = plotting.width_palette(widths)
    fig, (a, b) = plotting.panels(2)
    curves = plotting.drawable(curves, ["normalized_loss", "lin_normalized_loss"])  # overflowed: not drawable (log axes)
    bold = curves[curves["seed"] == cfg["figure_seed"]]
    sns.lineplot(data=bold, x="iteration", y="normalized_loss", hue="m", palette=palette, lw=1.6, ax=a,
                 errorbar=None)
    for m, curve in bold.groupby("m"):
        a.plot(curve["iteration"], curve["lin_normalized_loss"], color=palette[m], lw=0.8, ls="--")
    _mark_diverged(a, bold, "iteration", "normalized_loss", palette)
    a.plot([], [], color="grey", ls="--", lw=0.8, label="NTK: $(I - \\eta H^\\infty)^k$")
    if _diverged_lines(curves):
        a.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR, label="diverged (NaN/Inf)")
    a.set_yscale("log")
    a.set_xlabel("Iteration k")
    a.set_ylabel("Normalised loss  L(k) / L(0)")
    handles, labels = a.get_legend_handles_labels()
    a.get_legend().remove()
    plotting.label_panel(a, "a", f"Loss, small and large m (seed {cfg['figure_seed']})")
    sns.lineplot(data=rho, x="m", y="rho", hue="seed", marker="o", palette="dark:grey", ax=b, legend=True,
                 errorbar=None)
    b.axhline(1.0, color="k", lw=0.8, ls=":")
    b.set_xscale("log")
    b.set_yscale("log")
    b.set_xticks(widths, [str(m) for m in widths], rotation=45)
    b.xaxis.set_minor_formatter(NullFormatter())
    b.yaxis.set_major_formatter(ScalarFormatter())
    b.yaxis.set_minor_formatter(ScalarFormatter())
    b.set_xlabel("Width m")
    b.set_ylabel("Excess loss  $\\rho_m = [L(T)/L(0)] / [L_{lin}(T)/L_{lin}(0)]$")
    plotting.label_panel(b, "b", "Excess over the infinite-width rate")
    b.add_artist(b.legend(title="seed (b)", fontsize="x-small", loc="upper right"))
    b.legend(handles, labels, title="width m (a)", fontsize="x-small", loc="upper left", bbox_to_anchor=(1.03, 1.0))
    note = ("SUPPLEMENTARY (not in the paper): tests panel (a)'s claim 'as m becomes larger, we have better "
            "convergence rate' with small widths added and the NTK prediction as reference. " + _settings_note(cfg))
    # rho of a diverged run is NaN: no point is drawn for it, and the warning names it.
    plotting.stamp(fig, "Du et al. (2019), supplementary: width effect on the convergence rate", note, profile,
                   diverged=_diverged_lines(curves))
    plotting.save(fig, png, pdf)


@entry(*PLOT_KEYS)
def plot_fig1_job(job: JobContext) -> None:
    loss, patterns, distance = (read_table(path) for path in job.input)
    plot_fig1(loss, patterns, distance, job.config["du2019"], job.config["profile"], *job.output)


@entry(*PLOT_KEYS)
def plot_supp1_job(job: JobContext) -> None:
    curves, rho = (read_table(path) for path in job.input)
    plot_supp1(curves, rho, job.config["du2019"], job.config["profile"], *job.output)
