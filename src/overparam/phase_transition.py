"""Batched gradient descent over many small (n, k, d) problems: Oymak & Soltanolkotabi's phase transitions.

Model f(x) = v^T phi(W x), W (k x d) trained, v fixed (footnote 1: +-||y||/sqrt(kn), a zero entry for odd k),
L = 1/2 ||f(X) - y||^2 (or the sum without 1/2), full-batch GD, early stop when ||f - y|| / ||y|| < tol.

All problems of a batch share n and are zero-padded to (K_max, D_max). Padding is exact: padded
input columns are zero, so padded weights never reach Z and get zero gradient; padded neurons have
v = 0, so they contribute nothing and get zero gradient. Each problem is drawn from its own seed
stream at its true (k, d), so batching never changes a result beyond float summation order.
Finished problems leave the batch as soon as they finish.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .activations import Activation
from .data import gaussian_labels, uniform_sphere
from .progress import ProgressLine
from .seeding import rng


@dataclass(frozen=True)
class Problem:
    n: int
    k: int
    d: int
    trial: int


def output_weights(y: np.ndarray, k: int) -> np.ndarray:
    """Footnote 1: floor(k/2) entries +||y||/sqrt(kn), floor(k/2) entries -||y||/sqrt(kn), and 0 if k is odd."""
    n = y.shape[0]
    v = np.zeros(k)
    half = k // 2
    v[:half], v[half : 2 * half] = 1.0, -1.0
    return v * np.linalg.norm(y) / np.sqrt(k * n)


def draw(base_seed: int, p: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X (unit rows), y ~ N(0, 1), W0 ~ N(0, 1), v, in that order from the problem's own stream.

    The stream does not depend on the activation: softplus and ReLU see the same draws.
    """
    g = rng(base_seed, "oymak2019", p.n, p.k, p.d, p.trial)
    X = uniform_sphere(g, p.n, p.d)
    y = gaussian_labels(g, p.n)
    W0 = g.standard_normal((p.k, p.d))
    return X, y, W0, output_weights(y, p.k)


def pad_batch(problems: list[Problem], base_seed: int, dtype, device):
    """Padded tensors X (B, n, D), y (B, n), W (B, K, D), v (B, K) for problems that share n."""
    ns = {p.n for p in problems}
    if len(ns) != 1:
        raise ValueError(f"a batch must share n, got {sorted(ns)}")
    n = ns.pop()
    K, D = max(p.k for p in problems), max(p.d for p in problems)
    B = len(problems)
    X = np.zeros((B, n, D))
    y = np.zeros((B, n))
    W = np.zeros((B, K, D))
    v = np.zeros((B, K))
    for b, p in enumerate(problems):
        Xp, yp, Wp, vp = draw(base_seed, p)
        X[b, :, : p.d], y[b], W[b, : p.k, : p.d], v[b, : p.k] = Xp, yp, Wp, vp
    t = lambda a: torch.from_numpy(a).to(device=device, dtype=dtype)  # noqa: E731
    return t(X), t(y), t(W), t(v)


