"""Du et al. 2019: every width of every seed trained in one batch (one batched tensor op per GD step)."""
from __future__ import annotations

import numpy as np
import torch

from ...activations import activation
from ...data import gaussian_labels, uniform_sphere
from ...gram import gram_matrix
from ...io import save_npz
from ...jobs import JobContext, entry
from ...kernels import g_infinity
from ...network import NeuronBank
from ...seeding import rng
from ...training import kernel_regime_loss, train_fixed_output
from ...weights import init_fixed_output
from .settings import RUN_KEYS, TRAIN_DTYPE, all_widths


def dataset(cfg: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each seed draws its own data set; all widths of a seed share it."""
    g = rng(cfg["seed"], "du2019-data", seed)
    X = uniform_sphere(g, cfg["n"], cfg["d"])
    y = gaussian_labels(g, cfg["n"])
    return X, y


def initial_weights(cfg: dict, seed: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """w_r ~ N(0, I_d); a_r uniform on {-1, +1} (or N(0, 1)); a stream of its own per (seed, width)."""
    return init_fixed_output(rng(cfg["seed"], "du2019-init", seed, m), m, cfg["d"], cfg["output_weights"])


def run_seeds(cfg: dict, seeds: list[int], device: torch.device, progress: bool = True) -> dict[int, dict]:
    """Train every width of every seed in one batch; return {seed: arrays the tables and claims read}."""
    act = activation(cfg["activation"])
    widths = all_widths(cfg)
    data = [dataset(cfg, s) for s in seeds]
    inits = [[initial_weights(cfg, s, m) for m in widths] for s in seeds]
    bank = NeuronBank.stack(inits, widths, device)
    W0, a = bank.W0, bank.a
    X64 = np.stack([X for X, _ in data])
    y64 = np.stack([y for _, y in data])
    X = torch.from_numpy(X64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    y = torch.from_numpy(y64).to(device=device, dtype=getattr(torch, TRAIN_DTYPE))
    runs = train_fixed_output(
        X, y, bank, act, cfg["eta"], cfg["steps"],
        progress_label=f"du2019 {len(seeds)} seeds x {len(widths)} widths" if progress else None,
    )
    W_final = runs.pop("W_final")
    # u(0) in float64 for the linearised reference, which shares it with the run.
    X_dev64 = torch.from_numpy(X64).to(device)
    bank64 = NeuronBank(W0.to(torch.float64), a.to(torch.float64), widths)
    u0 = bank64.outputs(X_dev64, bank64.W0, act).cpu().numpy()  # (B, n, G): the engine's readout, in float64

    results = {}
    for b, seed in enumerate(seeds):
        H_inf = g_infinity(X64[b], act)
        eig_inf = np.linalg.eigvalsh(H_inf)
        H_inf_t = torch.from_numpy(H_inf).to(device)
        lmin_h0, lmin_ht, h0_dev, ht_h0 = [], [], [], []
        for lo, hi in zip(bank.offsets[:-1], bank.offsets[1:]):
            H0 = gram_matrix(X_dev64[b], W0[b, lo:hi], a[b, lo:hi], act)
            HT = gram_matrix(X_dev64[b], W_final[b, lo:hi], a[b, lo:hi], act)
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


@entry(*RUN_KEYS, "device", device=True)
def train(job: JobContext) -> None:
    """One run file per seed: every metric at every step, spectra and norms."""
    cfg = job.config["du2019"]
    runs = run_seeds(cfg, list(range(cfg["seeds"])), job.device)
    for seed, path in enumerate(job.output):
        save_npz(path, **runs[seed])
