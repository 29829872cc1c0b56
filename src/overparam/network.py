"""Two-layer networks f(x) = (1/sqrt(m)) sum_r a_r phi(w_r^T x): neuron banks and outputs (torch).

The one place for these in the library; every paper uses them (initial weights: ``overparam.weights``).
- ``NeuronBank``: several networks that share a data set (widths, repeats) as one bank of neurons, stacked
  row-wise, with a (neurons x networks) readout; independent data sets (seeds) are a leading batch axis.
- ``network_outputs``: u(x_i) of one network in float64, summed over chunks of neurons (an m x n float64
  matrix is never held at once); ``NeuronBank.outputs``: every network of a bank through the bank's readout,
  the engine's own form (``overparam.training``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .activations import Activation

@dataclass
class NeuronBank:
    """Neurons of several networks; network g owns rows offsets[g]:offsets[g+1] of W0 (same widths in every batch)."""

    W0: torch.Tensor  # (B, P, d) or (P, d)
    a: torch.Tensor  # (B, P) or (P,)
    widths: list[int]

    @classmethod
    def stack(cls, inits: list[list[tuple[np.ndarray, np.ndarray]]], widths: list[int], device,
              dtype: torch.dtype | None = None) -> NeuronBank:
        """A batched bank from ``inits[b][g] = (W, a)`` of batch entry b (a seed) and network g (a width);
        ``dtype`` None keeps the arrays' own."""
        W0 = torch.from_numpy(np.stack([np.concatenate([w for w, _ in per]) for per in inits]))
        a = torch.from_numpy(np.stack([np.concatenate([a for _, a in per]) for per in inits]))
        to = {"device": device} if dtype is None else {"device": device, "dtype": dtype}
        return cls(W0.to(**to), a.to(**to), list(widths))

    @property
    def offsets(self) -> list[int]:
        return [0, *np.cumsum(self.widths).tolist()]

    @property
    def group(self) -> torch.Tensor:
        return torch.repeat_interleave(
            torch.arange(len(self.widths), device=self.W0.device),
            torch.tensor(self.widths, device=self.W0.device),
        )

    def one_hot(self, dtype=None) -> torch.Tensor:
        """(P, G) membership matrix."""
        P = sum(self.widths)
        E = torch.zeros((P, len(self.widths)), dtype=dtype or self.W0.dtype, device=self.W0.device)
        E[torch.arange(P, device=self.W0.device), self.group] = 1
        return E

    def readout(self) -> torch.Tensor:
        """C with C[..., r, g(r)] = a_r / sqrt(m_g), so that u = phi(Z) @ C; shape (B, P, G) or (P, G)."""
        scale = torch.tensor([1.0 / np.sqrt(m) for m in self.widths], dtype=self.a.dtype, device=self.a.device)
        return self.one_hot(self.a.dtype) * (self.a * scale[self.group])[..., None]

    def outputs(self, X: torch.Tensor, W: torch.Tensor, act: Activation) -> torch.Tensor:
        """u (..., n, G): the output of every network of the bank on every input, through the readout."""
        return act.phi(X @ W.transpose(-1, -2)) @ self.readout()


def network_outputs(X64: torch.Tensor, W: torch.Tensor, a: torch.Tensor, act: Activation,
                    chunk: int = 65536) -> np.ndarray:
    """u(x_i) = (1/sqrt(m)) sum_r a_r phi(w_r^T x_i) of one network, in float64, summed over chunks of neurons."""
    u = torch.zeros(X64.shape[0], dtype=torch.float64, device=X64.device)
    for start in range(0, W.shape[0], chunk):
        Wc = W[start : start + chunk].to(torch.float64)
        u += act.phi(X64 @ Wc.T) @ a[start : start + chunk].to(torch.float64)
    return (u / np.sqrt(W.shape[0])).cpu().numpy()
