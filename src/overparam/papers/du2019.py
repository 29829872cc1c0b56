"""Du, Zhai, Poczos, Singh (ICLR 2019), Figure 1, and supplementary figure du2019-supp1.

One GD run per (width, seed) on n points uniform on S^{d-1} with N(0, 1)
labels, W ~ N(0, I), a ~ unif{-1, +1} fixed, ReLU, L = 1/2 sum (f - y)^2,
full-batch GD for ``steps`` iterations (spec du2019.md, sections 1-2).
All widths of one seed share the data and train as one bank of neurons.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..claims import Claim
from ..divergence import DIVERGED_AT, diverged_curves
from ..data import gaussian_labels, uniform_sphere
from ..seeding import rng

if TYPE_CHECKING:
    import torch

# torch and the tensor modules are imported inside the compute functions only: the tables, claims and plot
# jobs import this module too, and never pay torch's start-up (about 2 s of every such job).

PAPER = "du2019"
TRAIN_DTYPE = "float32"  # the spec's calibration ran in float32; spectra are float64


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
    g = rng(cfg["seed"], "du2019-init", seed, m)
    W = g.standard_normal((m, cfg["d"]), dtype=np.float32)
    if cfg["output_weights"] == "rademacher":
        a = g.choice(np.array([-1.0, 1.0], dtype=np.float32), size=m)
    else:
        a = g.standard_normal(m, dtype=np.float32)
    return W, a


def run_seeds(cfg: dict, seeds: list[int], device: torch.device, progress: bool = True) -> dict[int, dict]:
    """Train every width of every seed in one batch; return {seed: arrays the tables and claims read}."""
    import torch

    from ..gram import gram_matrix
    from ..kernels import g_infinity
    from ..training import NeuronBank, kernel_regime_loss, network_outputs, train_fixed_output

    widths = all_widths(cfg)
    data = [dataset(cfg, s) for s in seeds]
    inits = [[initial_weights(cfg, s, m) for m in widths] for s in seeds]
    W0 = torch.from_numpy(np.stack([np.concatenate([w for w, _ in per]) for per in inits])).to(device)
    a = torch.from_numpy(np.stack([np.concatenate([a for _, a in per]) for per in inits])).to(device)
    X64 = np.stack([X for X, _ in data])
    y64 = np.stack([y for _, y in data])
    bank = NeuronBank(W0=W0, a=a, widths=widths)
    X = torch.from_numpy(X64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    y = torch.from_numpy(y64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    runs = train_fixed_output(
        X, y, bank, cfg["activation"], cfg["eta"], cfg["steps"],
        progress_label=f"du2019 {len(seeds)} seeds x {len(widths)} widths" if progress else None,
    )
    W_final = runs.pop("W_final")
    # u(0) in float64 for the linearised reference, which shares it with the run.
    X_dev64 = torch.from_numpy(X64).to(device)
    bank64 = NeuronBank(W0.to(torch.float64), a.to(torch.float64), widths)
    u0 = network_outputs(X_dev64, bank64.W0, bank64, cfg["activation"]).cpu().numpy()  # (B, n, G)

    results = {}
    for b, seed in enumerate(seeds):
        H_inf = g_infinity(X64[b], cfg["activation"])
        eig_inf = np.linalg.eigvalsh(H_inf)
        H_inf_t = torch.from_numpy(H_inf).to(device)
        lmin_h0, lmin_ht, h0_dev, ht_h0 = [], [], [], []
        for lo, hi in zip(bank.offsets[:-1], bank.offsets[1:]):
            H0 = gram_matrix(X_dev64[b], W0[b, lo:hi], a[b, lo:hi], cfg["activation"])
            HT = gram_matrix(X_dev64[b], W_final[b, lo:hi], a[b, lo:hi], cfg["activation"])
            lmin_h0.append(torch.linalg.eigvalsh(H0)[0].item())
            lmin_ht.append(torch.linalg.eigvalsh(HT)[0].item())
            h0_dev.append(torch.linalg.matrix_norm(H0 - H_inf_t, ord=2).item())
            ht_h0.append(torch.linalg.matrix_norm(HT - H0, ord=2).item())
        residual0 = u0[b] - y64[b][:, None]
        results[seed] = {
            "widths": np.array(widths),
            **{key: value[:, b] if value.ndim == 3 else value[b] for key, value in runs.items()},
            "lin_loss": kernel_regime_loss(H_inf, residual0, cfg["eta"], np.arange(cfg["steps"] + 1)),
            "residual0_norm": np.linalg.norm(residual0, axis=0),
            "lambda0": np.array(eig_inf[0]),
            "lambda_max": np.array(eig_inf[-1]),
            "lambda_min_h0": np.array(lmin_h0),
            "lambda_min_ht": np.array(lmin_ht),
            "h0_hinf_norm": np.array(h0_dev),
            "ht_h0_norm": np.array(ht_h0),
        }
    return results


# ---------------------------------------------------------------- tables

def _long(runs: dict[int, dict], key: str, column: str, widths: list[int]) -> pd.DataFrame:
    """One row per (m, seed, iteration); diverged_at is the run's first non-finite step (-1: stayed finite)."""
    frames = []
    for seed, run in sorted(runs.items()):
        w = run["widths"].tolist()
        cols = [w.index(m) for m in widths]
        values = run[key][:, cols]
        T = values.shape[0]
        frames.append(pd.DataFrame({
            "m": np.repeat(widths, T),
            "seed": seed,
            "iteration": np.tile(np.arange(T), len(widths)),
            column: values.T.reshape(-1),
            DIVERGED_AT: np.repeat(np.asarray(run["first_nonfinite_step"])[cols], T),
        }))
    return pd.concat(frames, ignore_index=True)


