"""Finite-width Gram matrix G = (X X^T) * (D^T diag(a^2) D) / m, D_ri = phi'(w_r^T x_i).

Accumulated over chunks of neurons in float64, so an m x n matrix is never
held at once and the spectrum is not limited by float32 round-off.
"""
from __future__ import annotations

import torch

from .activations import Activation

DEFAULT_CHUNK = 8192


def gram_matrix(
    X: torch.Tensor,
    W: torch.Tensor,
    a: torch.Tensor | None,
    act: Activation,
    chunk: int = DEFAULT_CHUNK,
) -> torch.Tensor:
    """G for one network: X (n, d), W (m, d), a (m,) or None for a_r^2 = 1. Returns float64 (n, n).

    The pre-activations are computed in W's dtype (float32 for trained weights);
    the products and the sum are float64.
    """
    dphi = act.dphi
    m = W.shape[0]
    n = X.shape[0]
    Xw = X.to(W.dtype)
    acc = torch.zeros((n, n), dtype=torch.float64, device=W.device)
    for start in range(0, m, chunk):
        D = dphi(Xw @ W[start : start + chunk].T).to(torch.float64)  # (n, chunk)
        if a is None:
            acc += D @ D.T
        else:
            a2 = a[start : start + chunk].to(torch.float64) ** 2
            acc += (D * a2) @ D.T
    X64 = X.to(torch.float64)
    G = (X64 @ X64.T) * acc / m
    return 0.5 * (G + G.T)


def bank_gram_matrices(dphi_Z: torch.Tensor, XX: torch.Tensor, offsets: list[int], widths: list[int]) -> torch.Tensor:
    """G of every network of a neuron bank with a_r^2 = 1, from phi'(Z) that a training step already has:
    dphi_Z (B, P, n) with network g on rows offsets[g]:offsets[g+1], XX = X X^T (B, n, n). Returns (B, G, n, n)
    in dphi_Z's dtype: G_g = (S_g^T S_g / m_g) * X X^T, symmetrised (Das & Golikov's C(t))."""
    blocks = []
    for (lo, hi), m in zip(zip(offsets[:-1], offsets[1:]), widths):
        Sg = dphi_Z[:, lo:hi]
        blocks.append(Sg.transpose(-1, -2) @ Sg / m)
    G = torch.stack(blocks, 1) * XX[:, None]
    return 0.5 * (G + G.transpose(-1, -2))
