"""Das & Golikov (2019), supplementary figures das2019-supp1 ... supp4 (the paper has no figures).

Model (paper, Sec. 2.2 and Thm 4.6): f(W, x) = m^{-1/2} sum_r a_r sigma(w_r^T x), no bias, a_r ~ unif{-1, 1}
fixed, w_r(0) ~ N(0, I_d), W trained on L = 1/2 sum_i (y_i - f(x_i))^2; sigma = softplus. The infinite-width
Gram matrix H^inf_pq = x_p.x_q E[sigma'(z.x_p) sigma'(z.x_q)] and lambda0 = lambda_min(H^inf) come from
overparam.kernels (Hermite series, checked against 2-D quadrature and Monte Carlo in the tests).

Compute only (torch); tables, claims and the formulas live in das2019_analysis, figures in das2019_plots,
so that the jobs that only read run files never import torch.

Every experimental setting is this repository's choice (UNSTATED in the paper; spec das2019.md, section 3):
GD with eta = 1/lambda_max(H^inf) plotted against t = eta k, float64 throughout, data uniform on the sphere with
y ~ U[-1, 1] (kappa = 1).

- supp1: lambda0(n) and the widths needed in practice (m_B*: Thm 4.2's event; m_GD*: GD reaches 1e-4 relative
  loss in a lambda0-scaled time) against the printed width thresholds (Das-Golikov, Song-Yang, Du et al.).
- supp2: loss curves against the Lemma 4.3(a) envelope e^{-lambda0 t}; lambda_min(C(t)); step-size check; GD at
  the theorem's own threshold width m_DG (D_tiny).
- supp3: per-neuron and total movement, kernel fluctuation and drift against m, beside the bounds of the proof
  (the total movement is where Prop. 4.5's argument fails: erratum E2).
- supp4: the antipodal counterexample to Thm 4.1 (erratum E1): spectra of H^inf and the loss plateau.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from ..activations import get_activation
from ..data import uniform_sphere
from ..gram import gram_matrix
from ..kernels import g_infinity, phi_second_moment
from ..seeding import rng
from ..training import NeuronBank, train_fixed_output

from .das2019_analysis import ACT, ZERO_TOL, threshold_width, width_grid

DTYPE = torch.float64  # spectra down to 1e-5 of lambda_max, plateaus to 1e-6: float64 throughout (spec section 3)
# Activations with sigma(t) - sigma(-t) = t (sigma' = 1/2 + odd): null directions (beta, -beta) with R^T beta = 0.
# tanh is odd (sigma' even): every antipodal pair gives a null direction (beta, beta) (spec E1).
ODD_PART_LINEAR = ("softplus", "gelu", "swish")
ODD = ("tanh",)


# ---------------------------------------------------------------- data

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


def plateau_prediction(X: np.ndarray, y: np.ndarray, plus: np.ndarray, minus: np.ndarray) -> float:
    """L_inf = 1/4 ||(I - P_R)(y_+ - y_-)||^2 (spec E1): the odd part of u on the pairs is linear in x for every W."""
    R = X[plus]
    target = y[plus] - y[minus]
    coef, *_ = np.linalg.lstsq(R, target, rcond=None)
    return float(0.25 * np.sum((target - R @ coef) ** 2))


def null_directions(X: np.ndarray, plus: np.ndarray, minus: np.ndarray) -> np.ndarray:
    """Orthonormal basis of {alpha = (beta, -beta) on the pairs : R^T beta = 0} (columns), the predicted null space."""
    R = X[plus]
    _, s, Vt = np.linalg.svd(R.T, full_matrices=True)
    rank = int(np.sum(s > 1e-12 * max(1.0, s.max(initial=0.0))))
    betas = Vt[rank:].T  # (pairs, pairs - rank)
    alphas = np.zeros((X.shape[0], betas.shape[1]))
    alphas[plus] = betas
    alphas[minus] = -betas
    return alphas / np.sqrt(2.0)


def predicted_null_space(X: np.ndarray, plus: np.ndarray, minus: np.ndarray, act: str) -> np.ndarray:
    """The null space of H^inf that the antipodal structure forces (orthonormal columns; spec E1).

    sigma(t) - sigma(-t) = t (softplus, GELU, SiLU): phi(x) - phi(-x) = x for every w, so (beta, -beta) with
    R^T beta = 0. tanh (odd): phi(x) + phi(-x) = 0, so (e_j, e_j) for every pair j. Otherwise nothing is forced.
    """
    if act in ODD_PART_LINEAR:
        return null_directions(X, plus, minus)
    if act in ODD:
        alphas = np.zeros((X.shape[0], len(plus)))
        alphas[plus, np.arange(len(plus))] = 1.0
        alphas[minus, np.arange(len(plus))] = 1.0
        return alphas / np.sqrt(2.0)
    return np.zeros((X.shape[0], 0))


def init_weights(cfg: dict, stream: str, m: int, seed: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """w_r(0) ~ N(0, I_d) and a_r ~ unif{-1, 1} (Thm 4.6(b)), float64, one stream per (figure data, m, seed)."""
    g = rng(cfg["seed"], "das2019-init", stream, m, seed)
    W = g.standard_normal((m, d))
    a = g.choice(np.array([-1.0, 1.0]), size=m)
    return W, a


def _bank(cfg: dict, stream: str, widths: list[int], seeds: list[int], d: int, device) -> NeuronBank:
    inits = [[init_weights(cfg, stream, m, s, d) for m in widths] for s in seeds]
    W0 = torch.from_numpy(np.stack([np.concatenate([w for w, _ in per]) for per in inits])).to(device, DTYPE)
    a = torch.from_numpy(np.stack([np.concatenate([a for _, a in per]) for per in inits])).to(device, DTYPE)
    return NeuronBank(W0, a, list(widths))


def _batched(X: np.ndarray, y: np.ndarray, copies: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    Xt = torch.from_numpy(np.repeat(X[None], copies, axis=0)).to(device, DTYPE)
    yt = torch.from_numpy(np.repeat(y[None], copies, axis=0)).to(device, DTYPE)
    return Xt, yt


def spectrum(X: np.ndarray, name: str = ACT) -> tuple[np.ndarray, np.ndarray]:
    H = g_infinity(X, name)
    return H, np.linalg.eigvalsh(H)


# ---------------------------------------------------------------- supp1: widths needed in practice

def gd_steps(lam0: float, lam_max: float, time: float) -> int:
    """K = ceil(T / eta) with eta = 1/lambda_max."""
    return int(math.ceil(time * lam_max / lam0))


def supp1_compute(cfg: dict, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """lambda0(n) three ways (Hermite series, ReLU closed form, Monte Carlo), m_B* and m_GD* data per n."""
    c = cfg["supp1"]
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
        H, eig = spectrum(X)
        lam0.append(eig[0])
        lmax.append(eig[-1])
        lam0_relu.append(np.linalg.eigvalsh(g_infinity(X, "relu"))[0])
        Xd = torch.from_numpy(X).to(device)
        if n <= c["mc_max_n"]:
            # Method C: C(0) with M = mc_samples neurons *is* the Monte-Carlo estimate of H^inf.
            W = torch.from_numpy(rng(cfg["seed"], "das2019-mc", n).standard_normal((c["mc_samples"], d))).to(device)
            H_mc = gram_matrix(Xd, W, None, ACT).cpu().numpy()
            del W
            lam0_mc.append(np.linalg.eigvalsh(H_mc)[0])
            mc_err.append(np.max(np.abs(H_mc - H)))
        else:
            lam0_mc.append(np.nan)
            mc_err.append(np.nan)
        for j, m in enumerate(grid):
            for s in range(c["bstar_seeds"]):
                W, _ = init_weights(cfg, f"F{n}-bstar", m, s, d)
                C0 = gram_matrix(Xd, torch.from_numpy(W).to(device), None, ACT)
                bstar[i, j, s] = torch.linalg.eigvalsh(C0)[0].item()
        if n in gd_ns:
            g = gd_ns.index(n)
            K = gd_steps(eig[0], eig[-1], c["gd_time_factor"] * math.log(1 / c["gd_eps"]))
            gd_k[g] = K
            bank = _bank(cfg, f"F{n}-gd", gd_widths, list(range(c["gd_seeds"])), d, device)
            Xb, yb = _batched(X, y, c["gd_seeds"], device)
            run = train_fixed_output(Xb, yb, bank, ACT, 1.0 / eig[-1], K, track_movement=False,
                                     progress_label=f"das2019 supp1 GD n={n}" if progress else None)
            ratio = run["loss"] / run["loss"][0]
            # NaN (a diverged run) counts as no success: nanmin would hide it, so mask explicitly.
            diverged = run["first_nonfinite_step"] >= 0
            best = np.min(np.where(np.isnan(ratio), np.inf, ratio), axis=0)
            gd_ratio[g] = np.where(diverged, np.nan, best)
    out.update(c3=np.array(phi_second_moment(ACT)[0]), lambda0=np.array(lam0), lambda_max=np.array(lmax),
               lambda0_relu=np.array(lam0_relu),
               lambda0_mc=np.array(lam0_mc), mc_max_entry_error=np.array(mc_err), bstar_lmin=bstar,
               gd_min_ratio=gd_ratio, gd_steps=gd_k)
    return out


# ---------------------------------------------------------------- supp2 / supp3: training runs

STEP_KEYS = ("loss", "lmin", "drift", "total_move", "max_move", "lin_ratio", "flow_ratio")


class KernelLog:
    """Per-step C(t) = (S S^T / m) * (X X^T) for every network of a bank, and the weight movement."""

    def __init__(self, X: torch.Tensor, bank: NeuronBank):
        self.XX = X @ X.transpose(-1, -2)  # (B, n, n)
        self.bank = bank
        self.dphi = get_activation(ACT).dphi
        self.E = bank.one_hot()
        self.group = bank.group
        self.C0 = None
        self.rows = {key: [] for key in ("lmin", "drift", "total_move", "max_move")}

    def __call__(self, k, W, Z, e):
        S = self.dphi(Z)  # (B, P, n)
        blocks = []
        for (lo, hi), m in zip(zip(self.bank.offsets[:-1], self.bank.offsets[1:]), self.bank.widths):
            Sg = S[:, lo:hi]
            blocks.append(Sg.transpose(-1, -2) @ Sg / m)
        C = torch.stack(blocks, 1) * self.XX[:, None]  # (B, G, n, n)
        C = 0.5 * (C + C.transpose(-1, -2))
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


def _ratio_linear(C0: np.ndarray, residual0: np.ndarray, eta: float, steps: np.ndarray) -> np.ndarray:
    """||(I - eta C0)^k r0||^2 / ||r0||^2: the discrete linearised model of spec T2.3; residual0 (n,) -> (T,)."""
    lam, V = np.linalg.eigh(C0)
    coef2 = (V.T @ residual0) ** 2
    return ((1 - eta * lam)[None, :] ** (2 * np.asarray(steps)[:, None])) @ coef2 / np.sum(residual0**2)


def _train_block(cfg: dict, stream: str, X: np.ndarray, y: np.ndarray, H: np.ndarray, widths: list[int],
                 seeds: list[int], eta: float, steps: int, device, label: str | None) -> dict[str, np.ndarray]:
    """One batched GD run (seeds x widths) with the kernel log; every array indexed [k, seed, width]."""
    bank = _bank(cfg, stream, widths, seeds, X.shape[1], device)
    Xb, yb = _batched(X, y, len(seeds), device)
    log = KernelLog(Xb, bank)
    e0 = {}

    def observe(k, W, Z, e):
        if k == 0:
            e0["e"] = e.cpu().numpy()  # u(0) - y, (B, n, G)
        log(k, W, Z, e)

    run = train_fixed_output(Xb, yb, bank, ACT, eta, steps, track_movement=False, progress_label=label,
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
            lin[:, b, g] = _ratio_linear(C0, r0, eta, np.arange(steps + 1))
    t = eta * np.arange(steps + 1)
    flow = _ratio_flow(H, residual0.transpose(1, 0, 2).reshape(H.shape[0], -1), t).reshape(steps + 1, B, G)
    out.update(c0_hinf=c0_dev, ntk_move=ntk, ntk_move_hinf=ntk_inf, lin_ratio=lin, flow_ratio=flow,
               widths=np.array(widths), seeds=np.array(seeds), eta=np.array(eta), t=t)
    return out


def train_dataset(cfg: dict, which: str, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """supp2/supp3 runs on one data set (``ref`` = D_ref or ``tiny`` = D_tiny); keys prefixed main_, small_, thr_."""
    tc = cfg["train"]
    c = tc[which]
    X, y = sphere_dataset(cfg, which, c["n"], c["d"])
    H, eig = spectrum(X)
    lam0, lam_max = float(eig[0]), float(eig[-1])
    eta = 1.0 / lam_max
    K = gd_steps(lam0, lam_max, tc["time"])
    out = {"X": X, "y": y, "H_inf": H, "lambda0": np.array(lam0), "lambda_max": np.array(lam_max),
           "c3": np.array(phi_second_moment(ACT)[0]),
           "n": np.array(c["n"]), "d": np.array(c["d"]), "steps": np.array(K)}
    if c["widths"] and c["seeds"]:
        widths, seeds = sorted(c["widths"]), list(range(c["seeds"]))
        main = _train_block(cfg, which, X, y, H, widths, seeds, eta, K, device,
                            f"das2019 {which}: {len(seeds)} seeds x {len(widths)} widths" if progress else None)
        out.update({f"main_{k}": v for k, v in main.items()})
        if which == "ref":
            m, scale = tc["small_eta_width"], tc["small_eta"]
            small = _train_block(cfg, which, X, y, H, [m], seeds, eta * scale, int(math.ceil(K / scale)), device,
                                 f"das2019 {which}: eta x {scale} at m = {m}" if progress else None)
            out.update({f"small_{k}": v for k, v in small.items()})
            out["small_scale"] = np.array(scale)
    if c["threshold_seeds"]:
        m_dg = threshold_width(c["n"], lam0, cfg["delta_prime"])
        blocks = [
            # One seed at a time: at paper scale (m ~ 6e6) a batch of seeds would not fit one GPU.
            _train_block(cfg, which, X, y, H, [m_dg], [s], eta, K, device,
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
        Xd = torch.from_numpy(X).to(device)
        sq = []
        for s in range(tc["moment_seeds"]):
            W, a = init_weights(cfg, f"{which}-moment", m, s, c["d"])
            u0 = get_activation(ACT).phi(Xd @ torch.from_numpy(W).to(device).T) @ torch.from_numpy(a).to(device)
            sq.append(float(torch.sum((torch.from_numpy(y).to(device) - u0 / math.sqrt(m)) ** 2)))
        out["moment_sq"] = np.array(sq)
        out["moment_expected"] = np.array(np.sum(y**2) + np.sum(phi_second_moment(ACT, np.linalg.norm(X, axis=1))))
    return out


# ---------------------------------------------------------------- supp4: the antipodal counterexample

COUNTEREXAMPLE_PARTS = ("A", "B")  # GD on A (its slow mode needs ~6e4 steps) | spectra, GD on B and B'


def counterexample(cfg: dict, part: str, device: torch.device, progress: bool = True) -> dict[str, np.ndarray]:
    """supp4 data. Part "A": GD (softplus) on A with alpha^T u(t) at every step. Part "B": the spectra of H^inf on
    every antipodal data set for every activation, their null spaces, and GD on B and B'."""
    if part not in COUNTEREXAMPLE_PARTS:
        raise ValueError(f"part must be one of {COUNTEREXAMPLE_PARTS}, got {part!r}")
    c = cfg["supp4"]
    data = antipodal_datasets(cfg)
    seeds = list(range(c["seeds"]))
    out = {"seeds": np.array(seeds)}
    if part == "B":
        out["activations"] = np.array(c["activations"])
        for name, ds in data.items():
            out[f"{name}_X"], out[f"{name}_y"] = ds["X"], ds["y"]
            for act in c["activations"]:
                out[f"{name}_{act}_eig"] = np.linalg.eigvalsh(g_infinity(ds["X"], act))
            if "plus" in ds:
                out[f"{name}_L_inf"] = np.array(plateau_prediction(ds["X"], ds["y"], ds["plus"], ds["minus"]))
                # Principal angles between the numerical null space of H^inf and the predicted one (spec T4.6).
                for act in c["activations"]:
                    predicted = predicted_null_space(ds["X"], ds["plus"], ds["minus"], act)
                    lam, V = np.linalg.eigh(g_infinity(ds["X"], act))
                    found = V[:, lam <= ZERO_TOL * lam[-1]]
                    out[f"{name}_{act}_null_dim"] = np.array(found.shape[1])
                    out[f"{name}_{act}_predicted_null_dim"] = np.array(predicted.shape[1])
                    out[f"{name}_{act}_null_angle"] = np.array(_max_angle(found, predicted))
    else:
        ds = data["A"]
        out["A_L_inf"] = np.array(plateau_prediction(ds["X"], ds["y"], ds["plus"], ds["minus"]))
        out["A_alpha"] = np.array([1.0, -1.0, -2.0, 2.0])  # (beta, -beta) with R^T beta = 0 on A's pairs (spec)
    for name in (("A",) if part == "A" else ("B", "B_perturbed")):
        X, y = data[name]["X"], data[name]["y"]
        eta = 1.0 / float(np.linalg.eigvalsh(g_infinity(X, ACT))[-1])
        widths, steps = sorted(c[name]["widths"]), c[name]["steps"]
        bank = _bank(cfg, name, widths, seeds, X.shape[1], device)
        Xb, yb = _batched(X, y, len(seeds), device)
        alpha_u = []
        observe = None
        if name == "A":
            alpha_t = torch.from_numpy(out["A_alpha"]).to(device)

            def observe(k, W, Z, e):
                alpha_u.append(torch.einsum("i,big->bg", alpha_t, e + yb[..., None]).cpu().numpy())

        run = train_fixed_output(Xb, yb, bank, ACT, eta, steps, track_movement=False, observe=observe,
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
    from scipy.linalg import subspace_angles

    return float(np.max(subspace_angles(found, predicted)))
