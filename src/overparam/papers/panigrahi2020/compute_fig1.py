"""Panigrahi et al. 2020 Figure 1: per n, GD of every (activation, run) with G(0), G(T) and the kernel-regime
prediction; G(0) and G^inf spectra."""
from __future__ import annotations

import numpy as np
import torch

from ...activations import activation
from ...data import lifted_circle, rademacher_labels
from ...gram import gram_matrix
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


# ---------------------------------------------------------------- runs

def train_runs(cfg: dict, seed: int, n: int, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """Loss curves of every (activation, run) at one n, with G(0), G(T) and the kernel-regime prediction."""
    tr = cfg["train"]
    runs, m = cfg["runs"], tr["width"]
    data = [dataset(cfg, seed, n, r) for r in range(runs)]
    inits = [initial_weights(cfg, seed, n, r, m) for r in range(runs)]
    X64 = np.stack([x for x, _ in data])
    y64 = np.stack([y for _, y in data])
    X = torch.from_numpy(X64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    y = torch.from_numpy(y64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    bank = NeuronBank.stack([[init] for init in inits], [m], device)  # runs on the batch axis, one width
    W0, a = bank.W0, bank.a
    logged = np.arange(0, tr["epochs"] + 1, tr["log_every"])
    if logged[-1] != tr["epochs"]:
        logged = np.append(logged, tr["epochs"])
    X_dev64 = torch.from_numpy(X64).to(device)

    names = tr["activations"]
    loss = np.zeros((len(names), runs, len(logged)))
    lin = np.zeros_like(loss)
    g_change = np.zeros((len(names), runs))
    first_bad = np.zeros((len(names), runs), dtype=int)
    for i, name in enumerate(names):
        act = activation(name)
        out = train_fixed_output(X, y, bank, act, tr["eta"], tr["epochs"], track_movement=False,
                                 progress_label=f"panigrahi2020 n={n} {name}" if progress else None)
        loss[i] = out["loss"][logged, :, 0].T
        first_bad[i] = out["first_nonfinite_step"][:, 0]
        W_final = out["W_final"]
        for r in range(runs):
            G0 = gram_matrix(X_dev64[r], W0[r], a[r], act).cpu().numpy()
            GT = gram_matrix(X_dev64[r], W_final[r], a[r], act).cpu().numpy()
            g_change[i, r] = np.linalg.norm(GT - G0) / np.linalg.norm(G0)
            u0 = network_outputs(X_dev64[r], W0[r], a[r], act)  # the run's own u(0), in float64
            lin[i, r] = kernel_regime_loss(G0, y64[r] - u0, tr["eta"], logged)
    return {"activations": np.array(names), "epochs": logged, "loss": loss, "lin_loss": lin,
            "g_relative_change": g_change, "first_nonfinite_step": first_bad, "width": np.array(m)}


def spectra(cfg: dict, seed: int, n: int, device: torch.device) -> dict[str, np.ndarray]:
    """Sorted eigenvalues (descending, float64) of G(0) for every activation and run, and of G^inf."""
    sp = cfg["spectra"]
    runs, m, names = cfg["runs"], sp["width"], sp["activations"]
    acts = [activation(name) for name in names]
    finite = np.zeros((len(acts), runs, n))
    trace_ratio = np.zeros((len(acts), runs))
    frob_error = np.zeros((len(acts), runs))
    infinite = np.zeros((len(acts), n))
    for r in range(runs):
        X64, _ = dataset(cfg, seed, n, r)
        W0, a = initial_weights(cfg, seed, n, r, m)
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
    return {"activations": np.array(names), "finite": finite, "infinite": infinite, "width": np.array(m),
            "trace_ratio": trace_ratio, "frob_error": frob_error}


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
