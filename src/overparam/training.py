"""Full-batch gradient descent on two-layer networks with a fixed output layer.

f(x) = (1/sqrt(m)) sum_r a_r phi(w_r^T x), L = 1/2 sum_i (f(x_i) - y_i)^2, only W trained
(Du et al. eqs. 1-4). Several networks that share the data (different widths,
or repeats) are trained together as one bank of neurons: one matrix product
per step for all of them, no Python loop over neurons or widths.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .activations import get_activation
from .progress import ProgressLine


@dataclass
class NeuronBank:
    """Neurons of several networks stacked row-wise; network g owns rows offsets[g]:offsets[g+1]."""

    W0: torch.Tensor  # (P, d)
    a: torch.Tensor  # (P,)
    widths: list[int]

    @property
    def offsets(self) -> list[int]:
        return [0, *np.cumsum(self.widths).tolist()]

    @property
    def group(self) -> torch.Tensor:
        return torch.repeat_interleave(
            torch.arange(len(self.widths), device=self.W0.device),
            torch.tensor(self.widths, device=self.W0.device),
        )

    def readout(self) -> torch.Tensor:
        """(P, G) matrix C with C[r, g(r)] = a_r / sqrt(m_g): u = phi(Z) @ C."""
        P, G = self.W0.shape[0], len(self.widths)
        scale = torch.tensor([1.0 / np.sqrt(m) for m in self.widths], dtype=self.a.dtype, device=self.a.device)
        C = torch.zeros((P, G), dtype=self.a.dtype, device=self.a.device)
        g = self.group
        C[torch.arange(P, device=self.a.device), g] = self.a * scale[g]
        return C


def network_outputs(X: torch.Tensor, W: torch.Tensor, bank: NeuronBank, activation: str) -> torch.Tensor:
    """u (n, G): the output of every network of the bank on every input."""
    return get_activation(activation).phi(X @ W.T) @ bank.readout()


def gradient(X, y, W, bank: NeuronBank, activation: str) -> torch.Tensor:
    """dL/dW for every network at once (Du et al. eq. 4, generalised to phi')."""
    act = get_activation(activation)
    C = bank.readout()
    Z = X @ W.T
    e = act.phi(Z) @ C - y[:, None]
    return (act.dphi(Z) * (e @ C.T)).T @ X


def train_fixed_output(
    X: torch.Tensor,
    y: torch.Tensor,
    bank: NeuronBank,
    activation: str,
    eta: float,
    steps: int,
    track_movement: bool = True,
    progress_label: str | None = None,
) -> dict[str, np.ndarray]:
    """Run ``steps`` GD updates and log metrics at k = 0..steps for every network.

    Returns numpy arrays indexed [k, g]:
      loss                     1/2 ||u(k) - y||^2 (accumulated in float64)
      pattern_change_fraction  share of the m*n patterns with sign(w_r(k).x_i) != sign(w_r(0).x_i)
      max_distance             max_r ||w_r(k) - w_r(0)||
      flip_violations          flipped patterns with |w_r(0).x_i| > ||w_r(k) - w_r(0)|| (beyond round-off);
                               zero is implied by ||x_i|| = 1 (Lemma 3.2's argument)
    and W_final (P, d) as a tensor.
    """
    act = get_activation(activation)
    device, dtype = bank.W0.device, bank.W0.dtype
    G = len(bank.widths)
    C = bank.readout()
    group = bank.group
    widths = torch.tensor(bank.widths, dtype=torch.float64, device=device)
    n = X.shape[0]
    one_hot = torch.zeros((bank.W0.shape[0], G), dtype=dtype, device=device)
    one_hot[torch.arange(bank.W0.shape[0], device=device), group] = 1

    W = bank.W0.clone()
    Z0 = X @ W.T
    S0 = Z0 >= 0
    abs_Z0 = Z0.abs()
    # Round-off of a float matrix product w.x with ||x|| = 1: a few ulps of ||w||.
    slack = 16 * torch.finfo(dtype).eps * torch.linalg.vector_norm(bank.W0, dim=1)

    out = {key: np.zeros((steps + 1, G)) for key in ("loss", "pattern_change_fraction", "max_distance", "flip_violations")}
    bar = ProgressLine(progress_label, steps) if progress_label else None
    Z = Z0
    for k in range(steps + 1):
        e = act.phi(Z) @ C - y[:, None]
        out["loss"][k] = (0.5 * (e.to(torch.float64) ** 2).sum(0)).cpu().numpy()
        if track_movement:
            flipped = (Z >= 0) != S0
            flips_per_neuron = flipped.sum(0).to(dtype)
            out["pattern_change_fraction"][k] = (
                (flips_per_neuron @ one_hot).to(torch.float64) / (widths * n)
            ).cpu().numpy()
            dist = torch.linalg.vector_norm(W - bank.W0, dim=1)
            out["max_distance"][k] = (
                torch.zeros(G, dtype=dtype, device=device)
                .scatter_reduce(0, group, dist, reduce="amax", include_self=False)
                .cpu()
                .numpy()
            )
            bad = flipped & (abs_Z0 > dist * (1 + 1e-5) + slack)
            out["flip_violations"][k] = (bad.sum(0).to(dtype) @ one_hot).cpu().numpy()
        if k == steps:
            break
        W -= eta * ((act.dphi(Z) * (e @ C.T)).T @ X)
        Z = X @ W.T
        if bar:
            bar.update(k + 1)
    out["W_final"] = W
    return out
