"""Du et al. 2019: Figure 1 and du2019-supp1, drawn from their panel tables only."""
from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.ticker import NullFormatter, PercentFormatter

from ... import plotting
from ...divergence import diverged_curves
from ...inputs import read_table
from ...jobs import JobContext, entry

# small_widths: only for checking the grid of du2019-supp1's tables (overparam.inputs)
PLOT_KEYS = ("du2019.n", "du2019.d", "du2019.widths", "du2019.small_widths", "du2019.eta", "du2019.steps",
             "du2019.activation", "du2019.output_weights", "du2019.seeds", "du2019.figure_seed", "profile")


def _settings_note(cfg: dict) -> str:
    return (f"n = {cfg['n']}, d = {cfg['d']}, η = {cfg['eta']}, {cfg['steps']} GD steps, "
            f"{cfg['activation']}, a ~ {cfg['output_weights']} (fixed), {cfg['seeds']} seeds "
            f"(seed {cfg['figure_seed']} bold, others thin where drawn). Widths and η are UNSTATED in the paper: "
            f"the ratios m/n = 1..16 and η = 0.1 are inferred from panel (c)'s recovered y-ticks at the paper's "
            f"n = d = 1000; smaller profiles keep the ratios.")


def _lines(ax, frame, y, cfg, palette, legend=True):
    bold = frame[frame["seed"] == cfg["figure_seed"]]
    for seed, part in frame[frame["seed"] != cfg["figure_seed"]].groupby("seed"):
        for m, curve in part.groupby("m"):
            ax.plot(curve["iteration"], curve[y], color=palette[m], lw=0.5, alpha=0.3)
    for m, curve in bold.groupby("m"):
        ax.plot(curve["iteration"], curve[y], color=palette[m], lw=1.6, label=str(m) if legend else None)
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
    fig, (a, b, c) = plotting.panels(3, row_height=2.6)
    _lines(a, loss, "loss", cfg, palette)
    plotting.log_ticks(a, plotting.drawable(loss, ["loss"])["loss"])
    a.set_ylabel("Training loss  $\\frac{1}{2}\\|u(k) - y\\|^2$")
    plotting.label_panel(a, "a", "Convergence rates.")
    _lines(b, patterns, "pattern_change_fraction", cfg, palette, legend=False)
    b.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    b.set_ylabel("Patterns changed since k = 0")
    plotting.label_panel(b, "b", "Percentiles of pattern\nchanges.")
    _lines(c, distance, "max_distance", cfg, palette, legend=False)
    c.set_ylabel("$\\max_r\\|w_r(k) - w_r(0)\\|$")
    plotting.label_panel(c, "c", "Maximum distances from\ninitialization.")
    for ax in (a, b, c):
        ax.set_xlabel("Iteration k")
    if _diverged_lines(loss):
        a.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR, label="diverged (NaN/Inf)")
    plotting.legend(a, title="width m")
    note = (_settings_note(cfg) + " At m >= n the order of the loss curves follows L(0); the width effect on the "
            "rate is in du2019-supp1 (ρ_m).")
    plotting.stamp(fig, "Du et al. (2019), Figure 1: Results on synthetic data.", note, profile,
                   diverged=_diverged_lines(loss))
    plotting.save(fig, png, pdf)


def plot_supp1(curves: pd.DataFrame, rho: pd.DataFrame, cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    widths = sorted(curves["m"].unique())
    palette = plotting.width_palette(widths)
    fig, (a, b) = plotting.panels(2, row_height=2.9)
    curves = plotting.drawable(curves, ["normalized_loss", "lin_normalized_loss"])  # overflowed: not drawable (log axes)
    bold = curves[curves["seed"] == cfg["figure_seed"]]
    for m, curve in bold.groupby("m"):
        a.plot(curve["iteration"], curve["normalized_loss"], color=palette[m], lw=1.6, label=str(m))
        a.plot(curve["iteration"], curve["lin_normalized_loss"], color=palette[m], lw=0.8, ls="--")
    _mark_diverged(a, bold, "iteration", "normalized_loss", palette)
    a.plot([], [], color="grey", ls="--", lw=0.8, label="NTK: $(I - \\eta H^\\infty)^k$")
    if _diverged_lines(curves):
        a.plot([], [], marker="x", ms=8, mew=2, ls="none", color=plotting.DIVERGED_COLOR, label="diverged (NaN/Inf)")
    plotting.log_ticks(a, pd.concat([bold["normalized_loss"], bold["lin_normalized_loss"]]))
    a.set_xlabel("Iteration k")
    a.set_ylabel("Normalised loss  L(k) / L(0)")
    plotting.legend(a, title="width m")
    plotting.label_panel(a, "a", f"Loss, small and large m\n(seed {cfg['figure_seed']})")
    greys = sns.color_palette("dark:grey", rho["seed"].nunique())
    for shade, (seed, part) in zip(greys, rho.groupby("seed")):
        part = part.sort_values("m")
        b.plot(part["m"], part["rho"], color=shade, marker="o", ms=4, label=str(seed))
    b.axhline(1.0, color="k", lw=0.8, ls=":")
    b.set_xscale("log")
    b.set_xticks(widths, [str(m) for m in widths], rotation=45)
    b.xaxis.set_minor_formatter(NullFormatter())
    plotting.log_ticks(b, list(rho["rho"]) + [1.0])
    b.set_xlabel("Width m")
    b.set_ylabel("Excess loss  $\\rho_m$")
    plotting.label_panel(b, "b", "Excess over the infinite-\nwidth rate")
    plotting.legend(b, title="seed")
    note = ("SUPPLEMENTARY (not in the paper): tests panel (a)'s claim 'as m becomes larger, we have better "
            "convergence rate' with small widths added and the NTK prediction as reference. "
            "ρ_m = [L(T)/L(0)] / [L_lin(T)/L_lin(0)]: 1 is the infinite-width rate. " + _settings_note(cfg))
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