def excess_loss(run: dict) -> np.ndarray:
    """rho_m = [L(T)/L(0)] / [L_lin(T)/L_lin(0)] per width (spec section 2, fig1a)."""
    L, Llin = run["loss"], run["lin_loss"]
    return (L[-1] / L[0]) / (Llin[-1] / Llin[0])


def tables(runs: dict[int, dict], cfg: dict) -> dict[str, pd.DataFrame]:
    """Tidy panel data keyed by panel id; one row per plotted point."""
    main, every = sorted(cfg["widths"]), all_widths(cfg)
    supp_a = _long(runs, "loss", "normalized_loss", every)
    lin = _long(runs, "lin_loss", "lin_normalized_loss", every)
    for frame, col in ((supp_a, "normalized_loss"), (lin, "lin_normalized_loss")):
        frame[col] = frame[col] / frame.groupby(["m", "seed"])[col].transform("first")
    supp_a.insert(supp_a.columns.get_loc("normalized_loss") + 1, "lin_normalized_loss", lin["lin_normalized_loss"])
    supp_b = pd.concat(
        [pd.DataFrame({"m": run["widths"], "seed": seed, "rho": excess_loss(run),
                       DIVERGED_AT: run["first_nonfinite_step"]}) for seed, run in sorted(runs.items())],
        ignore_index=True,
    )
    return {
        "du2019-fig1a": _long(runs, "loss", "loss", main),
        "du2019-fig1b": _long(runs, "pattern_change_fraction", "pattern_change_fraction", main),
        "du2019-fig1c": _long(runs, "max_distance", "max_distance", main),
        "du2019-supp1a": supp_a,
        "du2019-supp1b": supp_b,
    }


# ---------------------------------------------------------------- claims
# Cross-seed reductions use numpy on stacked arrays, never Python's max/min, so that a NaN from a
# diverged run reaches the claim and fails it instead of being skipped.

def _columns(run: dict, widths: list[int]) -> list[int]:
    w = run["widths"].tolist()
    return [w.index(m) for m in widths]


def _stack(runs: dict[int, dict], values, widths: list[int] | None = None) -> np.ndarray:
    """values(run) per seed, restricted to ``widths`` along the last axis, stacked on a new first axis."""
    out = []
    for run in runs.values():
        v = np.asarray(values(run), dtype=np.float64)
        out.append(v[..., _columns(run, widths)] if widths is not None else v)
    return np.stack(out)


def _worst(values: np.ndarray, reduce=np.max) -> float:
    return float(reduce(values)) if values.size else float("nan")


