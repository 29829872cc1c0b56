"""Minibatch SGD of a two-layer classifier with both layers trained, cross-entropy loss (torch).

The one place for it in the library (initial weights: ``overparam.weights.init_network``). Parametrisations:
- ``standard_fanin``: F(x) = phi(W x + b) A (weights W, b, A);
- ``dzps``: F(x) = phi(W x) A / sqrt(m) (no bias).
Every activation starts from the same weights and sees the same minibatch orders; the loss on the whole data set
is logged at initialisation and after every epoch. A non-finite loss stops that activation's run: its later
epochs stay NaN and its first bad epoch is recorded (``first_nonfinite_epoch``, -1 if none).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from .activations import Activation
from .progress import ProgressLine

LOSS_CHUNK = 4096  # rows per forward pass of the full-data loss


def logits(params: dict[str, torch.Tensor], X: torch.Tensor, phi, param: str) -> torch.Tensor:
    """The classifier's logits (n, classes) in the parametrisation ``param``."""
    if param == "standard_fanin":
        return phi(X @ params["W"].T + params["b"]) @ params["A"]
    return phi(X @ params["W"].T) @ params["A"] / math.sqrt(params["W"].shape[0])


def full_loss(params, X, y, phi, param, chunk: int = LOSS_CHUNK) -> float:
    """Mean cross-entropy over the whole data set, summed over chunks of rows (no gradients)."""
    with torch.no_grad():
        total = sum(float(F.cross_entropy(logits(params, X[s : s + chunk], phi, param), y[s : s + chunk],
                                          reduction="sum")) for s in range(0, len(X), chunk))
    return total / len(X)


def train_classifier(X: np.ndarray, labels: np.ndarray, init: dict[str, np.ndarray], acts: list[Activation],
                     param: str, lr: float, batch_size: int, orders: list[np.ndarray], device: torch.device,
                     progress_label: str | None = None) -> dict[str, np.ndarray]:
    """SGD (no momentum, no weight decay) from ``init`` for every activation; one epoch per entry of ``orders``
    (a permutation of the rows; the last partial minibatch is kept).

    Returns ``loss`` (activations, epochs + 1), the full-data cross-entropy at init and after every epoch, and
    ``first_nonfinite_epoch`` (activations,).
    """
    Xt = torch.from_numpy(X.astype(np.float32)).to(device)
    yt = torch.from_numpy(labels.astype(np.int64)).to(device)
    n, epochs = len(X), len(orders)
    loss = np.full((len(acts), epochs + 1), np.nan)
    first_bad = np.full(len(acts), -1)
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
        for e in range(epochs):
            order = torch.from_numpy(orders[e]).to(device)
            for s in range(0, n, batch_size):
                idx = order[s : s + batch_size]
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(logits(params, Xt[idx], phi, param), yt[idx]).backward()
                opt.step()
            loss[i, e + 1] = full_loss(params, Xt, yt, phi, param)
            if bar:
                bar.update(e + 1)
            if not math.isfinite(loss[i, e + 1]):
                first_bad[i] = e + 1
                loss[i, e + 1 :] = np.nan
                break
    return {"loss": loss, "first_nonfinite_epoch": first_bad}