def run_batch(
    problems: list[Problem],
    act: Activation,
    eta: float,
    max_iter: int,
    tol: float,
    base_seed: int,
    loss_scale: str = "half_sum",
    dtype=torch.float32,
    device=torch.device("cpu"),
    return_weights: bool = False,
) -> dict[str, np.ndarray]:
    """GD on every problem of the batch; results per problem (in the order given).

    iters: the iteration tau at which rel_err(tau) < tol was first seen (success), or the last iteration
    checked (failure). rel_err is checked at tau = 0..max_iter, before each update and after the last.
    """
    if loss_scale not in ("half_sum", "sum"):
        raise ValueError(f"loss_scale must be 'half_sum' or 'sum', got {loss_scale!r}")
    step = eta * (2.0 if loss_scale == "sum" else 1.0)  # d/dW of sum (f-y)^2 is twice that of 1/2 sum
    device = torch.device(device)
    X, y, W, v = pad_batch(problems, base_seed, dtype, device)
    B = len(problems)
    y_norm = torch.linalg.vector_norm(y, dim=1)
    alive = torch.arange(B, device=device)
    success = np.zeros(B, dtype=bool)
    iters = np.full(B, max_iter)
    final = np.full(B, np.nan)
    initial = np.full(B, np.nan)
    W_out = W.clone() if return_weights else None
    ks = torch.tensor([p.k for p in problems], device=device)
    ds = torch.tensor([p.d for p in problems], device=device)
    # Few ops and passes per iteration, each over the smallest tensor that will do, and no division per iteration.
    neg_y = -y[:, :, None]
    threshold = tol * y_norm
    # On a CPU, where softplus's logaddexp is compute-bound, its float32 formula (one exp, one log) is 1.7x
    # faster; on a GPU, memory-bound, its seven passes would be slower than logaddexp's one.
    fast = act.phi_float32 is not None and dtype == torch.float32 and device.type == "cpu"
    phi = act.phi_float32 if fast else act.phi
    for tau in range(max_iter + 1):
        Z = X @ W.transpose(1, 2)  # (b, n, K)
        r = torch.bmm(phi(Z), v[:, :, None]).add_(neg_y)  # phi(Z) v - y: (b, n, 1); half baddbmm's time here
        norm = torch.linalg.vector_norm(r[:, :, 0], dim=1)
        if tau == 0:
            initial[alive.cpu().numpy()] = (norm / y_norm).cpu().numpy()
        ok = norm < threshold
        done = ok | ~torch.isfinite(norm) if tau < max_iter else torch.ones_like(ok)  # divergence is a failure
        if bool(done.any()):
            idx = alive[done].cpu().numpy()
            success[idx] = ok[done].cpu().numpy()
            iters[idx] = tau
            final[idx] = (norm[done] / y_norm[done]).cpu().numpy()
            if return_weights:
                W_out[alive[done], : W.shape[1], : W.shape[2]] = W[done]
            keep = ~done
            if not bool(keep.any()):
                break
            alive, X, neg_y, W, v, y_norm, threshold, Z, r, ks, ds = (
                t[keep] for t in (alive, X, neg_y, W, v, y_norm, threshold, Z, r, ks, ds))
            # Shrink the padding to the largest problem still running (exact: padding is zeros).
            K, D = int(ks.max()), int(ds.max())
            if K < W.shape[1] or D < W.shape[2]:
                X, W, v, Z = X[:, :, :D], W[:, :K, :D], v[:, :K], Z[:, :, :K]
        # W - step * dL/dW, dL/dW = diag(v) (phi'(Z) * r)^T X: (b, K, D). v scales the product's K x D rows,
        # not the n x K factor (n > D here), and phi'(Z) is scaled in place: one n x K pass instead of three.
        grad = torch.bmm(act.dphi(Z).mul_(r).transpose(1, 2), X)
        W = torch.addcmul(W, v[:, :, None], grad, value=-step)
    out = {"success": success, "iters": iters, "final_rel_err": final, "init_rel_err": initial}
    if return_weights:
        out["W_final"] = W_out
    return out


def run_grid(
    problems: list[Problem],
    act: Activation,
    eta: float,
    max_iter: int,
    tol: float,
    base_seed: int,
    batch_size: int,
    loss_scale: str = "half_sum",
    device=torch.device("cpu"),
    progress_label: str | None = None,
) -> dict[str, np.ndarray]:
    """All problems, in padded batches of ``batch_size`` sorted by (k, d) to keep padding small (0: one batch)."""
    order = sorted(range(len(problems)), key=lambda i: (problems[i].k, problems[i].d, problems[i].trial))
    size = batch_size if batch_size > 0 else len(problems)
    keys = ("success", "iters", "final_rel_err", "init_rel_err")
    out = {"success": np.zeros(len(problems), dtype=bool), "iters": np.zeros(len(problems), dtype=int),
           "final_rel_err": np.zeros(len(problems)), "init_rel_err": np.zeros(len(problems))}
    bar = ProgressLine(progress_label, len(problems)) if progress_label else None
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        res = run_batch([problems[i] for i in chunk], act, eta, max_iter, tol, base_seed,
                        loss_scale=loss_scale, device=device)
        for key in keys:
            out[key][chunk] = res[key]
        if bar:
            bar.update(min(start + size, len(order)))
    return out
