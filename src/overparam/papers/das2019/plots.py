"""Das & Golikov 2019: the four supplementary figures, drawn from their panel CSVs only (no torch)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from matplotlib.ticker import NullFormatter

from ... import plotting
from ...activations import activation
from ...inputs import read_table
from ...jobs import JobContext, entry
from .settings import EIG_FLOOR, THRESHOLD_SERIES, loglog_slope

# What the figures' notes and labels read of the config.
PLOT_KEYS = (
    "das2019.seed", "das2019.delta_prime",
    "das2019.supp1.d", "das2019.supp1.mc_samples", "das2019.supp1.bstar_fraction", "das2019.supp1.bstar_seeds",
    "das2019.supp1.gd_widths", "das2019.supp1.gd_fraction", "das2019.supp1.gd_seeds", "das2019.supp1.gd_eps",
    "das2019.supp1.gd_time_factor", "das2019.supp1.gd_max_n",
    "das2019.train.time", "das2019.train.small_eta", "das2019.train.small_eta_width",
    "das2019.train.ref.n", "das2019.train.ref.d", "das2019.train.ref.seeds", "das2019.train.tiny.n",
    "das2019.train.tiny.d",
    "das2019.supp4.pairs", "das2019.supp4.d", "das2019.supp4.perturbation", "das2019.supp4.seeds",
    "das2019.supp4.A.steps", "das2019.supp4.B.steps", "das2019.supp4.B_perturbed.steps",
    "profile",
    # the rows the panel tables must hold (overparam.inputs checks them against these before the job)
    "das2019.supp1.ns", "das2019.train.supp2_widths", "das2019.train.ref.widths", "das2019.train.ref.threshold_seeds",
    "das2019.train.tiny.widths", "das2019.train.tiny.seeds", "das2019.train.tiny.threshold_seeds",
    "das2019.supp4.activations", "das2019.supp4.A.widths", "das2019.supp4.B.widths",
    "das2019.supp4.B_perturbed.widths",
)
DATASET_LABELS = {"A": "A", "B": "B", "B_perturbed": "B'", "B_independent": "B5", "pair": "pair"}
SUPP = "SUPPLEMENTARY FIGURE (not in the paper, which has no figures): "


def _common_note(cfg: dict) -> str:
    return ("Model of Thm 4.6: f = m^(-1/2) sum a_r sigma(w_r.x), no bias, a_r ~ unif{-1, 1} fixed, w_r(0) ~ N(0, I), "
            "only W trained on L = 1/2 sum (y - u)^2. UNSTATED in the paper and chosen here: GD with eta = "
            "1/lambda_max(H^inf) against t = eta k (the paper analyses gradient flow only), float64, data uniform on the "
            f"sphere with y ~ U[-1, 1] (kappa = 1), seeds from base seed {cfg['seed']}.")


def _loglog(ax, xticks=None):
    ax.set_xscale("log")
    ax.set_yscale("log")
    if xticks is not None:
        ax.set_xticks(list(xticks), [str(int(v)) for v in xticks])
        ax.xaxis.set_minor_formatter(NullFormatter())


# ---------------------------------------------------------------- supp1

SERIES_COLORS = {"DG": plotting.activation_color("softplus"),  # Das-Golikov's threshold takes the softplus lambda0
                 "SY": "#E69F00", "Du": "#CC79A7"}


def plot_supp1(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    fig = plt.figure(figsize=(plotting.FIGURE_WIDTH, 6.4))
    grid = fig.add_gridspec(2, 2, height_ratios=[2.6, 1.25], width_ratios=[1.0, 1.15])
    a, b, key = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    lam = tables["das2019-supp1a"]
    for (act, method), part in lam.groupby(["activation", "method"], sort=False):
        if method == "monte_carlo":
            a.plot(part["n"], part["lambda0"], ls="none", marker="x", ms=7, color="k",
                   label=f"Monte Carlo, M = {cfg['supp1']['mc_samples']:.0e}")
        else:
            a.plot(part["n"], part["lambda0"], marker="o", ms=4, color=plotting.activation_color(act),
                   label=f"{activation(act).label} ({activation(act).kernel_method})")
    _loglog(a, sorted(lam["n"].unique()))
    plotting.log_ticks(a, lam["lambda0"])
    a.set_xlabel("n (d = %d)" % cfg["supp1"]["d"])
    a.set_ylabel("$\\lambda_0 = \\lambda_{min}(H^\\infty)$")
    plotting.legend(a)
    plotting.label_panel(a, "a", "$\\lambda_0(n)$: each theorem's\nown kernel")

    w = tables["das2019-supp1b"]
    dg, sy, du = SERIES_COLORS["DG"], SERIES_COLORS["SY"], SERIES_COLORS["Du"]
    styles = {
        "m_B*": dict(color="k", marker="o", ms=4, lw=1.8),
        "m_GD*": dict(color="0.45", marker="s", ms=4, lw=1.8),
        "DG printed": dict(color=dg, lw=2.2),
        "DG at delta'": dict(color=dg, lw=1.2, ls="--"),
        "DG at delta', E3 fix": dict(color=dg, lw=1.0, ls="-."),
        "DG corrected (E2)": dict(color=dg, lw=1.2, ls=":"),
        "Song-Yang": dict(color=sy, lw=1.8),
        "Du et al.": dict(color=du, lw=1.8),
        "Song-Yang (softplus lambda0)": dict(color=sy, lw=0.8, ls="--"),
        "Du et al. (softplus lambda0)": dict(color=du, lw=0.8, ls="--"),
        "O&S params": dict(color="0.6", lw=1.0, ls=":"),
    }
    names = {
        "m_B*": "measured $m_B^*$: $\\lambda_{min}(C(0)) > \\frac{3}{4}\\lambda_0$",
        "m_GD*": "measured $m_{GD}^*$: GD to $10^{-4}$ rel. loss",
        "DG printed": "DG printed $4n^2\\ln(2n/\\delta)/\\lambda_0^2$",
        "DG at delta'": "DG at total failure prob. $\\delta'$ (E4)",
        "DG at delta', E3 fix": "DG at $\\delta'$, E3 constant",
        "DG corrected (E2)": "DG, E2 fix $64D^2n^4/(\\delta_2\\lambda_0^4)$",
        "Song-Yang": "Song-Yang $n^4\\ln(n/\\delta)/\\lambda_0^4$",
        "Du et al.": "Du et al. $n^6/(\\lambda_0^4\\delta^3)$",
        "Song-Yang (softplus lambda0)": "Song-Yang, softplus $\\lambda_0$",
        "Du et al. (softplus lambda0)": "Du et al., softplus $\\lambda_0$",
        "O&S params": "O&S: $md \\gtrsim n^2$, i.e. $n^2/d$",
    }
    for series in ["m_B*", "m_GD*", *THRESHOLD_SERIES]:
        part = w[w["series"] == series]
        if len(part) == 0:
            continue
        slope = loglog_slope(part["n"], part["width"])
        b.plot(part["n"], part["width"], label=f"{names[series]}  [{slope:.2f}]", **styles[series])
    _loglog(b, sorted(w["n"].unique()))
    plotting.log_ticks(b, w["width"])
    b.set_xlabel("n (d = %d)" % cfg["supp1"]["d"])
    b.set_ylabel("width m")
    plotting.label_panel(b, "b", "Widths needed in practice vs\nwidth thresholds")
    key.axis("off")
    handles, labels = b.get_legend_handles_labels()
    key.legend(handles, labels, loc="upper center", ncols=2, fontsize=plotting.LEGEND_PT, columnspacing=1.2,
               title="(b): measured widths and thresholds  [log-log slope in n]", title_fontsize=plotting.LEGEND_PT)
    c = cfg["supp1"]
    note = (SUPP + "tests Thm 4.6(b)'s width threshold m > 4n² ln(2n/δ)/λ0² (softplus) against the widths "
            "actually needed and against Du et al. and Song-Yang, each evaluated with the λ0 of its own theorem "
            "(ReLU for Du and SY, constants 1; their softplus-λ0 versions as thin dashed twins). "
            f"Family F: n points on S^{c['d'] - 1}, y ~ U[-1, 1]. m_B*: smallest grid width round(2^(k/2)) from which "
            f"on >= {c['bstar_fraction']:.0%} of {c['bstar_seeds']} seeds λ_min(C(0)) > 3/4 λ0. m_GD*: "
            f"smallest width of {c['gd_widths']} from which on >= {c['gd_fraction']:.0%} of {c['gd_seeds']} seeds reach "
            f"{c['gd_eps']:g} relative loss within T = {c['gd_time_factor']} ln(1/ε)/λ0 (n <= {c['gd_max_n']}). "
            f"δ' = {cfg['delta_prime']}, δ = δ'/n; slopes are least squares over n. " + _common_note(cfg))
    plotting.stamp(fig, "Das & Golikov (2019), supplementary 1: how wide is wide enough?", note, profile)
    plotting.save(fig, png, pdf)


# ---------------------------------------------------------------- supp2

def _median_band(ax, frame: pd.DataFrame, y: str, palette: dict, label_fmt="m = {m}"):
    for m, part in frame.groupby("m"):
        g = part.groupby("t")[y]
        med, lo, hi = g.median(), g.min(), g.max()
        ax.plot(med.index, med.values, color=palette[m], lw=1.4, label=label_fmt.format(m=m))
        ax.fill_between(med.index, lo.values, hi.values, color=palette[m], alpha=0.2, lw=0)


def plot_supp2(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    fig, axes = plotting.panels(2, 2, row_height=2.5)
    a, b, c, d = axes
    curves = tables["das2019-supp2a"]
    palette = plotting.width_palette(sorted(curves["m"].unique()))
    _median_band(a, curves, "ratio", palette, label_fmt="{m}")
    env = curves.drop_duplicates("t").sort_values("t")
    a.plot(env["t"], env["envelope"], color="k", ls="--", lw=1.2)
    a.plot(env["t"], env["asymptote"], color="0.5", ls=":", lw=1.2)
    m_flow = max(curves["m"])
    one = curves[(curves["m"] == m_flow) & (curves["seed"] == curves["seed"].min())]
    a.plot(one["t"], one["flow"], color="#D55E00", lw=0.9)
    a.set_yscale("log")
    a.set_ylim(bottom=max(1e-20, curves["ratio"].min() / 10))
    a.set_xlabel("t = ηk")
    a.set_ylabel("$\\|y - u(t)\\|^2 / \\|y - u(0)\\|^2$")
    plotting.label_panel(a, "a", "Loss ratio, D_ref (median, seed range)")

    lm = tables["das2019-supp2b"]
    _median_band(b, lm, "lmin_over_lambda0", palette, label_fmt="{m}")
    b.axhline(0.5, color="k", ls="--", lw=1)
    b.axhline(0.75, color="k", ls=":", lw=1)
    b.set_xlabel("t = ηk")
    b.set_ylabel("$\\lambda_{min}(C(t)) / \\lambda_0$")
    b.set_ylim(0, max(1.3, float(lm["lmin_over_lambda0"].max()) * 1.05))
    plotting.label_panel(b, "b", "Smallest eigenvalue of C(t)")
    # one key for (a) and (b): the widths share their colours
    b.plot([], [], color="k", ls="--", lw=1.2, label="(a) Lemma 4.3(a): $e^{-\\lambda_0 t}$\n(b) 1/2: its hypothesis")
    b.plot([], [], color="0.5", ls=":", lw=1.2, label="(a) $e^{-2\\lambda_0 t}$ (NTK rate)")
    b.plot([], [], color="k", ls=":", lw=1.0, label="(b) 3/4: Thm 4.2's event")
    b.plot([], [], color="#D55E00", lw=0.9, label=f"(a) $\\|e^{{-H^\\infty t}}r_0\\|^2/\\|r_0\\|^2$\n    (m = {m_flow})")
    plotting.legend(b, outside=True, title="width m")

    st = tables["das2019-supp2c"]
    m_small = cfg["train"]["small_eta_width"]
    for (scale, seed), part in st.groupby(["eta_scale", "seed"]):
        c.plot(part["t"], part["ratio"], color="k" if scale == 1 else "#D55E00", lw=1.6 if scale == 1 else 1.0,
               ls="-" if scale == 1 else "--",
               label=f"η = {scale:g}/$\\lambda_{{max}}$" if seed == st["seed"].min() else None)
    c.set_yscale("log")
    c.set_xlabel("t = ηk")
    c.set_ylabel("loss ratio")
    plotting.legend(c)
    plotting.label_panel(c, "c", f"Step size η vs η/4, m = {m_small}")

    thr = tables["das2019-supp2d"]
    if len(thr):
        for (ds, seed), part in thr.groupby(["dataset", "seed"]):
            d.plot(part["t"], part["ratio"], lw=1.2, label=f"{ds}, seed {seed}, m = {part['m'].iloc[0]}")
        for ds, part in thr.groupby("dataset"):
            e = part.drop_duplicates("t")
            d.plot(e["t"], e["envelope"], color="k", ls="--", lw=1.2, label=f"$e^{{-\\lambda_0 t}}$ ({ds})")
        lo, hi = thr["lmin_over_lambda0"].min(), thr["lmin_over_lambda0"].max()
        d.set_yscale("log")
        plotting.legend(d, outside=True, title=f"$\\lambda_{{min}}(C(t))/\\lambda_0 \\in$\n[{lo:.4f}, {hi:.4f}]")
    d.set_xlabel("t = ηk")
    d.set_ylabel("loss ratio")
    plotting.label_panel(d, "d", "At the theorem's own width m_DG")
    tc = cfg["train"]
    note = (SUPP + "tests Lemma 4.3(a) / Thm 4.6(b): ||y - u(t)||^2 <= e^(-lambda0 t) ||y - u(0)||^2 (black dashed). "
            f"D_ref: n = {tc['ref']['n']} points on S^{tc['ref']['d'] - 1}, {tc['ref']['seeds']} seeds per width; "
            f"T = {tc['time']}/lambda0. The observed asymptote is e^(-2 lambda_min(C) t) ~ e^(-2 lambda0 t). (c) eta and "
            f"eta x {tc['small_eta']} against t: the same rate, so GD tracks the gradient flow the paper analyses (one step "
            "of eta = 1/lambda_max removes the top mode at once, hence the early offset). "
            f"(d) D_tiny (n = {tc['tiny']['n']}, d = {tc['tiny']['d']}) at m_DG = floor(4n^2 ln(2n/delta)/lambda0^2) + 1 "
            f"with delta = {cfg['delta_prime']}/n, the printed threshold. " + _common_note(cfg))
    plotting.stamp(fig, "Das & Golikov (2019), supp. 2: convergence at the λ0 rate", note, profile)
    plotting.save(fig, png, pdf)


# ---------------------------------------------------------------- supp3

def _points(ax, frame: pd.DataFrame, col: str = "value", color="k", label="observed (D_ref, per seed)"):
    ref = frame[frame["dataset"] == "D_ref"]
    ax.plot(ref["m"], ref[col], ls="none", marker="o", ms=3, color=color, alpha=0.6, label=label)
    med = ref.groupby("m")[col].median()
    ax.plot(med.index, med.values, color=color, lw=1.0)
    tiny = frame[frame["dataset"] != "D_ref"]
    if len(tiny):
        ax.plot(tiny["m"], tiny[col], ls="none", marker="D", ms=4, color=color, mfc="none",
                label="D_tiny at m_DG (its bounds as bars)")


def _bound(ax, frame: pd.DataFrame, col: str, label: str, **style):
    ref = frame[frame["dataset"] == "D_ref"].groupby("m")[col].median()
    ax.plot(ref.index, ref.values, label=label, **style)
    tiny = frame[frame["dataset"] != "D_ref"]
    if len(tiny):
        ax.plot(tiny["m"], tiny[col], ls="none", marker="_", ms=14, mew=2, color=style.get("color", "k"))


def plot_supp3(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    fig, axes = plotting.panels(2, 3, row_height=3.0)
    a, b, c, d, e, spare = axes
    ta = tables["das2019-supp3a"]
    _points(a, ta)
    _bound(a, ta, "bound_printed", "Lemma 4.3(b) printed: $\\sqrt{n}/(\\sqrt{m}\\lambda_0)$", color="tab:red", ls="--")
    _bound(a, ta, "bound_corrected", "corrected: $2c_1\\sqrt{n}/(\\sqrt{m}\\lambda_0)$", color="tab:red", ls=":")
    a.set_ylabel("$\\max_{r,t}\\|w_r(t) - w_r(0)\\| / r_0$")
    plotting.label_panel(a, "a", "Per-neuron movement")

    tb = tables["das2019-supp3b"]
    _points(b, tb)
    _bound(b, tb, "ntk", "NTK: $\\sqrt{r_0^T C(0)^{-1} r_0}/r_0$", color="tab:green", lw=1.0)
    _bound(b, tb, "bound_printed", "Prop. 4.5's step: $\\sqrt{n}/(\\sqrt{m}\\lambda_0)$", color="tab:red", ls="--")
    _bound(b, tb, "radius", "Rem. 4.4 radius $\\sqrt{m}\\lambda_0/(16c_1c_2n)/r_0$", color="tab:purple", ls="-.")
    ref = tb[tb["dataset"] == "D_ref"]
    med = ref.groupby("m")[["value", "bound_printed"]].median()
    q = float(np.median(ref["value"]))
    lam_n = (med["bound_printed"] * np.sqrt(med.index)).median()  # sqrt(n)/lambda0
    m_x = (lam_n / q) ** 2
    b.axvspan(m_x, b.get_xlim()[1], color="tab:red", alpha=0.08, lw=0,
              label=f"Prop. 4.5's inequality violated ($m > m_x \\approx$ {m_x:.2g})")
    b.axvline(m_x, color="tab:red", lw=0.8)
    b.set_ylabel("$\\max_t\\|W(t) - W(0)\\|_F / r_0$")
    plotting.label_panel(b, "b", "Total movement (erratum E2)")

    tc = tables["das2019-supp3c"]
    _points(c, tc)
    _bound(c, tc, "bound_printed", "Thm 4.2 as printed: $2c_1c_2n\\sqrt{\\ln(2n/\\delta)/m}$", color="tab:red", ls="--")
    _bound(c, tc, "bound_e3", "with the E3 constant ($\\times\\sqrt{2}$)", color="tab:red", ls=":")
    c.set_ylabel("$\\|C(0) - H^\\infty\\|_2$")
    plotting.label_panel(c, "c", "Kernel fluctuation at init")

    td = tables["das2019-supp3d"]
    _points(d, td)
    _bound(d, td, "bound", "Rem. 4.4: $n(2c_1c_2/\\sqrt{m})\\max_t\\|W(t)-W(0)\\|_F$", color="tab:red", ls="--")
    d.set_ylabel("$\\max_t\\|C(t) - C(0)\\|_2$")
    plotting.label_panel(d, "d", "Kernel drift during training")

    te = tables["das2019-supp3e"]
    _points(e, te)
    e.axhline(0.5, color="k", ls="--", lw=1, label="1/2: Lemma 4.3's hypothesis")
    e.set_ylabel("$\\min_t \\lambda_{min}(C(t)) / \\lambda_0$")
    plotting.label_panel(e, "e", "Smallest eigenvalue along the run")
    for ax in (a, b, c, d, e):
        ax.set_xscale("log")
        ax.set_xlabel("width m")
        if ax is not e:
            ax.set_yscale("log")
        plotting.legend(ax, below=True)
    spare.axis("off")
    slopes = []
    for key, label in (("das2019-supp3a", "(a)"), ("das2019-supp3b", "(b)"), ("das2019-supp3c", "(c)"),
                       ("das2019-supp3d", "(d)")):
        r = tables[key][(tables[key]["dataset"] == "D_ref") & (tables[key]["m"] >= 64)]
        slopes.append(f"{label} {loglog_slope(r['m'], r['value']):+.2f}")
    spare.text(0.0, 1.0, "Log-log slopes on D_ref, m >= 64:\n" + "\n".join(slopes)
               + "\n\nPer-neuron movement and kernel fluctuation\nshrink like m^(-1/2), kernel drift like m^(-1);"
               "\nthe total movement does not shrink, so the\ninequality Prop. 4.5 takes from Lemma 4.3(b)\n"
               "fails above m_x (shaded in (b)), including\nat the theorem's own width m_DG.",
               va="top", fontsize=plotting.LABEL_PT, transform=spare.transAxes)
    tcfg = cfg["train"]
    note = (SUPP + "tests the 1/sqrt(m) mechanics of the proof: Lemma 4.3(b) (per-neuron movement), the step of Prop. 4.5 "
            "that applies it to the total movement ||W(s) - W(0)||_F (erratum E2: a factor sqrt(m) is lost, so the "
            "inequality fails for m > m_x), Thm 4.2's concentration bound and Remark 4.4's Lipschitz bound. r0 = "
            f"||y - u(0)||; T = {tcfg['time']}/lambda0; D_ref: n = {tcfg['ref']['n']}, d = {tcfg['ref']['d']}, "
            f"{tcfg['ref']['seeds']} seeds per width; diamonds: D_tiny (n = {tcfg['tiny']['n']}) at m_DG. c1 = 1, "
            f"c2 = 1/4 (softplus), delta = {cfg['delta_prime']}/n. " + _common_note(cfg))
    plotting.stamp(fig, "Das & Golikov (2019), supplementary 3: movement and kernel drift against m", note, profile)
    plotting.save(fig, png, pdf)


# ---------------------------------------------------------------- supp4

def plot_supp4(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    plotting.apply_style()
    fig = plt.figure(figsize=(plotting.FIGURE_WIDTH, 7.6))
    grid = fig.add_gridspec(2, 2, height_ratios=[1.0, 1.45])
    a, b, c = fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    spec = tables["das2019-supp4a"]
    acts = list(dict.fromkeys(spec["activation"]))
    datasets = list(dict.fromkeys(spec["dataset"]))
    colors = {act: plotting.activation_color(act) for act in acts}
    width = 0.8 / len(acts)
    for i, ds in enumerate(datasets):
        for j, act in enumerate(acts):
            part = spec[(spec["dataset"] == ds) & (spec["activation"] == act)]
            x = i - 0.4 + width * (j + 0.5)
            jitter = np.linspace(-0.3, 0.3, len(part)) * width
            vals = np.maximum(np.abs(part["eigenvalue"].to_numpy()), EIG_FLOOR)
            zero = part["is_exact_zero"].to_numpy().astype(bool)
            vals = np.where(zero, EIG_FLOOR, vals)
            a.plot(x + jitter[~zero], vals[~zero], ls="none", marker="o", ms=3, color=colors[act],
                   label=activation(act).label if i == 0 else None)
            a.plot(x + jitter[zero], vals[zero], ls="none", marker="x", ms=6, mew=1.5, color=colors[act])
    a.plot([], [], ls="none", marker="x", color="0.3", label="exact zero ($|\\lambda| \\leq 10^{-12}\\lambda_{max}$),\ndrawn at the floor")
    a.set_yscale("log")
    a.set_ylim(EIG_FLOOR / 10, 1e3)
    a.set_xticks(range(len(datasets)), [DATASET_LABELS.get(ds, ds) for ds in datasets])
    a.set_ylabel("eigenvalues of $H^\\infty$")
    plotting.legend(a, outside=True, title="activation")
    plotting.label_panel(a, "a", "Spectra of $H^\\infty$ on antipodal data")

    loss = tables["das2019-supp4b"]
    ds_colors = {"A": "#0072B2", "B": "#D55E00", "B_perturbed": "#E69F00"}  # data sets, not activations
    styles = ["-", "--", ":", "-."]
    for ds, part in loss.groupby("dataset", sort=False):
        for k, (m, pm) in enumerate(part.groupby("m")):
            for seed, ps in pm.groupby("seed"):
                ps = ps[ps["t"] > 0]
                b.plot(ps["t"], ps["loss"], color=ds_colors.get(ds, "k"), ls=styles[k % 4], lw=1.0, alpha=0.8,
                       label=f"{DATASET_LABELS[ds]}, m = {m}" if seed == pm["seed"].min() else None)
        L_inf = float(part["L_inf"].iloc[0])
        if L_inf > 0:
            b.axhline(L_inf, color=ds_colors.get(ds, "k"), lw=2.5, alpha=0.3,
                      label=f"predicted $L_\\infty$ = {L_inf:.6f} ({DATASET_LABELS[ds]})")
    final = loss.sort_values("step").groupby(["dataset", "m", "seed"], sort=False).last()
    gaps = [f"{DATASET_LABELS[ds]}: max |L(K) - L_∞| = {np.max(np.abs(part['excess'])):.1e}"
            for ds, part in final.groupby(level="dataset", sort=False) if part["L_inf"].iloc[0] > 0]

    b.set_xscale("log")
    b.set_yscale("log")
    b.set_xlabel("t = ηk")
    b.set_ylabel("loss $\\frac{1}{2}\\|y - u(t)\\|^2$")
    plotting.legend(b, below=True)
    plotting.label_panel(b, "b", "GD (softplus) stalls at $L_\\infty$")

    au = tables["das2019-supp4c"]
    pal = plotting.width_palette(sorted(au["m"].unique()))
    for (m, seed), part in au.groupby(["m", "seed"]):
        part = part[part["t"] > 0]
        c.plot(part["t"], np.maximum(part["abs_alpha_u"], EIG_FLOOR), color=pal[m], ls="none", marker=".", ms=2,
               label=f"m = {m}" if seed == au["seed"].min() else None)
    c.axhline(1e-10, color="k", ls="--", lw=1, label="claim band 1e-10")
    c.plot([], [], ls="none", label="exact zeros drawn at $10^{-18}$")
    c.set_xscale("log")
    c.set_yscale("log")
    c.set_ylim(EIG_FLOOR / 10, 1)
    c.set_xlabel("t = ηk")
    c.set_ylabel("$|\\alpha^T u(t)|$")
    plotting.legend(c, below=True)
    plotting.label_panel(c, "c", "The invariant on A, $\\alpha = (1, -1, -2, 2)$")
    s = cfg["supp4"]
    note = (SUPP + "tests the hypotheses of Thm 4.1 (lambda0 > 0). Softplus, GELU and SiLU have sigma(t) - sigma(-t) = t, "
            "so u(x) - u(-x) = v.x for every W and m: antipodal pairs whose representatives are linearly dependent make "
            "H^inf and every C(W) singular (erratum E1), and GD stalls at L_inf = 1/4 ||(I - P_R)(y+ - y-)||^2 at any "
            "width. tanh (odd) fails on a single pair; a fixed bias (shifted softplus) repairs it. A: d = 1, "
            "x = (1, -1, 1/2, -1/2), y = (1, -1, 1, -1); B: "
            f"{s['pairs']} pairs +-r_j ~ U(S^{s['d'] - 1}), y ~ U[-1, 1]; B': B with -r_j moved by {s['perturbation']} "
            f"N(0, I) and renormalised; B5: the first {s['d']} pairs of B (independent); pair: one pair of B. GD: "
            f"{s['seeds']} seeds, A {s['A']['steps']} steps (A's slow mode, eigenvalue ~4.5e-5, needs ~6e4), B "
            f"{s['B']['steps']}, B' {s['B_perturbed']['steps']}. (b) at the last step: {'; '.join(gaps)}. " + _common_note(cfg))
    plotting.stamp(fig, "Das & Golikov (2019), supplementary 4: the antipodal counterexample to Thm 4.1", note, profile)
    plotting.save(fig, png, pdf)


PLOTTERS = {"das2019-supp1": plot_supp1, "das2019-supp2": plot_supp2, "das2019-supp3": plot_supp3,
            "das2019-supp4": plot_supp4}


@entry(*PLOT_KEYS)
def plots_job(job: JobContext) -> None:
    """The four figures, each from its panel CSVs; outputs named supp1_png, supp1_pdf, ... (the rule's)."""
    tables = {Path(path).stem: read_table(path) for path in job.input}
    for figure_id, plot in PLOTTERS.items():
        key = figure_id.split("-")[1]  # supp1 ... supp4
        plot(tables, job.config["das2019"], job.config["profile"], job.output[f"{key}_png"],
             job.output[f"{key}_pdf"])
