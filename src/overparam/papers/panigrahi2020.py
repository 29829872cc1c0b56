"""Panigrahi, Shetty, Goyal (ICLR 2020), Figure 1: training speed and G-matrix spectra per activation.

Synthetic data: n equally spaced points on a half circle (theta_i = pi i / n), lifted to S^9 by a
random orthonormal frame; labels uniform on {-1, +1}. DZPS setting: w ~ N(0, I), a ~ N(0, 1)
fixed, F(x) = (1/sqrt(m)) sum_k a_k phi(w_k^T x), L = 1/2 sum (y - u)^2, full-batch GD
(spec panigrahi2020.md, sections 1-3). Run r reseeds the data, labels and weights; all
activations within a run share them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..claims import Claim
from ..data import lifted_circle, rademacher_labels
from ..divergence import DIVERGED_AT, FINITE, diverged_curves
from ..seeding import rng

if TYPE_CHECKING:
    import torch

# torch and the tensor modules are imported inside the compute functions only: the tables, claims and plot
# jobs import this module too, and never pay torch's start-up (about 2 s of every such job).

PAPER = "panigrahi2020"
TRAIN_DTYPE = "float32"
EPS64 = float(np.finfo(np.float64).eps)  # eigenvalues below n * eps * lambda_max are eigvalsh round-off
LABELS = {"relu": "ReLU", "elu": "ELU", "swish": "Swish", "tanh": "Tanh", "quadratic": "Quadratic"}

# G^inf spectra on the half circle from the spec (section 3.3), for the cross-check claim.
# Entries the spec marks as floating-point floor are left out.
REFERENCE_SPECTRA = {
    10: {
        "indices": list(range(1, 11)),
        "relu": [2.207, 1.721, 0.632, 0.166, 0.089, 0.056, 0.041, 0.033, 0.029, 0.0263],
        "elu": [3.277, 3.088, 0.226, 0.0673, 0.0127, 5.29e-3, 2.29e-3, 1.16e-3, 7.06e-4, 4.98e-4],
        "tanh": [2.174, 2.174, 0.1325, 0.1325, 0.0137, 0.0137, 1.77e-3, 1.77e-3, 3.04e-4, 3.04e-4],
        "swish": [1.840, 1.504, 0.370, 0.0721, 6.71e-3, 2.09e-3, 3.42e-4, 6.27e-5, 1.48e-5, 1.78e-6],
        "quadratic": [20, 10, 10],
    },
    50: {
        "indices": [1, 2, 3, 5, 10, 20, 30, 40, 50],
        "relu": [10.98, 8.52, 3.13, 0.402, 0.0670, 0.0160, 8.03e-3, 5.66e-3, 5.01e-3],
        "elu": [16.38, 15.42, 1.131, 0.0668, 1.98e-3, 8.57e-5, 1.55e-5, 5.25e-6, 3.31e-6],
        "tanh": [10.87, 10.87, 0.663, 0.0685, 1.30e-3, 3.3e-7, 2.8e-10],
        "swish": [9.19, 7.49, 1.855, 0.0362, 1.84e-5, 2.2e-11],
        "quadratic": [100, 50, 50],
    },
}


def dataset(cfg: dict, n: int, run: int) -> tuple[np.ndarray, np.ndarray]:
    g = rng(cfg["seed"], "panigrahi2020-fig1-data", n, run)
    return lifted_circle(g, n, cfg["d"], cfg["arc"]), rademacher_labels(g, n)


def initial_weights(cfg: dict, n: int, run: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """w ~ N(0, I_d), a ~ N(0, 1) (or unif{-1, 1}); shared by every activation of the run."""
    g = rng(cfg["seed"], "panigrahi2020-fig1-init", n, run, m)
    W = g.standard_normal((m, cfg["d"]), dtype=np.float32)
    if cfg["output_weights"] == "gaussian":
        a = g.standard_normal(m, dtype=np.float32)
    elif cfg["output_weights"] == "rademacher":
        a = g.choice(np.array([-1.0, 1.0], dtype=np.float32), size=m)
    else:
        raise ValueError(f"output_weights must be 'gaussian' or 'rademacher', got {cfg['output_weights']!r}")
    return W, a


def train_runs(cfg: dict, n: int, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """Loss curves of every (activation, run) at one n, with G(0), G(T) and the kernel-regime prediction."""
    import torch

    from ..gram import gram_matrix
    from ..training import NeuronBank, kernel_regime_loss, train_fixed_output

    tr = cfg["train"]
    runs, m = cfg["runs"], tr["width"]
    data = [dataset(cfg, n, r) for r in range(runs)]
    inits = [initial_weights(cfg, n, r, m) for r in range(runs)]
    X64 = np.stack([x for x, _ in data])
    y64 = np.stack([y for _, y in data])
    X = torch.from_numpy(X64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    y = torch.from_numpy(y64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    W0 = torch.from_numpy(np.stack([w for w, _ in inits])).to(device)
    a = torch.from_numpy(np.stack([a for _, a in inits])).to(device)
    bank = NeuronBank(W0, a, [m])
    logged = np.arange(0, tr["epochs"] + 1, tr["log_every"])
    if logged[-1] != tr["epochs"]:
        logged = np.append(logged, tr["epochs"])
    X_dev64 = torch.from_numpy(X64).to(device)

    acts = tr["activations"]
    loss = np.zeros((len(acts), runs, len(logged)))
    lin = np.zeros_like(loss)
    g_change = np.zeros((len(acts), runs))
    first_bad = np.zeros((len(acts), runs), dtype=int)
    for i, act in enumerate(acts):
        out = train_fixed_output(X, y, bank, act, tr["eta"], tr["epochs"], track_movement=False,
                                 progress_label=f"panigrahi2020 n={n} {act}" if progress else None)
        loss[i] = out["loss"][logged, :, 0].T
        first_bad[i] = out["first_nonfinite_step"][:, 0]
        W_final = out["W_final"]
        for r in range(runs):
            G0 = gram_matrix(X_dev64[r], W0[r], a[r], act).cpu().numpy()
            GT = gram_matrix(X_dev64[r], W_final[r], a[r], act).cpu().numpy()
            g_change[i, r] = np.linalg.norm(GT - G0) / np.linalg.norm(G0)
            u0 = _outputs(X_dev64[r], W0[r], a[r], act)  # the run's own u(0), in float64
            lin[i, r] = kernel_regime_loss(G0, y64[r] - u0, tr["eta"], logged)
    return {"activations": np.array(acts), "epochs": logged, "loss": loss, "lin_loss": lin,
            "g_relative_change": g_change, "first_nonfinite_step": first_bad, "width": np.array(m)}


def _outputs(X64: torch.Tensor, W: torch.Tensor, a: torch.Tensor, act: str, chunk: int = 65536) -> np.ndarray:
    """u(0) in float64, summed over chunks of neurons: an m x n float64 matrix is never held at once."""
    import torch

    from ..activations import get_activation

    phi = get_activation(act).phi
    u = torch.zeros(X64.shape[0], dtype=torch.float64, device=X64.device)
    for start in range(0, W.shape[0], chunk):
        Wc = W[start : start + chunk].to(torch.float64)
        u += phi(X64 @ Wc.T) @ a[start : start + chunk].to(torch.float64)
    return (u / np.sqrt(W.shape[0])).cpu().numpy()


def spectra(cfg: dict, n: int, device: torch.device) -> dict[str, np.ndarray]:
    """Sorted eigenvalues (descending, float64) of G(0) for every activation and run, and of G^inf."""
    import torch

    from ..gram import gram_matrix
    from ..kernels import dphi_second_moment, g_infinity

    sp = cfg["spectra"]
    runs, m, acts = cfg["runs"], sp["width"], sp["activations"]
    finite = np.zeros((len(acts), runs, n))
    trace_ratio = np.zeros((len(acts), runs))
    frob_error = np.zeros((len(acts), runs))
    infinite = np.zeros((len(acts), n))
    for r in range(runs):
        X64, _ = dataset(cfg, n, r)
        W0, a = initial_weights(cfg, n, r, m)
        X = torch.from_numpy(X64).to(device)
        W = torch.from_numpy(W0).to(device=device, dtype=torch.float64)  # same draws as training, float64 products
        a_t = torch.from_numpy(a).to(device=device, dtype=torch.float64)
        for i, act in enumerate(acts):
            G = gram_matrix(X, W, a_t, act).cpu().numpy()
            Ginf = g_infinity(X64, act)
            finite[i, r] = np.linalg.eigvalsh(G)[::-1]
            trace_ratio[i, r] = np.trace(G) / n / dphi_second_moment(act)
            frob_error[i, r] = np.linalg.norm(G - Ginf) / np.linalg.norm(Ginf)
            if r == 0:  # G^inf does not depend on the lift, so every run gives the same spectrum
                infinite[i] = np.linalg.eigvalsh(Ginf)[::-1]
    return {"activations": np.array(acts), "finite": finite, "infinite": infinite, "width": np.array(m),
            "trace_ratio": trace_ratio, "frob_error": frob_error}


def clip_floor(eigenvalues: np.ndarray) -> np.ndarray:
    """Clip at n * eps * lambda_max (per spectrum, last axis): eigvalsh cannot resolve anything below."""
    top = np.max(eigenvalues, axis=-1, keepdims=True)
    return np.maximum(eigenvalues, eigenvalues.shape[-1] * EPS64 * top)


# ---------------------------------------------------------------- tables

def loss_table(train: dict) -> pd.DataFrame:
    """Per-run curves and their mean over runs (run = 'mean'): what panels (a) and (b) plot."""
    rows = []
    epochs = train["epochs"]
    for i, act in enumerate(train["activations"]):
        L, Llin = train["loss"][i], train["lin_loss"][i]
        bad = np.asarray(train["first_nonfinite_step"][i])
        curves = [(str(r), L[r], Llin[r], int(bad[r])) for r in range(L.shape[0])]
        # the mean is NaN from the first epoch at which any run is; it diverged where that run did
        curves.append(("mean", L.mean(0), Llin.mean(0), int(bad[bad >= 0].min()) if (bad >= 0).any() else FINITE))
        for run, loss, lin, diverged_at in curves:
            rows.append(pd.DataFrame({"activation": act, "run": run, "epoch": epochs, "loss": loss,
                                      "normalized_loss": loss / loss[0], "lin_loss": lin, DIVERGED_AT: diverged_at}))
    return pd.concat(rows, ignore_index=True)


def spectrum_table(spec: dict) -> pd.DataFrame:
    """Sorted eigenvalues, clipped at the float64 floor: per run, their mean, and the infinite-width ones."""
    rows = []
    n = spec["finite"].shape[-1]
    index = np.arange(1, n + 1)
    for i, act in enumerate(spec["activations"]):
        finite = clip_floor(spec["finite"][i])
        for r in range(finite.shape[0]):
            rows.append(pd.DataFrame({"activation": act, "kind": "finite", "run": str(r), "index": index,
                                      "eigenvalue": finite[r]}))
        rows.append(pd.DataFrame({"activation": act, "kind": "finite", "run": "mean", "index": index,
                                  "eigenvalue": finite.mean(0)}))
        rows.append(pd.DataFrame({"activation": act, "kind": "infinite", "run": "exact", "index": index,
                                  "eigenvalue": clip_floor(spec["infinite"][i])}))
    return pd.concat(rows, ignore_index=True)


def tables(train: dict[int, dict], spec: dict[int, dict], cfg: dict) -> dict[str, pd.DataFrame]:
    small, large = sorted(cfg["ns"])
    return {
        "panigrahi2020-fig1a": loss_table(train[small]),
        "panigrahi2020-fig1b": loss_table(train[large]),
        "panigrahi2020-fig1c": spectrum_table(spec[small]),
        "panigrahi2020-fig1d": spectrum_table(spec[large]),
    }


# ---------------------------------------------------------------- claims

def _final_normalized(train: dict) -> dict[str, float]:
    """Normalised loss of the run-averaged curve at the last epoch, per activation (spec 3.2)."""
    mean = train["loss"].mean(1)  # (activations, epochs)
    return dict(zip(train["activations"], mean[:, -1] / mean[:, 0]))


def _mean_spectrum(spec: dict) -> dict[str, np.ndarray]:
    return {act: clip_floor(spec["finite"][i]).mean(0) for i, act in enumerate(spec["activations"])}


# Kernel-regime bands of spec section 3.2 for the normalised loss of the 5-run average at eta * T = 20
# (mean [5%, 95%] over simulated experiments); they apply when m >= 1e5 and 5 runs are averaged.
REFERENCE_LOSS_BANDS = {
    10: {"relu": (0.052, 0.130), "elu": (0.205, 0.492), "tanh": (0.233, 0.520), "swish": (0.282, 0.593)},
    50: {"relu": (0.264, 0.440), "elu": (0.391, 0.701), "tanh": (0.493, 0.767), "swish": (0.535, 0.794)},
}


def quadratic_trace_sigma(output_weights: str) -> float:
    """Exact per-neuron relative std of tr(G)/n for phi = z^2 on equally spaced circle points (n >= 3).

    There (1/n) sum_i z_i z_i^T = I/2, so each neuron adds c = 2 a^2 chi^2_2: Var(c)/E(c)^2 = 2 E[a^4] - 1,
    i.e. sqrt(5) for a ~ N(0, 1) and 1 for a = +-1.
    """
    fourth = {"gaussian": 3.0, "rademacher": 1.0}[output_weights]
    return float(np.sqrt(2 * fourth - 1))


def claims(train: dict[int, dict], spec: dict[int, dict], cfg: dict, profile: str) -> list[Claim]:
    """Claims of the issue and spec sections 3.2-3.3; bands from the paper and the spec, not from the runs."""
    small, large = sorted(cfg["ns"])
    m_train, m_spec = cfg["train"]["width"], cfg["spectra"]["width"]
    panel = {small: ("panigrahi2020-fig1a", "panigrahi2020-fig1c"), large: ("panigrahi2020-fig1b", "panigrahi2020-fig1d")}
    out: list[Claim] = []

    def claim(figure, cid, statement, value, lower=None, upper=None, detail=""):
        out.append(Claim(f"{figure}.{cid}", PAPER, figure, statement, value, lower, upper, profile, detail))

    for n in (small, large):
        loss_fig, spec_fig = panel[n]
        t = train[n]
        final = _final_normalized(t)
        others = [a for a in final if a != "relu"]
        bad = [f"{act} run {r}: first NaN/Inf at epoch {int(k)}"
               for act, row in zip(t["activations"], t["first_nonfinite_step"]) for r, k in enumerate(row) if k >= 0]
        claim(loss_fig, "no-divergence", "Every training run stays finite (a NaN or Inf loss is a failure)", len(bad),
              0, 0, "; ".join(bad) or f"n = {n}, m = {m_train}, {t['loss'].shape[1]} runs")
        # The paper: "ReLU converges to zero training error much faster than other activation functions".
        # Margins from the spec: 0.6 at n = 10; at n = 50 0.9 in the kernel regime (m >= 1e5), 0.95 below (3.4).
        kernel_regime = m_train >= 100_000
        bound = 0.6 if n == small else (0.9 if kernel_regime else 0.95)
        claim(loss_fig, "relu-fastest",
              f"ReLU's normalised loss at the end is the lowest: ReLU / min(others) <= {bound} (n = {n})",
              final["relu"] / min(final[a] for a in others) if others else np.nan, upper=bound,
              detail="; ".join(f"{a} {v:.4g}" for a, v in final.items()) + f"; runs averaged; m = {m_train}")
        # "ELU is faster than tanh and swish": robust for swish at both n, for tanh only at n = 50 (spec 3.2).
        claim(loss_fig, "elu-below-swish", f"ELU's normalised loss at the end is below swish's (n = {n})",
              final["elu"] / final["swish"], upper=1.0)
        if n == large:
            claim(loss_fig, "elu-below-tanh", f"ELU's normalised loss at the end is below tanh's (n = {n})",
                  final["elu"] / final["tanh"], upper=1.0)
        # "The eigenvalues and the eigenvectors stayed essentially constant throughout training".
        acts = list(t["activations"])
        change = dict(zip(acts, t["g_relative_change"].max(1)))
        # Spec 3.2 test 5 (<= 0.01 at m = 1e6) and the quick bounds of 3.4 (0.10 ReLU, 0.03 smooth at m ~ 2e3).
        relu_band, smooth_band = (0.01, 0.01) if m_train >= 1_000_000 else (0.10, 0.03)
        if "relu" in change:
            claim(loss_fig, "g-constant-relu",
                  f"G stays nearly constant: ||G(T) - G(0)||_F / ||G(0)||_F <= {relu_band} for ReLU (n = {n})",
                  change["relu"], upper=relu_band, detail=f"max over runs; m = {m_train}")
        smooth = [a for a in acts if a != "relu"]
        claim(loss_fig, "g-constant-smooth",
              f"G stays nearly constant: ||G(T) - G(0)||_F / ||G(0)||_F <= {smooth_band} for {', '.join(smooth)} (n = {n})",
              max(change[a] for a in smooth), upper=smooth_band, detail=f"max over runs and activations; m = {m_train}")
        eta_T = cfg["train"]["eta"] * cfg["train"]["epochs"]
        if kernel_regime and t["loss"].shape[1] == 5 and abs(eta_T - 20) < 1e-9 and n in REFERENCE_LOSS_BANDS:
            for act in acts:
                lo, hi = REFERENCE_LOSS_BANDS[n][act]
                claim(loss_fig, f"reference-band-{act}",
                      f"{act}: normalised loss of the 5-run average at eta T = 20 within the kernel-regime band [{lo}, {hi}] (n = {n})",
                      final[act], lo, hi, detail="spec 3.2 test 3: mean [5%, 95%] over simulated experiments")
        if m_train >= 1_000_000 and "relu" in acts:
            i = acts.index("relu")
            claim(loss_fig, "relu-track-linear",
                  f"ReLU follows L_lin within 25% at every logged epoch at m = 1e6 (n = {n})",
                  float(np.max(np.abs(t["loss"][i] / t["lin_loss"][i] - 1))), upper=0.25, detail=f"m = {m_train}")
        # Kernel regime (Thm 4.6): smooth activations follow L_lin; the spec's 3% band needs m >= 10^5.
        gap = max(float(np.max(np.abs(t["loss"][i] / t["lin_loss"][i] - 1))) for i, a in enumerate(acts) if a != "relu")
        if m_train >= 100_000:
            claim(loss_fig, "smooth-track-linear",
                  f"Smooth activations follow the kernel-regime prediction L_lin within 3% at every logged epoch (n = {n})",
                  gap, upper=0.03, detail=f"m = {m_train}")
        else:
            claim(loss_fig, "smooth-track-linear",
                  f"Gap of smooth activations to the kernel-regime prediction L_lin (reported; the spec's 3% band needs m >= 1e5, here m = {m_train})",
                  gap, detail="max over runs, activations and logged epochs of |L / L_lin - 1|")

        s = spec[n]
        mean = _mean_spectrum(s)
        sacts = list(s["activations"])
        if n == large:
            k = np.arange(9, n + 1) - 1
            claim(spec_fig, "relu-above-elu",
                  f"lambda_k(ReLU) >= 3 lambda_k(ELU) for every k in [9, {n}] (min ratio)",
                  float(np.min(mean["relu"][k] / mean["elu"][k])), lower=3.0, detail=f"mean over runs; m = {m_spec}")
            smooth_max = np.maximum(mean["tanh"], mean["swish"])
            claim(spec_fig, "elu-above-smooth",
                  f"lambda_k(ELU) >= 1.5 max(lambda_k(tanh), lambda_k(swish)) for every k in [9, {n}] (min ratio)",
                  float(np.min(mean["elu"][k] / smooth_max[k])), lower=1.5,
                  detail=f"the issue's band; mean over runs; m = {m_spec}; the exact G^inf ratio at k = 10 is 1.52")
            # The spec's own bands (section 3.3 test 3), split where G^inf allows a wider margin.
            claim(spec_fig, "relu-above-elu-spec", f"Spec band: lambda_k(ReLU) >= 5 lambda_k(ELU) for every k in [9, {n}]",
                  float(np.min(mean["relu"][k] / mean["elu"][k])), lower=5.0, detail=f"G^inf minimum 23.7; m = {m_spec}")
            k1, k2 = np.arange(9, 13) - 1, np.arange(13, n + 1) - 1
            claim(spec_fig, "elu-above-smooth-k9-12", "Spec band: lambda_k(ELU) >= 1.2 max(tanh, swish) for k in [9, 12]",
                  float(np.min(mean["elu"][k1] / smooth_max[k1])), lower=1.2, detail="G^inf ratios 2.77, 1.52, 6.31, 3.90")
            claim(spec_fig, "elu-above-smooth-k13-up", f"Spec band: lambda_k(ELU) >= 5 max(tanh, swish) for k in [13, {n}]",
                  float(np.min(mean["elu"][k2] / smooth_max[k2])), lower=5.0, detail="G^inf ratios >= 10.7")
            # Thm 4.4 / G.3 shape (spec 3.3 test 6): smooth activations' spectra collapse, ReLU's does not.
            half = int(np.ceil(n / 2)) - 1
            claim(spec_fig, "smooth-spectrum-collapses",
                  f"Thm 4.4/G.3: lambda_ceil(n/2) / lambda_1 < 1e-6 for tanh and swish (n = {n}; max of the two)",
                  float(max(mean[a][half] / mean[a][0] for a in ("tanh", "swish"))), upper=1e-6,
                  detail="G^inf: 4e-10 (tanh), 1.5e-14 (swish)")
            claim(spec_fig, "relu-spectrum-does-not-collapse",
                  f"ReLU's lambda_ceil(n/2) / lambda_1 > 1e-4 (n = {n})",
                  float(mean["relu"][half] / mean["relu"][0]), lower=1e-4, detail="G^inf: 1e-3")
        else:
            k = np.arange(3, n + 1) - 1
            compared = [a for a in sacts if a not in ("relu", "quadratic")]
            rest = np.max([mean[a][k] for a in compared], axis=0)
            claim(spec_fig, "relu-above-all",
                  f"lambda_k(ReLU) above {', '.join(compared)} for every k in [3, {n}] (min ratio > 1; "
                  f"quadratic has rank 3 and is checked on its own)",
                  float(np.min(mean["relu"][k] / rest)), lower=float(np.nextafter(1.0, 2.0)),
                  detail=f"mean over runs; m = {m_spec}")
        if "quadratic" in sacts:
            q = s["finite"][sacts.index("quadratic")]
            ranks = np.sum(q > 1e-10 * q[:, :1], axis=1)
            claim(spec_fig, "quadratic-rank-3", f"rank(G) = 3 for the quadratic activation (d0 = 2), every run (n = {n})",
                  float(ranks.max()) if np.all(ranks == ranks.max()) else float("nan"), lower=3, upper=3,
                  detail=f"eigenvalues above 1e-10 lambda_1; ranks per run {ranks.tolist()}")
        # Concentration of G around G^inf (Thm 4.5 / E.1 assume an alpha-Lipschitz phi). For the quadratic,
        # phi' = 2z is unbounded: with a ~ N(0, 1) each entry's Monte-Carlo error has std ~ 2.8/sqrt(m), so a
        # 5/sqrt(m) band is under 2 sigma; its values are reported, not checked.
        lipschitz = [i for i, a in enumerate(sacts) if a != "quadratic"]
        trace_dev = np.abs(s["trace_ratio"] - 1) * np.sqrt(m_spec)
        frob_dev = s["frob_error"] * np.sqrt(m_spec)
        names = ", ".join(sacts[i] for i in lipschitz)
        claim(spec_fig, "trace",
              f"tr(G)/n = E phi'(z)^2 within 5/sqrt(m) relative for {names}, every run (n = {n}): max sqrt(m)|ratio - 1|",
              float(np.max(trace_dev[lipschitz])), upper=5.0, detail=f"m = {m_spec}")
        claim(spec_fig, "finite-to-infinite",
              f"||G_m - G^inf||_F / ||G^inf||_F <= 5/sqrt(m) for {names}, every run (n = {n}): max sqrt(m) x error",
              float(np.max(frob_dev[lipschitz])), upper=5.0, detail=f"m = {m_spec}")
        if "quadratic" in sacts:
            qi = sacts.index("quadratic")
            sigma = quadratic_trace_sigma(cfg["output_weights"])
            claim(spec_fig, "quadratic-trace",
                  f"Quadratic: tr(G)/n = 4 within 5 sigma/sqrt(m), sigma = sqrt(2 E a^4 - 1) = {sigma:.3g} exactly "
                  f"on the circle (n = {n}): max sqrt(m)|ratio - 1|",
                  float(np.max(trace_dev[qi])), upper=5 * sigma, detail=f"m = {m_spec}; every run")
            claim(spec_fig, "quadratic-concentration",
                  f"Quadratic (unbounded phi', outside Thm 4.5): sqrt(m) x ||G_m - G^inf||_F/||G^inf||_F, reported (n = {n})",
                  float(np.max(frob_dev[qi])), detail=f"m = {m_spec}; its per-entry MC std is ~2.8/sqrt(m)")
        if cfg["arc"] == "half" and n in REFERENCE_SPECTRA:
            ref = REFERENCE_SPECTRA[n]
            errs = []
            for i, act in enumerate(sacts):
                if act in ref:
                    values = np.array(ref[act], dtype=float)
                    got = s["infinite"][i][np.array(ref["indices"][: len(values)]) - 1]
                    errs.append(np.max(np.abs(got - values) / np.abs(values)))
            claim(spec_fig, "infinite-spectrum-reference",
                  f"Exact infinite-width spectra match the spec's table (section 3.3) within 2% relative (n = {n})",
                  float(np.max(errs)), upper=0.02,
                  detail="tabulated to 3-4 digits; entries marked as float64 floor left out")
    return out


# ---------------------------------------------------------------- figure

def plot_fig1(tables: dict[str, pd.DataFrame], cfg: dict, profile: str, png, pdf):
    import seaborn as sns
    from matplotlib.ticker import FuncFormatter

    from .. import plotting

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
            ax.plot(curve["epoch"], curve["loss"], color=palette[act], lw=1.6, label=LABELS[act])
            ax.plot(curve["epoch"], curve["lin_loss"], color=palette[act], lw=0.9, ls="--")
        for (act, run), k in diverged_curves(t, ["activation", "run"]):  # a cross where each diverged curve stops
            plotting.mark_diverged(ax, t[(t["activation"] == act) & (t["run"] == run)], "epoch", "loss", palette[act])
            if run != "mean":
                diverged.append(f"n = {n}, {LABELS[act]} run {run} at epoch {k}")
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
            ax.plot(fin["index"], fin["eigenvalue"], color=palette[act], lw=1.4, marker="o", ms=2.5, label=LABELS[act])
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
