"""Panigrahi et al. 2020 Figure 1: per n, GD of every (activation, run) with G(t) at every logged epoch (its
spectrum, how far spectrum and top eigenspace moved from G(0)), the 0-1 training error and the kernel-regime
prediction; G(0) and G^inf spectra."""
from __future__ import annotations

import numpy as np
import torch

from ...activations import activation
from ...data import lifted_circle, rademacher_labels
from ...io import save_npz
from ...jobs import JobContext, entry
from ...kernels import dphi_second_moment, g_infinity
from ...network import NeuronBank, network_outputs
from ...seeding import rng
from ...training import kernel_regime_loss, train_fixed_output
from ...weights import init_fixed_output
from .settings import FIG1_SPECTRA_KEYS, FIG1_TRAIN_KEYS, TRAIN_DTYPE


# ---------------------------------------------------------------- data and initial weights

def dataset(cfg: dict, seed: int, n: int, run: int) -> tuple[np.ndarray, np.ndarray]:
    """Run ``run``'s n points on the lifted circle and their labels U{-1, 1}; shared by every activation."""
    g = rng(seed, "panigrahi2020-fig1-data", n, run)
    return lifted_circle(g, n, cfg["d"], cfg["arc"]), rademacher_labels(g, n)


def initial_weights(cfg: dict, seed: int, n: int, run: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """w ~ N(0, I_d), a ~ N(0, 1) (or unif{-1, 1}), float32; shared by every activation of the run."""
    return init_fixed_output(rng(seed, "panigrahi2020-fig1-init", n, run, m), m, cfg["d"], cfg["output_weights"])


# ---------------------------------------------------------------- G during training (numpy, per run)

TOP_SHARE = 0.9  # the top eigenspace holds this share of tr G(0) ...
CLUSTER = 0.01  # ... enlarged by every eigenvalue within this fraction of its last one (no cluster is split)


def top_eigenspace_size(lam0: np.ndarray, share: float = TOP_SHARE, cluster: float = CLUSTER) -> int:
    """K: the fewest leading eigenvalues (descending lam0) holding ``share`` of the trace, then every further
    eigenvalue within ``cluster`` of lambda_K, so that a (near-)degenerate pair is never split."""
    lam0 = np.asarray(lam0, dtype=float)
    total = lam0.sum()
    K = int(np.searchsorted(np.cumsum(lam0), share * total - 1e-12 * abs(total)) + 1)
    K = min(K, len(lam0))
    return max(K, int(np.sum(lam0 >= (1 - cluster) * lam0[K - 1])))


def spectrum_change(lam0: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """e(t) = ||lambda(G(t)) - lambda(G(0))||_2 / ||lambda(G(0))||_2 for sorted spectra lam (..., n)."""
    return np.linalg.norm(lam - lam0, axis=-1) / np.linalg.norm(lam0)


def subspace_sine(V0: np.ndarray, V: np.ndarray) -> float:
    """Sine of the largest principal angle between span V0 and span V (orthonormal columns, same count):
    the spectral norm of (I - V0 V0^T) V."""
    return float(np.linalg.norm(V - V0 @ (V0.T @ V), ord=2))


def gram_path(Gs: np.ndarray) -> dict[str, np.ndarray]:
    """From G(t) at the logged epochs (T, n, n), t = 0 first: the sorted spectra (T, n, descending), their relative
    change e(t) (T,), the sine s(t) (T,) of the largest principal angle between the top-K eigenspaces of G(0) and
    G(t), and K. A non-finite G(t) (a diverged run) gives NaN from there on."""
    T, n = Gs.shape[0], Gs.shape[-1]
    lam = np.full((T, n), np.nan)
    sine = np.full(T, np.nan)
    lam0, V0 = np.linalg.eigh(Gs[0])
    lam0, V0 = lam0[::-1], V0[:, ::-1]
    K = top_eigenspace_size(lam0)
    for t in range(T):
        if not np.isfinite(Gs[t]).all():
            break
        w, V = np.linalg.eigh(Gs[t])
        lam[t] = w[::-1]
        sine[t] = subspace_sine(V0[:, :K], V[:, ::-1][:, :K])
    return {"eigenvalues": lam, "eig_change": spectrum_change(lam0, lam), "vec_sine": sine, "top_k": np.array(K)}


# ---------------------------------------------------------------- runs

def bank_grams(Z: torch.Tensor, a2: torch.Tensor, XX: torch.Tensor, act, chunk: int = 65536) -> torch.Tensor:
    """G of every run of a one-width bank from its pre-activations Z (B, m, n): (X X^T) * (D^T diag(a^2) D) / m
    with D = phi'(Z), accumulated in float64 over chunks of neurons. a2 (B, m) float64, XX (B, n, n) float64."""
    B, m, n = Z.shape
    acc = torch.zeros((B, n, n), dtype=torch.float64, device=Z.device)
    for start in range(0, m, chunk):
        D = act.dphi(Z[:, start:start + chunk]).to(torch.float64)  # (B, c, n)
        acc += D.transpose(-1, -2) @ (D * a2[:, start:start + chunk, None])
    G = XX * acc / m
    return 0.5 * (G + G.transpose(-1, -2))


def train_runs(cfg: dict, seed: int, n: int, device: torch.device, progress: bool = True,
               lookup=activation) -> dict[str, np.ndarray]:
    """Loss curves of every (activation, run) at one n, with G(t) at every logged epoch (its spectrum, the relative
    change of the spectrum and the largest principal-angle sine of its top eigenspace against G(0)), the 0-1
    training error, and the kernel-regime prediction from G(0). ``lookup`` turns a config's activation name into
    the Activation trained (the sensitivity runs pass a rescaled one)."""
    tr = cfg["train"]
    runs, m = cfg["runs"], tr["width"]
    data = [dataset(cfg, seed, n, r) for r in range(runs)]
    inits = [initial_weights(cfg, seed, n, r, m) for r in range(runs)]
    X64 = np.stack([x for x, _ in data])
    y64 = np.stack([y for _, y in data])
    X = torch.from_numpy(X64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    y = torch.from_numpy(y64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    bank = NeuronBank.stack([[init] for init in inits], [m], device)  # runs on the batch axis, one width
    logged = np.arange(0, tr["epochs"] + 1, tr["log_every"])
    if logged[-1] != tr["epochs"]:
        logged = np.append(logged, tr["epochs"])
    slot = {int(k): j for j, k in enumerate(logged)}
    X_dev64 = torch.from_numpy(X64).to(device)
    XX = X_dev64 @ X_dev64.transpose(-1, -2)
    a2 = bank.a.to(torch.float64) ** 2
    y_dev64 = torch.from_numpy(y64).to(device)

    names = tr["activations"]
    shape = (len(names), runs, len(logged))
    loss, lin, error01 = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    eigenvalues = np.zeros((*shape, n))
    eig_change, vec_sine = np.zeros(shape), np.zeros(shape)
    top_k = np.zeros((len(names), runs), dtype=int)
    g_change = np.zeros((len(names), runs))
    first_bad = np.zeros((len(names), runs), dtype=int)
    for i, name in enumerate(names):
        act = lookup(name)
        grams = np.zeros((runs, len(logged), n, n))

        def observe(k, W, Z, e, act=act, grams=grams):
            if k in slot:  # G(k) of every run, and the share of points whose output has the wrong sign
                grams[:, slot[k]] = bank_grams(Z, a2, XX, act).cpu().numpy()
                u = e[..., 0].to(torch.float64) + y_dev64
                error01[i, :, slot[k]] = (u * y_dev64 <= 0).to(torch.float64).mean(-1).cpu().numpy()

        out = train_fixed_output(X, y, bank, act, tr["eta"], tr["epochs"], track_movement=False, observe=observe,
                                 progress_label=f"panigrahi2020 n={n} {name}" if progress else None)
        loss[i] = out["loss"][logged, :, 0].T
        first_bad[i] = out["first_nonfinite_step"][:, 0]
        for r in range(runs):
            if first_bad[i, r] >= 0:  # nothing from a run's first non-finite step on is a result
                late = logged >= first_bad[i, r]
                grams[r, late] = np.nan
                error01[i, r, late] = np.nan
            path = gram_path(grams[r])
            eigenvalues[i, r], eig_change[i, r], vec_sine[i, r] = path["eigenvalues"], path["eig_change"], path["vec_sine"]
            top_k[i, r] = path["top_k"]
            G0, GT = grams[r, 0], grams[r, -1]
            g_change[i, r] = np.linalg.norm(GT - G0) / np.linalg.norm(G0)
            u0 = network_outputs(X_dev64[r], bank.W0[r], bank.a[r], act)  # the run's own u(0), in float64
            lin[i, r] = kernel_regime_loss(G0, y64[r] - u0, tr["eta"], logged)
    return {"activations": np.array(names), "epochs": logged, "loss": loss, "lin_loss": lin,
            "g_relative_change": g_change, "g_eigenvalues": eigenvalues, "g_eig_change": eig_change,
            "g_vec_sine": vec_sine, "g_top_k": top_k, "error01": error01,
            "first_nonfinite_step": first_bad, "width": np.array(m)}


def gram_and_spread(X64: torch.Tensor, W: torch.Tensor, a: torch.Tensor, act, chunk: int = 8192):
    """G(0) of one network (float64, as ``gram_matrix``) and the Monte-Carlo standard errors of its estimates:
    G = (1/m) sum_r xi_r with xi_r = (X X^T) * (a_r^2 D_r D_r^T), D_r = phi'(X w_r). Returns G, the standard error
    of tr(G)/n (std over neurons of tr(xi_r)/n, over sqrt(m)) and the rms of ||G - E G||_F, estimated as
    sqrt((mean_r ||xi_r||_F^2 - ||G||_F^2) / m)."""
    m, n = W.shape[0], X64.shape[0]
    XX = X64 @ X64.T
    K2, diag = XX * XX, torch.diagonal(XX)
    Xw = X64.to(W.dtype)
    acc = torch.zeros((n, n), dtype=torch.float64, device=W.device)
    c_sum = c_sq = xi_sq = 0.0
    for start in range(0, m, chunk):
        D = act.dphi(Xw @ W[start:start + chunk].T).to(torch.float64)  # (n, c)
        a2 = a[start:start + chunk].to(torch.float64) ** 2
        acc += (D * a2) @ D.T
        D2 = D * D
        c = a2 * (diag @ D2) / n  # tr(xi_r)/n
        c_sum, c_sq = c_sum + float(c.sum()), c_sq + float((c * c).sum())
        xi_sq += float((a2 * a2 * ((K2 @ D2) * D2).sum(0)).sum())
    G = XX * acc / m
    G = 0.5 * (G + G.T)
    trace_se = np.sqrt(max(c_sq / m - (c_sum / m) ** 2, 0.0) / m)
    frob_se = np.sqrt(max(xi_sq / m - float(torch.sum(G * G)), 0.0) / m)
    return G, trace_se, frob_se


def spectra(cfg: dict, seed: int, n: int, device: torch.device, lookup=activation) -> dict[str, np.ndarray]:
    """Sorted eigenvalues (descending, float64) of G(0) for every activation and run, and of G^inf; how far G(0)
    is from G^inf, in Monte-Carlo standard errors (trace_z, frob_z) and relative (trace_ratio, frob_error)."""
    sp = cfg["spectra"]
    runs, m, names = cfg["runs"], sp["width"], sp["activations"]
    acts = [lookup(name) for name in names]
    finite = np.zeros((len(acts), runs, n))
    trace_ratio, frob_error = np.zeros((len(acts), runs)), np.zeros((len(acts), runs))
    trace_z, frob_z = np.zeros((len(acts), runs)), np.zeros((len(acts), runs))
    infinite = np.zeros((len(acts), n))
    for r in range(runs):
        X64, _ = dataset(cfg, seed, n, r)
        W0, a = initial_weights(cfg, seed, n, r, m)
        X = torch.from_numpy(X64).to(device)
        W = torch.from_numpy(W0).to(device=device, dtype=torch.float64)  # same draws as training, float64 products
        a_t = torch.from_numpy(a).to(device=device, dtype=torch.float64)
        for i, act in enumerate(acts):
            G, trace_se, frob_se = gram_and_spread(X, W, a_t, act)
            G = G.cpu().numpy()
            Ginf = g_infinity(X64, act)
            finite[i, r] = np.linalg.eigvalsh(G)[::-1]
            second = dphi_second_moment(act)
            trace_ratio[i, r] = np.trace(G) / n / second
            trace_z[i, r] = abs(np.trace(G) / n - second) / trace_se
            frob_error[i, r] = np.linalg.norm(G - Ginf) / np.linalg.norm(Ginf)
            frob_z[i, r] = np.linalg.norm(G - Ginf) / frob_se
            if r == 0:  # G^inf does not depend on the lift, so every run gives the same spectrum
                infinite[i] = np.linalg.eigvalsh(Ginf)[::-1]
    return {"activations": np.array(names), "finite": finite, "infinite": infinite, "width": np.array(m),
            "trace_ratio": trace_ratio, "frob_error": frob_error, "trace_z": trace_z, "frob_z": frob_z}


@entry(*FIG1_TRAIN_KEYS, device=True)
def fig1_train(job: JobContext) -> None:
    """Loss curves of every activation and run at one n (wildcard n): panels (a, b)."""
    pan = job.config["panigrahi2020"]
    save_npz(job.output[0], **train_runs(pan["fig1"], pan["seed"], int(job.wildcards.n), job.device))


@entry(*FIG1_SPECTRA_KEYS, device=True)
def fig1_spectra(job: JobContext) -> None:
    """Eigenvalues of G(0) and G^inf at one n (wildcard n): panels (c, d)."""
    pan = job.config["panigrahi2020"]
    save_npz(job.output[0], **spectra(pan["fig1"], pan["seed"], int(job.wildcards.n), job.device))