def _band_extreme(values: np.ndarray, lower: float, upper: float) -> float:
    """For 'every value in [lower, upper]': the value farthest outside the band (NaN if any is NaN)."""
    if values.size == 0 or not np.all(np.isfinite(values)):
        return float("nan")
    return float(np.max(values)) if np.max(values) > upper else float(np.min(values))


def _max_step_ratio(runs, values, widths) -> float:
    """Largest v(m_{j+1}) / v(m_j) along the width grid over all seeds (< 1 means decreasing)."""
    v = _stack(runs, values, widths)
    return _worst(v[:, 1:] / v[:, :-1])


def _pooled_slope(runs, values, widths) -> float:
    """Least-squares slope of log v against log m over all seeds (NaN if any value is not positive/finite)."""
    v = _stack(runs, values, widths)
    if not np.all(np.isfinite(v) & (v > 0)):
        return float("nan")
    logm = np.broadcast_to(np.log(widths), v.shape)
    return float(np.polyfit(logm.ravel(), np.log(v).ravel(), 1)[0])


def claims(runs: dict[int, dict], cfg: dict, profile: str) -> list[Claim]:
    """Claims of spec section 2; tolerance bands from the paper's statements and the spec, not from the runs."""
    main, every = sorted(cfg["widths"]), all_widths(cfg)
    n, eta = cfg["n"], cfg["eta"]
    seeds = f"{len(runs)} seeds"
    big = [m for m in every if m >= n]
    wide = [m for m in every if m >= 4 * n]

    def claim(cid, figure, statement, value, lower=None, upper=None, widths=None, detail=""):
        grid = main if widths is None else widths
        return Claim(f"{figure}.{cid}", PAPER, figure, statement, value, lower, upper, profile,
                     detail or f"{seeds}; widths {grid}")

    rho = lambda r: excess_loss(r)  # noqa: E731
    loss_ratio = lambda r: r["loss"][-1] / r["loss"][0]  # noqa: E731
    pc_end = lambda r: r["pattern_change_fraction"][-1]  # noqa: E731
    d_end = lambda r: r["max_distance"][-1]  # noqa: E731
    rho_main = _stack(runs, rho, main)

    out = []
    diverged = [f"seed {seed}, m = {m}: first NaN/Inf at iteration {k}"
                for seed, r in sorted(runs.items()) for m, k in zip(r["widths"], r["first_nonfinite_step"]) if k >= 0]
    out.append(claim("no-divergence", "du2019-fig1a",
        "Every run stays finite (a NaN or Inf loss is a failure, never plotted as converged)",
        len(diverged), lower=0, upper=0, widths=every, detail="; ".join(diverged)))
    # (a) convergence
    out.append(claim("rho-nonincreasing", "du2019-fig1a",
        "Larger m converges closer to the infinite-width rate: rho_m non-increasing in m (5% slack per step)",
        _max_step_ratio(runs, rho, main), upper=1.05))
    out.append(claim("rho-at-largest-width", "du2019-fig1a",
        "At the largest width the loss ratio is within 25% of the NTK (H^inf) prediction: rho_mmax <= 1.25",
        _worst(rho_main[:, -1]), upper=1.25))
    out.append(claim("width-effect", "du2019-fig1a",
        "The width effect is resolved: (rho_mmin - 1) - 2 (rho_mmax - 1) >= 0 in every seed",
        _worst((rho_main[:, 0] - 1) - 2 * (rho_main[:, -1] - 1), np.min), lower=0.0))
    out.append(claim("loss-monotone", "du2019-fig1a",
        "GD decreases the loss at every step: max L(k+1)/L(k) <= 1 + 1e-6",
        _worst(_stack(runs, lambda r: r["loss"][1:] / r["loss"][:-1], every)), upper=1 + 1e-6, widths=every))
    out.append(claim("thm41-envelope", "du2019-fig1a",
        "Theorem 4.1: L(k)/L(0) <= (1 - eta lambda0/2)^k for every k >= 1 and every m >= n (max ratio)",
        _worst(_stack(runs, lambda r: (r["loss"][1:] / r["loss"][0])
                      / ((1 - eta * float(r["lambda0"]) / 2) ** np.arange(1, r["loss"].shape[0]))[:, None], big)),
        upper=1.0, widths=big))
    out.append(claim("final-loss-ratio", "du2019-fig1a",
        "Linear convergence over the run: L(T)/L(0) <= 1e-2 for every m >= n (max over runs)",
        _worst(_stack(runs, loss_ratio, big)), upper=1e-2, widths=big))
    out.append(claim("final-loss-floor", "du2019-fig1a",
        "The loss stays above the float32 floor: L(T)/L(0) >= 1e-4 for every m >= n (min over runs)",
        _worst(_stack(runs, loss_ratio, big), np.min), lower=1e-4, widths=big))
    if 16 * n in every:
        k16 = 16 * n
        out.append(claim("ntk-agreement", "du2019-fig1a",
            f"At m = 16n the loss follows the infinite-width prediction: max_k |ln L(k) - ln L_lin(k)| <= 0.2",
            _worst(_stack(runs, lambda r: np.abs(np.log(r["loss"]) - np.log(r["lin_loss"])), [k16])),
            upper=0.2, widths=[k16]))
    out.append(claim("h0-to-hinf-rate", "du2019-fig1a",
        "Remark 3.1: ||H(0) - H^inf||_2 = O(1/sqrt(m)): log-log slope against m in [-0.6, -0.4]",
        _pooled_slope(runs, lambda r: r["h0_hinf_norm"], main), lower=-0.6, upper=-0.4))
    out.append(claim("lambda-min-nondecreasing", "du2019-fig1a",
        "The paper's mechanism: lambda_min(H(T)) non-decreasing in m (slack 0.002 per step)",
        _worst(-np.diff(_stack(runs, lambda r: r["lambda_min_ht"], main), axis=1)), upper=0.002))
    out.append(claim("lambda-min-stays", "du2019-fig1a",
        "H(t) stays near H^inf: |lambda_min(H(T)) - lambda0| <= 0.01 for m >= 4n",
        _worst(_stack(runs, lambda r: np.abs(r["lambda_min_ht"] - r["lambda0"]), wide)), upper=0.01, widths=wide))
    # (b) activation patterns
    out.append(claim("pattern-change-decreasing", "du2019-fig1b",
        "Larger m changes fewer activation patterns: pc(T) strictly decreasing in m (max step ratio < 1)",
        _max_step_ratio(runs, pc_end, main), upper=float(np.nextafter(1.0, 0.0))))
    out.append(claim("pattern-change-rate", "du2019-fig1b",
        "Lemma 3.2 scaling: log-log slope of pc(T)/||y - u(0)|| against m in [-0.6, -0.4]",
        _pooled_slope(runs, lambda r: pc_end(r) / r["residual0_norm"], main), lower=-0.6, upper=-0.4))
    out.append(claim("flip-implies-small-preactivation", "du2019-fig1b",
        "Every flipped pattern has |w_r(0).x_i| <= ||w_r(k) - w_r(0)|| (violations counted over all k, m)",
        float(np.sum(_stack(runs, lambda r: r["flip_violations"], every))), lower=0.0, upper=0.0, widths=every))
    # (c) distance from initialisation
    out.append(claim("distance-decreasing", "du2019-fig1c",
        "Larger m moves less: max_r ||w_r(T) - w_r(0)|| strictly decreasing in m (max step ratio < 1)",
        _max_step_ratio(runs, d_end, main), upper=float(np.nextafter(1.0, 0.0))))
    out.append(claim("distance-rate", "du2019-fig1c",
        "Lemma 3.3 scaling R' ~ 1/sqrt(m): log-log slope of D(T)/||y - u(0)|| against m in [-0.6, -0.4]",
        _pooled_slope(runs, lambda r: d_end(r) / r["residual0_norm"], main), lower=-0.6, upper=-0.4))
    root = float(np.sqrt(main[-1] / main[0]))
    out.append(claim("distance-ratio", "du2019-fig1c",
        f"D(T) at m = {main[0]} over m = {main[-1]} is near sqrt({main[-1] // main[0]}) = {root:.3g}: "
        f"within [0.75, 1.5] x that (spec: [3, 6] for a ratio of 16)",
        _band_extreme((lambda v: v[:, 0] / v[:, -1])(_stack(runs, d_end, main)), 0.75 * root, 1.5 * root),
        lower=0.75 * root, upper=1.5 * root))
    out.append(claim("corollary41-envelope", "du2019-fig1c",
        "Corollary 4.1: D(k) <= R' = 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0) for every k and m (max D/R')",
        _worst(_stack(runs, lambda r: r["max_distance"] / (4 * np.sqrt(n) * r["residual0_norm"]
                                                           / (np.sqrt(r["widths"]) * r["lambda0"]))[None, :], every)),
        upper=1.0, widths=every))
    if n == 1000 and cfg["d"] == 1000 and eta == 0.1 and {1000, 16000} <= set(main):
        # Only at the paper's own settings: the recovered y-ticks of panel (c) (spec section 0.1).
        out.append(claim("recovered-ticks-m1000", "du2019-fig1c",
            "Panel (c)'s recovered y-range: 1.5 <= D(100) <= 3.0 at m = 1000",
            _worst(_stack(runs, d_end, [1000])), lower=1.5, upper=3.0, widths=[1000]))
        out.append(claim("recovered-ticks-m16000", "du2019-fig1c",
            "Panel (c)'s recovered y-range: 0.35 <= D(100) <= 0.7 at m = 16000",
            _worst(_stack(runs, d_end, [16000])), lower=0.35, upper=0.7, widths=[16000]))
    # supplementary: the small widths make (a)'s claim visible
    out.append(claim("rho-nonincreasing-all-widths", "du2019-supp1",
        "With small widths added, rho_m is non-increasing in m (5% slack per step)",
        _max_step_ratio(runs, rho, every), upper=1.05, widths=every))
    return out


