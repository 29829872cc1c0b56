"""Minibatch SGD of a two-layer classifier with both layers trained, cross-entropy loss (torch).

The one place for it in the library (initial weights: ``overparam.weights.init_network``). Parametrisations:
- ``unit_fanin``: F(x) = phi(W x) A (weights W, A; fan-in scale for unit-norm inputs);
- ``standard_fanin``: F(x) = phi(W x + b) A (weights W, b, A);
- ``dzps``: F(x) = phi(W x) A / sqrt(m) (no bias);
- ``pytorch_default``: F(x) = phi(W x + b) A, torch.nn.Linear's initialisation (weights W, b, A).
Every activation starts from the same weights and sees the same minibatch orders; the loss on the whole data set
is logged at initialisation and after every epoch. A non-finite loss stops that activation's run: its later
epochs stay NaN and its first bad epoch is recorded (``first_nonfinite_epoch``, -1 if none). An optional monitor
sees the weights at chosen SGD iterations (0 = initialisation), e.g. to follow the G-matrix (``gram_and_loss``).
"""
from __future__ import annotations

import math
from typing import Protocol

import numpy as np
import torch
import torch.nn.functional as F

from .activations import Activation
from .progress import ProgressLine

LOSS_CHUNK = 4096  # rows per forward pass of the full-data loss
GRAM_CHUNK = 8192  # neurons per block of the G-matrix


def _hidden(params: dict[str, torch.Tensor], X: torch.Tensor, rows: slice = slice(None)) -> torch.Tensor:
    """Pre-activations X W^T (+ b) of the neurons ``rows``."""
    H = X @ params["W"][rows].T
    return H + params["b"][rows] if "b" in params else H


def _output_scale(params: dict[str, torch.Tensor], param: str) -> float:
    return 1.0 / math.sqrt(params["W"].shape[0]) if param == "dzps" else 1.0


def logits(params: dict[str, torch.Tensor], X: torch.Tensor, phi, param: str) -> torch.Tensor:
    """The classifier's logits (n, classes) in the parametrisation ``param``."""
    return phi(_hidden(params, X)) @ params["A"] * _output_scale(params, param)


def full_loss(params, X, y, phi, param, chunk: int = LOSS_CHUNK) -> float:
    """Mean cross-entropy over the whole data set, summed over chunks of rows (no gradients)."""
    with torch.no_grad():
        total = sum(float(F.cross_entropy(logits(params, X[s : s + chunk], phi, param), y[s : s + chunk],
                                          reduction="sum")) for s in range(0, len(X), chunk))
    return total / len(X)


def gram_and_loss(params: dict[str, torch.Tensor], X: torch.Tensor, y: torch.Tensor | None, act: Activation,
                  param: str, chunk: int = GRAM_CHUNK, inner: torch.Tensor | None = None) -> tuple[torch.Tensor, float]:
    """The G-matrix of the network on the rows X, and its mean cross-entropy on them (NaN if ``y`` is None);
    no gradients.

    G_ij = <x_i, x_j> sum_k c_k phi'(w_k.x_i + b_k) phi'(w_k.x_j + b_k): Panigrahi et al. eq. (2) with the
    current (trained) first layer, and App. D.1 (eta = 1) for the fan-in parametrisations. With C outputs it is
    the mean of the C diagonal n x n blocks of App. M.3's nC x nC matrix: c_k = s^2 mean_q A_kq^2, where
    s = 1/sqrt(m) (dzps) or 1 (fan-in). Pre-activations in the weights' dtype; products and sums in float64.
    ``inner``: X X^T in float64, if the caller has it (a fixed X seen many times).
    """
    m = params["W"].shape[0]
    s2 = _output_scale(params, param) ** 2
    n = X.shape[0]
    acc = torch.zeros((n, n), dtype=torch.float64, device=X.device)
    out = torch.zeros((n, params["A"].shape[1]), dtype=params["A"].dtype, device=X.device)
    with torch.no_grad():
        for start in range(0, m, chunk):
            rows = slice(start, start + chunk)
            H = _hidden(params, X, rows)
            A = params["A"][rows]
            if y is not None:
                out += act.phi(H) @ A
            c = (A.to(torch.float64) ** 2).mean(1) * s2
            D = act.dphi(H).to(torch.float64)
            acc += (D * c) @ D.T
        if inner is None:
            X64 = X.to(torch.float64)
            inner = X64 @ X64.T
        G = inner * acc
        loss = float(F.cross_entropy(out * _output_scale(params, param), y)) if y is not None else math.nan
    return 0.5 * (G + G.T), loss


class Monitor(Protocol):
    iterations: set[int]  # SGD iterations after which it is called (0: initialisation)

    def __call__(self, act_index: int, iteration: int, params: dict[str, torch.Tensor]) -> None: ...


def train_classifier(X: np.ndarray, labels: np.ndarray, init: dict[str, np.ndarray], acts: list[Activation],
                     param: str, lr: float, batch_size: int, orders: list[np.ndarray], device: torch.device,
                     progress_label: str | None = None, monitor: Monitor | None = None) -> dict[str, np.ndarray]:
    """SGD (no momentum, no weight decay) from ``init`` for every activation; one epoch per entry of ``orders``
    (a permutation of the rows; the last partial minibatch is kept). ``monitor`` is called at initialisation
    and after each SGD iteration (counted from 1 over the whole run) in ``monitor.iterations``.

    Returns ``loss`` (activations, epochs + 1), the full-data cross-entropy at init and after every epoch, and
    ``first_nonfinite_epoch`` (activations,).
    """
    Xt = torch.from_numpy(X.astype(np.float32)).to(device)
    yt = torch.from_numpy(labels.astype(np.int64)).to(device)
    n, epochs = len(X), len(orders)
    loss = np.full((len(acts), epochs + 1), np.nan)
    first_bad = np.full(len(acts), -1)
    watch = monitor.iterations if monitor is not None else set()
    for i, act in enumerate(acts):
        phi = act.phi
        # torch.tensor copies: torch.from_numpy(v).to("cpu") would share v's memory, and SGD's in-place steps
        # would then start the next activation from this one's trained weights (on a CPU only).
        params = {k: torch.tensor(v, device=device, requires_grad=True) for k, v in init.items()}
        opt = torch.optim.SGD(params.values(), lr=lr, momentum=0.0, weight_decay=0.0)
        bar = ProgressLine(f"{progress_label} {act.name}", epochs) if progress_label else None
        loss[i, 0] = full_loss(params, Xt, yt, phi, param)
        if not math.isfinite(loss[i, 0]):
            first_bad[i] = 0
            loss[i, 0] = np.nan
            continue
        if 0 in watch:
            monitor(i, 0, params)
        step = 0
        for e in range(epochs):
            order = torch.from_numpy(orders[e]).to(device)
            for s in range(0, n, batch_size):
                idx = order[s : s + batch_size]
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(logits(params, Xt[idx], phi, param), yt[idx]).backward()
                opt.step()
                step += 1
                if step in watch:
                    monitor(i, step, params)
            loss[i, e + 1] = full_loss(params, Xt, yt, phi, param)
            if bar:
                bar.update(e + 1)
            if not math.isfinite(loss[i, e + 1]):
                first_bad[i] = e + 1
                loss[i, e + 1 :] = np.nan
                break
    return {"loss": loss, "first_nonfinite_epoch": first_bad}
