"""Das & Golikov 2019: the run files (torch): lambda0(n), m_B* and m_GD* (supp1), the GD runs with C(t) at every
step (supp2, supp3) and the antipodal counterexample (supp4). float64 throughout."""
from __future__ import annotations

import math

import numpy as np
import torch
from scipy.linalg import subspace_angles

from ...activations import Activation, activation
from ...data import uniform_sphere
from ...gram import bank_gram_matrices, gram_matrix
from ...io import save_npz
from ...jobs import JobContext, entry
from ...kernels import g_infinity, phi_second_moment
from ...network import NeuronBank, network_outputs
from ...seeding import rng
from ...training import kernel_regime_residual, train_fixed_output
from ...weights import init_fixed_output
from .settings import (ACT, COMPUTE_KEYS, COUNTEREXAMPLE_KEYS, DATASETS, ZERO_TOL, gd_steps, plateau_prediction,
                       predicted_null_space, threshold_width, width_grid)

DTYPE = torch.float64  # spectra down to 1e-5 of lambda_max, plateaus to 1e-6: float64 throughout (spec section 3)


# ---------------------------------------------------------------- data and initial weights

def sphere_dataset(cfg: dict, name: str, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform on S^{d-1} and labels y ~ U[-1, 1], each from its own stream."""
    X = uniform_sphere(rng(cfg["seed"], "das2019-data", name, n, d), n, d)
    y = rng(cfg["seed"], "das2019-labels", name, n).uniform(-1.0, 1.0, n)
    return X, y


def antipodal_datasets(cfg: dict) -> dict[str, dict]:
    """The counterexample data of supp4 (spec section 3, das2019-supp4), each with its antipodal structure.

    Each entry has X, y and, for exactly antipodal data, the indices ``plus``/``minus`` with X[minus] = -X[plus].
    """
    c = cfg["supp4"]
    p, d = c["pairs"], c["d"]
    out = {"A": {"X": np.array([[1.0], [-1.0], [0.5], [-0.5]]), "y": np.array([1.0, -1.0, 1.0, -1.0]),
                 "plus": np.array([0, 2]), "minus": np.array([1, 3])}}
    R = uniform_sphere(rng(cfg["seed"], "das2019-data", "B", p, d), p, d)
    yB = rng(cfg["seed"], "das2019-labels", "B", 2 * p).uniform(-1.0, 1.0, 2 * p)
    idx = np.arange(p)
    out["B"] = {"X": np.vstack([R, -R]), "y": yB, "plus": idx, "minus": idx + p}
    noisy = -R + c["perturbation"] * rng(cfg["seed"], "das2019-perturbation", "B", p, d).standard_normal((p, d))
    out["B_perturbed"] = {"X": np.vstack([R, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)]), "y": yB}
    k = min(d, p)  # as many pairs as dimensions: independent representatives, lambda0 > 0 expected (spec E1)
    sub = np.r_[idx[:k], idx[:k] + p]
    out["B_independent"] = {"X": out["B"]["X"][sub], "y": yB[sub], "plus": np.arange(k), "minus": np.arange(k) + k}
    out["pair"] = {"X": np.vstack([R[:1], -R[:1]]), "y": yB[[0, p]], "plus": np.array([0]), "minus": np.array([1])}
    return out


def initial_weights(cfg: dict, stream: str, m: int, seed: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """w_r(0) ~ N(0, I_d) and a_r ~ unif{-1, 1} (Thm 4.6(b)), float64, one stream per (figure data, m, seed)."""
    return init_fixed_output(rng(cfg["seed"], "das2019-init", stream, m, seed), m, d, "rademacher", dtype=np.float64)


# ---------------------------------------------------------------- networks

def _bank(cfg: dict, stream: str, widths: list[int], seeds: list[int], d: int, device) -> NeuronBank:
    inits = [[initial_weights(cfg, stream, m, s, d) for m in widths] for s in seeds]
    return NeuronBank.stack(inits, widths, device, dtype=DTYPE)


def _batched(X: np.ndarray, y: np.ndarray, copies: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    Xt = torch.from_numpy(np.repeat(X[None], copies, axis=0)).to(device, DTYPE)
    yt = torch.from_numpy(np.repeat(y[None], copies, axis=0)).to(device, DTYPE)
    return Xt, yt


def spectrum(X: np.ndarray, act: Activation) -> tuple[np.ndarray, np.ndarray]:
    H = g_infinity(X, act)
    return H, np.linalg.eigvalsh(H)


# ---------------------------------------------------------------- supp1: widths needed in practice

def supp1_compute(cfg: dict, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """lambda0(n) three ways (Hermite series, ReLU closed form, Monte Carlo), m_B* and m_GD* data per n."""
    c = cfg["supp1"]
    act, relu = activation(ACT), activation("relu")
    ns, d = sorted(c["ns"]), c["d"]
    grid = width_grid(c["bstar_max_width"])
    gd_ns = [n for n in ns if n <= c["gd_max_n"]]
    gd_widths = sorted(c["gd_widths"])
    out = {"ns": np.array(ns), "d": np.array(d), "bstar_grid": np.array(grid), "gd_ns": np.array(gd_ns),
           "gd_widths": np.array(gd_widths)}
    lam0, lmax, lam0_relu, lam0_mc, mc_err = [], [], [], [], []
    bstar = np.zeros((len(ns), len(grid), c["bstar_seeds"]))
    gd_ratio = np.full((len(gd_ns), c["gd_seeds"], len(gd_widths)), np.nan)
    gd_k = np.zeros(len(gd_ns), dtype=np.int64)
    for i, n in enumerate(ns):
        X, y = sphere_dataset(cfg, "F", n, d)
        H, eig = spectrum(X, act)
        lam0.append(eig[0])
        lmax.append(eig[-1])
        lam0_relu.append(np.linalg.eigvalsh(g_infinity(X, relu))[0])
        Xd = torch.from_numpy(X).to(device)
        if n <= c["mc_max_n"]:
            # Method C: C(0) with M = mc_samples neurons *is* the Monte-Carlo estimate of H^inf.
            W = torch.from_numpy(rng(cfg["seed"], "das2019-mc", n).standard_normal((c["mc_samples"], d))).to(device)
            H_mc = gram_matrix(Xd, W, None, act).cpu().numpy()
            del W
            lam0_mc.append(np.linalg.eigvalsh(H_mc)[0])
            mc_err.append(np.max(np.abs(H_mc - H)))
        else:
            lam0_mc.append(np.nan)
            mc_err.append(np.nan)
        for j, m in enumerate(grid):
            for s in range(c["bstar_seeds"]):
                W, _ = initial_weights(cfg, f"F{n}-bstar", m, s, d)
                C0 = gram_matrix(Xd, torch.from_numpy(W).to(device), None, act)
                bstar[i, j, s] = torch.linalg.eigvalsh(C0)[0].item()
        if n in gd_ns:
            g = gd_ns.index(n)
            K = gd_steps(eig[0], eig[-1], c["gd_time_factor"] * math.log(1 / c["gd_eps"]))
            gd_k[g] = K
            bank = _bank(cfg, f"F{n}-gd", gd_widths, list(range(c["gd_seeds"])), d, device)
            Xb, yb = _batched(X, y, c["gd_seeds"], device)
            run = train_fixed_output(Xb, yb, bank, act, 1.0 / eig[-1], K, track_movement=False,
                                     progress_label=f"das2019 supp1 GD n={n}" if progress else None)
            ratio = run["loss"] / run["loss"][0]
            # NaN (a diverged run) counts as no success: nanmin would hide it, so mask explicitly.
            diverged = run["first_nonfinite_step"] >= 0
            best = np.min(np.where(np.isnan(ratio), np.inf, ratio), axis=0)
            gd_ratio[g] = np.where(diverged, np.nan, best)
    out.update(c3=np.array(phi_second_moment(act)[0]), lambda0=np.array(lam0), lambda_max=np.array(lmax),
               lambda0_relu=np.array(lam0_relu),
               lambda0_mc=np.array(lam0_mc), mc_max_entry_error=np.array(mc_err), bstar_lmin=bstar,
               gd_min_ratio=gd_ratio, gd_steps=gd_k)
    return out


# ---------------------------------------------------------------- supp2 / supp3: training runs

STEP_KEYS = ("loss", "lmin", "drift", "total_move", "max_move", "lin_ratio", "flow_ratio")


class KernelLog:
    """Per-step C(t) = (S S^T / m) * (X X^T) for every network of a bank, and the weight movement."""

    def __init__(self, X: torch.Tensor, bank: NeuronBank, act: Activation):
        self.XX = X @ X.transpose(-1, -2)  # (B, n, n)
        self.bank = bank
        self.dphi = act.dphi
        self.E = bank.one_hot()
        self.group = bank.group
        self.C0 = None
        self.rows = {key: [] for key in ("lmin", "drift", "total_move", "max_move")}

    def __call__(self, k, W, Z, e):
        C = bank_gram_matrices(self.dphi(Z), self.XX, self.bank.offsets, self.bank.widths)  # (B, G, n, n)
        if self.C0 is None:
            self.C0 = C.clone()
        self.rows["lmin"].append(torch.linalg.eigvalsh(C)[..., 0].cpu().numpy())
        self.rows["drift"].append(torch.linalg.eigvalsh(C - self.C0).abs().amax(-1).cpu().numpy())
        dist2 = torch.linalg.vector_norm(W - self.bank.W0, dim=-1) ** 2  # (B, P); 10x faster than (.)**2 .sum
        self.rows["total_move"].append(torch.sqrt(dist2 @ self.E).cpu().numpy())
        B, G = dist2.shape[0], len(self.bank.widths)
        per = torch.zeros((B, G), dtype=dist2.dtype, device=dist2.device).scatter_reduce(
            1, self.group.expand(B, -1), dist2, reduce="amax", include_self=False)
        self.rows["max_move"].append(torch.sqrt(per).cpu().numpy())

    def arrays(self, steps: int) -> dict[str, np.ndarray]:
        out = {}
        for key, rows in self.rows.items():
            a = np.stack(rows)  # (k_done + 1, B, G)
            if a.shape[0] < steps + 1:  # every network diverged early: the rest is not a result
                a = np.concatenate([a, np.full((steps + 1 - a.shape[0], *a.shape[1:]), np.nan)])
            out[key] = a
        out["C0"] = self.C0.cpu().numpy()  # (B, G, n, n)
        return out


def _ratio_flow(H: np.ndarray, residual0: np.ndarray, t: np.ndarray) -> np.ndarray:
    """||e^{-H t} r0||^2 / ||r0||^2 (gradient flow with the fixed kernel H); residual0 (n, R) -> (T, R)."""
    lam, V = np.linalg.eigh(H)
    coef2 = (V.T @ residual0) ** 2
    return (np.exp(-2 * np.outer(t, lam)) @ coef2) / np.sum(residual0**2, axis=0)


def _train_block(cfg: dict, stream: str, X: np.ndarray, y: np.ndarray, H: np.ndarray, act: Activation,
                 widths: list[int], seeds: list[int], eta: float, steps: int, device,
                 label: str | None) -> dict[str, np.ndarray]:
    """One batched GD run (seeds x widths) with the kernel log; every array indexed [k, seed, width]."""
    bank = _bank(cfg, stream, widths, seeds, X.shape[1], device)
    Xb, yb = _batched(X, y, len(seeds), device)
    log = KernelLog(Xb, bank, act)
    e0 = {}

    def observe(k, W, Z, e):
        if k == 0:
            e0["e"] = e.cpu().numpy()  # u(0) - y, (B, n, G)
        log(k, W, Z, e)

    run = train_fixed_output(Xb, yb, bank, act, eta, steps, track_movement=False, progress_label=label,
                             observe=observe)
    out = {"loss": run["loss"], "first_nonfinite_step": run["first_nonfinite_step"], **log.arrays(steps)}
    residual0 = -e0["e"]  # y - u(0)
    out["residual0"] = residual0
    Hinv = np.linalg.inv(H)
    B, G = len(seeds), len(widths)
    c0_dev, ntk, ntk_inf, lin = np.zeros((B, G)), np.zeros((B, G)), np.zeros((B, G)), np.zeros((steps + 1, B, G))
    for b in range(B):
        for g in range(G):
            r0, C0 = residual0[b, :, g], out["C0"][b, g]
            c0_dev[b, g] = np.max(np.abs(np.linalg.eigvalsh(C0 - H)))
            ntk[b, g] = math.sqrt(r0 @ np.linalg.solve(C0, r0))
            ntk_inf[b, g] = math.sqrt(r0 @ Hinv @ r0)
            # the discrete linearised model of spec T2.3: ||(I - eta C0)^k r0||^2 / ||r0||^2
            lin[:, b, g] = kernel_regime_residual(C0, r0, eta, np.arange(steps + 1)) / np.sum(r0**2)
    t = eta * np.arange(steps + 1)
    flow = _ratio_flow(H, residual0.transpose(1, 0, 2).reshape(H.shape[0], -1), t).reshape(steps + 1, B, G)
    out.update(c0_hinf=c0_dev, ntk_move=ntk, ntk_move_hinf=ntk_inf, lin_ratio=lin, flow_ratio=flow,
               widths=np.array(widths), seeds=np.array(seeds), eta=np.array(eta), t=t)
    return out


def train_dataset(cfg: dict, which: str, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """supp2/supp3 runs on one data set (``ref`` = D_ref or ``tiny`` = D_tiny); keys prefixed main_, small_, thr_."""
    tc = cfg["train"]
    c = tc[which]
    act = activation(ACT)
    X, y = sphere_dataset(cfg, which, c["n"], c["d"])
    H, eig = spectrum(X, act)
    lam0, lam_max = float(eig[0]), float(eig[-1])
    eta = 1.0 / lam_max
    K = gd_steps(lam0, lam_max, tc["time"])
    out = {"X": X, "y": y, "H_inf": H, "lambda0": np.array(lam0), "lambda_max": np.array(lam_max),
           "c3": np.array(phi_second_moment(act)[0]),
           "n": np.array(c["n"]), "d": np.array(c["d"]), "steps": np.array(K)}
    if c["widths"] and c["seeds"]:
        widths, seeds = sorted(c["widths"]), list(range(c["seeds"]))
        main = _train_block(cfg, which, X, y, H, act, widths, seeds, eta, K, device,
                            f"das2019 {which}: {len(seeds)} seeds x {len(widths)} widths" if progress else None)
        out.update({f"main_{k}": v for k, v in main.items()})
        if which == "ref":
            m, scale = tc["small_eta_width"], tc["small_eta"]
            small = _train_block(cfg, which, X, y, H, act, [m], seeds, eta * scale, int(math.ceil(K / scale)), device,
                                 f"das2019 {which}: eta x {scale} at m = {m}" if progress else None)
            out.update({f"small_{k}": v for k, v in small.items()})
            out["small_scale"] = np.array(scale)
    if c["threshold_seeds"]:
        m_dg = threshold_width(c["n"], lam0, cfg["delta_prime"])
        blocks = [
            # One seed at a time: at paper scale (m ~ 6e6) a batch of seeds would not fit one GPU.
            _train_block(cfg, which, X, y, H, act, [m_dg], [s], eta, K, device,
                         f"das2019 {which}: seed {s} at m_DG = {m_dg}" if progress else None)
            for s in range(c["threshold_seeds"])
        ]
        for key in blocks[0]:
            if key in ("widths", "eta", "t"):
                out[f"thr_{key}"] = blocks[0][key]
            else:  # per-step arrays are [k, seed, width], the others [seed, ...]
                out[f"thr_{key}"] = np.concatenate([b[key] for b in blocks], axis=1 if key in STEP_KEYS else 0)
    if which == "ref" and tc["moment_seeds"]:
        # Prop. 4.5's moment identity E||y - u(0)||^2 = ||y||^2 + sum_i E sigma(||x_i|| g)^2 (spec T2.7).
        m = tc["moment_width"]
        Xd, yd = torch.from_numpy(X).to(device), torch.from_numpy(y).to(device)
        sq = []
        for s in range(tc["moment_seeds"]):
            W, a = initial_weights(cfg, f"{which}-moment", m, s, c["d"])
            u0 = network_outputs(Xd, torch.from_numpy(W).to(device), torch.from_numpy(a).to(device), act)
            sq.append(float(torch.sum((yd - torch.from_numpy(u0).to(device)) ** 2)))
        out["moment_sq"] = np.array(sq)
        out["moment_expected"] = np.array(np.sum(y**2) + np.sum(phi_second_moment(act, np.linalg.norm(X, axis=1))))
    return out


# ---------------------------------------------------------------- supp4: the antipodal counterexample

COUNTEREXAMPLE_PARTS = ("A", "B")  # GD on A (its slow mode needs ~6e4 steps) | spectra, GD on B and B'


def counterexample(cfg: dict, part: str, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """supp4 data. Part "A": GD (softplus) on A with alpha^T u(t) at every step. Part "B": the spectra of H^inf on
    every antipodal data set for every activation, their null spaces, and GD on B and B'."""
    if part not in COUNTEREXAMPLE_PARTS:
        raise ValueError(f"part must be one of {COUNTEREXAMPLE_PARTS}, got {part!r}")
    c = cfg["supp4"]
    act = activation(ACT)
    data = antipodal_datasets(cfg)
    seeds = list(range(c["seeds"]))
    out = {"seeds": np.array(seeds)}
    if part == "B":
        out["activations"] = np.array(c["activations"])
        for name, ds in data.items():
            out[f"{name}_X"], out[f"{name}_y"] = ds["X"], ds["y"]
            for other in map(activation, c["activations"]):
                out[f"{name}_{other.name}_eig"] = np.linalg.eigvalsh(g_infinity(ds["X"], other))
            if "plus" in ds:
                out[f"{name}_L_inf"] = np.array(plateau_prediction(ds["X"], ds["y"], ds["plus"], ds["minus"]))
                # Principal angles between the numerical null space of H^inf and the predicted one (spec T4.6).
                for other in map(activation, c["activations"]):
                    predicted = predicted_null_space(ds["X"], ds["plus"], ds["minus"], other)
                    lam, V = np.linalg.eigh(g_infinity(ds["X"], other))
                    found = V[:, lam <= ZERO_TOL * lam[-1]]
                    out[f"{name}_{other.name}_null_dim"] = np.array(found.shape[1])
                    out[f"{name}_{other.name}_predicted_null_dim"] = np.array(predicted.shape[1])
                    out[f"{name}_{other.name}_null_angle"] = np.array(_max_angle(found, predicted))
    else:
        ds = data["A"]
        out["A_L_inf"] = np.array(plateau_prediction(ds["X"], ds["y"], ds["plus"], ds["minus"]))
        out["A_alpha"] = np.array([1.0, -1.0, -2.0, 2.0])  # (beta, -beta) with R^T beta = 0 on A's pairs (spec)
    for name in (("A",) if part == "A" else ("B", "B_perturbed")):
        X, y = data[name]["X"], data[name]["y"]
        eta = 1.0 / float(np.linalg.eigvalsh(g_infinity(X, act))[-1])
        widths, steps = sorted(c[name]["widths"]), c[name]["steps"]
        bank = _bank(cfg, name, widths, seeds, X.shape[1], device)
        Xb, yb = _batched(X, y, len(seeds), device)
        alpha_u = []
        observe = None
        if name == "A":
            alpha_t = torch.from_numpy(out["A_alpha"]).to(device)

            def observe(k, W, Z, e):
                alpha_u.append(torch.einsum("i,big->bg", alpha_t, e + yb[..., None]).cpu().numpy())

        run = train_fixed_output(Xb, yb, bank, act, eta, steps, track_movement=False, observe=observe,
                                 progress_label=f"das2019 supp4 {name}" if progress else None)
        out[f"{name}_loss"] = run["loss"]  # (steps + 1, seeds, widths)
        out[f"{name}_first_nonfinite_step"] = run["first_nonfinite_step"]
        out[f"{name}_widths"] = np.array(widths)
        out[f"{name}_eta"] = np.array(eta)
        if alpha_u:
            out["A_alpha_u"] = np.stack(alpha_u)
    return out


def _max_angle(found: np.ndarray, predicted: np.ndarray) -> float:
    """Largest principal angle between two subspaces; pi/2 if their dimensions differ."""
    if found.shape[1] != predicted.shape[1]:
        return float(np.pi / 2)
    if found.shape[1] == 0:
        return 0.0
    return float(np.max(subspace_angles(found, predicted)))


# ---------------------------------------------------------------- jobs

@entry(*COMPUTE_KEYS, "device", device=True)
def compute(job: JobContext) -> None:
    """supp1.npz, and train_ref.npz, train_tiny.npz (the supp2/supp3 runs)."""
    cfg = job.config["das2019"]
    save_npz(job.output.supp1, **supp1_compute(cfg, job.device))
    for dataset, path in zip(DATASETS, job.output.train):
        save_npz(path, **train_dataset(cfg, dataset, job.device))


@entry(*COUNTEREXAMPLE_KEYS, "device", device=True)
def counterexample_job(job: JobContext) -> None:
    """counterexample.npz: the spectra of H^inf per activation on the antipodal data, GD on A, B and B'."""
    out = {}
    for part in COUNTEREXAMPLE_PARTS:
        out.update(counterexample(job.config["das2019"], part, job.device))
    save_npz(job.output[0], **out)