# ---------------------------------------------------------------- figures

def _settings_note(cfg: dict) -> str:
    return (f"n = {cfg['n']}, d = {cfg['d']}, eta = {cfg['eta']}, {cfg['steps']} GD steps, "
            f"{cfg['activation']}, a ~ {cfg['output_weights']} (fixed), {cfg['seeds']} seeds "
            f"(seed {cfg['figure_seed']} bold, others thin where drawn). Widths and eta are UNSTATED in the paper: "
            f"the ratios m/n = 1..16 and eta = 0.1 are inferred from panel (c)'s recovered y-ticks at the paper's "
            f"n = d = 1000 (spec du2019 section 1); smaller profiles keep the ratios.")


def _lines(ax, frame, y, cfg, palette, legend=True):
    import seaborn as sns

    bold = frame[frame["seed"] == cfg["figure_seed"]]
    for seed, part in frame[frame["seed"] != cfg["figure_seed"]].groupby("seed"):
        for m, curve in part.groupby("m"):
            ax.plot(curve["iteration"], curve[y], color=palette[m], lw=0.5, alpha=0.3)
    sns.lineplot(data=bold, x="iteration", y=y, hue="m", palette=palette, lw=1.6, ax=ax, legend=legend,
                 errorbar=None)
    _mark_diverged(ax, frame, "iteration", y, palette)


def _mark_diverged(ax, frame, x, y, palette):
    """A cross where each diverged run stopped (its values after the first NaN/Inf are NaN, never drawn)."""
    from .. import plotting

    for (m, seed), _ in diverged_curves(frame, ["m", "seed"]):
        curve = frame[(frame["m"] == m) & (frame["seed"] == seed)]
        plotting.mark_diverged(ax, curve, x, y, palette.get(m, "k"))


def _diverged_lines(frame) -> list[str]:
    return [f"seed {seed}, m = {m} at iteration {k}" for (m, seed), k in diverged_curves(frame, ["m", "seed"])]


def plot_fig1(loss: pd.DataFrame, patterns: pd.DataFrame, distance: pd.DataFrame, cfg: dict, profile: str, png, pdf):
    from matplotlib.ticker import PercentFormatter

    from .. import plotting

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
    import seaborn as sns
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    from .. import plotting

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
