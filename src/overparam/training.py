"""Full-batch gradient descent on two-layer networks with a fixed output layer.

f(x) = (1/sqrt(m)) sum_r a_r phi(w_r^T x), L = 1/2 sum_i (f(x_i) - y_i)^2, only W trained
(Du et al. eqs. 1-4). Many networks train together, with no Python loop over
neurons, widths or repeats (``overparam.network.NeuronBank``): networks that share a data set are one bank of
neurons; independent data sets (seeds) are a leading batch dimension, so one batched matrix product per step
serves every seed and every width. Also the linearised (kernel-regime) loss these runs are compared with.
Tensors are (B, n, d) for X, (B, n) for y, (B, P, d) for W; 2-D inputs mean B = 1.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from .activations import Activation
from .network import NeuronBank
from .progress import ProgressLine


def batched_matmul(a: torch.Tensor, b: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
    """a @ b for (B, ., .) tensors, into ``out`` if given. On a CPU, one matrix product per batch entry: torch's bmm
    splits the batch across threads, so 3 seeds on 2 threads leave one idle a third of the time (measured 25-30%
    slower than three multi-threaded products); on a GPU one bmm kernel is best."""
    if a.device.type != "cpu" or a.dim() != 3 or b.dim() != 3 or a.shape[0] != b.shape[0]:
        return a @ b if out is None else torch.matmul(a, b, out=out)
    if out is None:
        out = torch.empty((a.shape[0], a.shape[1], b.shape[2]), dtype=torch.promote_types(a.dtype, b.dtype))
    for i in range(a.shape[0]):
        torch.mm(a[i], b[i], out=out[i])
    return out


def gradient(X, y, W, bank: NeuronBank, act: Activation) -> torch.Tensor:
    """dL/dW for every network at once (Du et al. eq. 4, generalised to phi')."""
    C = bank.readout()
    Z = X @ W.transpose(-1, -2)
    e = act.phi(Z) @ C - y[..., None]
    return (act.dphi(Z) * (e @ C.transpose(-1, -2))).transpose(-1, -2) @ X


def train_fixed_output(
    X: torch.Tensor,
    y: torch.Tensor,
    bank: NeuronBank,
    act: Activation,
    eta: float,
    steps: int,
    track_movement: bool = True,
    progress_label: str | None = None,
    observe: Callable[[int, torch.Tensor, torch.Tensor, torch.Tensor], None] | None = None,
) -> dict:
    """Run ``steps`` GD updates and log metrics at k = 0..steps for every network.

    Returns numpy arrays indexed [k, b, g] ([k, g] for 2-D inputs):
      loss                     1/2 ||u(k) - y||^2 (summed in float64)
      pattern_change_fraction  share of the m*n patterns with sign(w_r(k).x_i) != sign(w_r(0).x_i)
      max_distance             max_r ||w_r(k) - w_r(0)||
      flip_violations          flipped patterns with |w_r(0).x_i| > ||w_r(k) - w_r(0)|| beyond round-off;
                               zero is implied by ||x_i|| = 1 (the argument of Du et al.'s Lemma 3.2)
      first_nonfinite_step     first k whose loss (or, when tracked, max_distance) is NaN or Inf, -1 if none
                               ([b, g]); that network stops there and every metric from k on is NaN
    and W_final, a tensor shaped like bank.W0.

    ``observe(k, W, Z, e)``, if given, is called at every k = 0..steps before the update, with the weights
    W(k) (B, P, d), the pre-activations Z = W X^T (B, P, n) and the residuals e = u - y (B, n, G), always
    batched; it may read them (to log Gram matrices, outputs, distances) but must not modify them.
    """
    unbatched = X.dim() == 2
    if unbatched:
        X, y = X[None], y[None]
        bank = NeuronBank(bank.W0[None], bank.a[None], bank.widths)
    device, dtype = bank.W0.device, bank.W0.dtype
    B, n = X.shape[0], X.shape[1]
    G = len(bank.widths)
    C = bank.readout()
    Ct = C.transpose(-1, -2)
    E = bank.one_hot()
    group = bank.group.expand(B, -1)
    widths = torch.tensor(bank.widths, dtype=torch.float64, device=device)
    Xt = X.transpose(-1, -2)

    W = bank.W0.clone()
    relu = act.dphi_is_indicator
    # The step's (B, P, n) and (B, P, d) tensors live in buffers allocated once. On a CPU a fresh buffer this large
    # (374 MB at paper scale) costs page faults at every step, 3-4x the pass that fills it; and masks are 0/1
    # floats, since a bool mask is converted (a full copy) by every sum or product that reads it.
    Z = batched_matmul(W, Xt)  # (B, P, n): neurons on rows, so per-neuron sums run along the last axis
    work = torch.empty_like(Z)  # phi(Z); then the violation mask (metrics); then the back-propagated error
    positive = torch.empty_like(Z) if (relu or track_movement) else None  # 1[Z >= 0]: ReLU's phi' and the pattern
    if track_movement:  # kept only when needed: at m = 1e6 these are gigabytes
        S0 = torch.ge(Z, 0, out=torch.empty_like(Z))
        abs_Z0 = Z.abs()
        flipped = torch.empty_like(Z)
        # Round-off of a float dot product w.x with ||x|| = 1: a few ulps of ||w||.
        slack = (16 * torch.finfo(dtype).eps * torch.linalg.vector_norm(bank.W0, dim=-1))[..., None]
    moved = torch.empty_like(W)  # W - W0 for the distance metric, then the gradient

    keys = ("loss", "pattern_change_fraction", "max_distance", "flip_violations")
    out = {key: np.zeros((steps + 1, B, G)) for key in keys}
    dead = torch.zeros((B, G), dtype=torch.bool, device=device)  # diverged networks, frozen and masked
    any_dead = False  # dead.any(), kept on the host: no device reduction per step while every network is finite
    first_bad = np.full((B, G), -1)
    bar = ProgressLine(progress_label, steps) if progress_label else None
    for k in range(steps + 1):
        # ReLU's phi is activations._relu, clamp_min, written into the buffer
        A = torch.clamp_min(Z, 0, out=work) if relu else act.phi(Z)
        if positive is not None:  # ReLU's phi' is the sign mask that the pattern metric needs anyway
            torch.ge(Z, 0, out=positive)
        if any_dead:
            A = torch.where(dead[:, bank.group][..., None], 0.0, A)
        e = A.transpose(-1, -2) @ C - y[..., None]  # (B, n, G)
        loss = 0.5 * (e.to(torch.float64) ** 2).sum(-2)
        # A NaN or Inf in one network would reach the others through the shared readout (NaN * 0 = NaN),
        # so a network is masked out (torch.where, never nan_to_num) from its first non-finite value on.
        # Every entry of A enters every loss of its batch (times 0 or not), so all losses finite means all of A
        # is finite; only otherwise is A scanned network by network (the scan costs as much as a step).
        if not bool(torch.isfinite(loss).all()):
            newly = ((~torch.isfinite(A).all(-1)).to(dtype) @ E > 0) & ~dead
            if newly.any():
                first_bad[newly.cpu().numpy()] = k
                dead |= newly
                any_dead = True
                A = torch.where(dead[:, bank.group][..., None], 0.0, A)
                e = A.transpose(-1, -2) @ C - y[..., None]
                loss = 0.5 * (e.to(torch.float64) ** 2).sum(-2)
            newly = ~torch.isfinite(loss) & ~dead
            if newly.any():
                first_bad[newly.cpu().numpy()] = k
                dead |= newly
                any_dead = True
        if any_dead:
            e = torch.where(dead[:, None, :], 0.0, e)
            loss = torch.where(dead, float("nan"), loss)
        out["loss"][k] = loss.cpu().numpy()
        if track_movement:
            torch.ne(positive, S0, out=flipped)
            # per-neuron counts summed in the float dtype: exact, they are integers of at most n < 2^24
            out["pattern_change_fraction"][k] = (
                (flipped.sum(-1) @ E).to(torch.float64) / (widths * n)
            ).cpu().numpy()
            dist = torch.linalg.vector_norm(torch.sub(W, bank.W0, out=moved), dim=-1)  # (B, P)
            out["max_distance"][k] = (
                torch.zeros((B, G), dtype=dtype, device=device)
                .scatter_reduce(1, group, dist, reduce="amax", include_self=False)
                .cpu()
                .numpy()
            )
            bad = torch.gt(abs_Z0, dist[..., None] * (1 + 1e-5) + slack, out=work).mul_(flipped)  # A is spent
            out["flip_violations"][k] = (bad.sum(-1) @ E).cpu().numpy()
            # ||w_r(k) - w_r(0)|| beyond the float range (weights ~1e19 in float32) is divergence too,
            # even while the loss is still finite: nothing of that run is a result from here on.
            newly = ~np.isfinite(out["max_distance"][k]) & (first_bad < 0)
            if newly.any():
                first_bad[newly] = k
                dead |= torch.from_numpy(newly).to(device)
                any_dead = True
        if observe is not None:
            observe(k, W, Z, e)
        if k == steps or (any_dead and bool(dead.all())):
            break
        # dL/dW_r = sum_i dphi(z_ri) (e_i . C_r) x_i, for all neurons, widths and seeds in one product
        back = torch.matmul(C, e.transpose(-1, -2), out=work)
        grad = batched_matmul(back.mul_(positive) if relu else back.mul_(act.dphi(Z)), X, out=moved)
        if any_dead:
            grad = torch.where(dead[:, bank.group][..., None], 0.0, grad)
        W.add_(grad, alpha=-eta)
        Z = batched_matmul(W, Xt, out=Z)
        if bar:
            bar.update(k + 1)
    # Nothing after a network's first non-finite step is a result.
    for b, g in zip(*np.nonzero(first_bad >= 0)):
        for key in keys:
            out[key][first_bad[b, g]:, b, g] = np.nan
    if k < steps:
        for key in keys:
            out[key][k + 1 :] = np.nan
    if not track_movement:  # not measured, so not zero
        for key in ("pattern_change_fraction", "max_distance", "flip_violations"):
            out[key][:] = np.nan
    out["first_nonfinite_step"] = first_bad
    out["W_final"] = W
    if unbatched:
        out = {k: (v[:, 0] if isinstance(v, np.ndarray) and v.ndim == 3 else v[0]) for k, v in out.items()}
    return out


def kernel_regime_residual(G: np.ndarray, residual0: np.ndarray, eta: float, steps: np.ndarray) -> np.ndarray:
    """||(I - eta G)^t (u(0) - y)||^2 = sum_i (1 - eta lambda_i)^{2t} (v_i^T (u(0) - y))^2, float64.

    What GD's squared residual would be if the Gram matrix stayed G (the linearised, kernel-regime model: Du et
    al. with H^inf; Panigrahi et al.'s Thm 4.6 with G(0); Das & Golikov with C(0)). residual0 is (n,) or
    (n, networks); returns (len(steps),) or (len(steps), networks).
    """
    lam, V = np.linalg.eigh(G)
    coef2 = (V.T @ residual0) ** 2
    return ((1 - eta * lam)[None, :] ** (2 * np.asarray(steps)[:, None])) @ coef2


def kernel_regime_loss(G: np.ndarray, residual0: np.ndarray, eta: float, steps: np.ndarray) -> np.ndarray:
    """L_lin(t) = 1/2 ||(I - eta G)^t (u(0) - y)||^2 (``kernel_regime_residual``)."""
    return 0.5 * kernel_regime_residual(G, residual0, eta, steps)
