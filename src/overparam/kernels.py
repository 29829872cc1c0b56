"""Infinite-width kernels in float64.

kappa(rho) = E[phi'(u) phi'(v)] for standard normals u, v with correlation rho.
For unit-norm data the infinite-width Gram matrix (Du et al.'s H^inf,
Panigrahi et al.'s G^inf with E a^2 = 1) is G^inf_ij = rho_ij * kappa(rho_ij).

Methods, one per activation class (specs: panigrahi2020 section 1.5, das2019 section 4):
- ReLU: closed form (pi - arccos rho) / (2 pi).
- ELU (alpha = 1): closed form with the bivariate normal CDF.
- quadratic: phi' = 2z, so kappa = 4 rho.
- smooth activations (tanh, swish, softplus, shifted_softplus, gelu): Mehler/Hermite series
  sum_k b_k^2 rho^k, b_k = E[phi'(g) h_k(g)] by Gauss-Hermite quadrature; rows of any norm use
  sum_k b_k(|x_p|) b_k(|x_q|) rho^k (das2019 spec, section 4, method A).
- g_infinity_quadrature: an independent check (method B), tensor Gauss-Hermite in two dimensions,
  one entry at a time.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import torch
from scipy.special import roots_hermitenorm

from .activations import Activation, scaled
from .gaussian import BVN_BLOCK, bivariate_normal_cdf  # noqa: F401 - re-exported

HERMITE_TERMS = 300  # tail < 1e-14 for tanh, < 1e-26 for swish and softplus (das2019 spec, section 4)
HERMITE_NODES = 400


def _dphi_numpy(act: Activation, x: np.ndarray) -> np.ndarray:
    return act.dphi(torch.from_numpy(np.asarray(x, dtype=np.float64))).numpy()


def _phi_numpy(act: Activation, x: np.ndarray) -> np.ndarray:
    return act.phi(torch.from_numpy(np.asarray(x, dtype=np.float64))).numpy()


@lru_cache(maxsize=64)
def _hermite_table(terms: int, nodes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes, probability weights and orthonormal Hermite values h_k(node) (terms+1 x nodes)."""
    x, w = roots_hermitenorm(nodes)
    w = w / np.sqrt(2 * np.pi)
    h = np.empty((terms + 1, nodes))
    prev, cur = np.zeros(nodes), np.ones(nodes)
    for k in range(terms + 1):
        h[k] = cur
        prev, cur = cur, (x * cur - np.sqrt(k) * prev) / np.sqrt(k + 1)
    return x, w, h


def hermite_coefficients(
    act: Activation, scales=(1.0,), terms: int = HERMITE_TERMS, nodes: int = HERMITE_NODES
) -> np.ndarray:
    """b_k(s) = E[phi'(s g) h_k(g)], g ~ N(0, 1), for each scale s: array (len(scales), terms + 1)."""
    x, w, h = _hermite_table(terms, nodes)
    scales = np.asarray(scales, dtype=np.float64)
    return (_dphi_numpy(act, np.outer(scales, x)) * w) @ h.T


def kappa(act: Activation, rho) -> np.ndarray:
    """E[phi'(u) phi'(v)] for unit-variance Gaussians with correlation rho: the activation's closed form, or
    its Hermite series sum_k b_k^2 rho^k."""
    rho = np.clip(np.asarray(rho, dtype=np.float64), -1.0, 1.0)
    if act.closed_kappa is not None:
        return act.closed_kappa(rho)
    b2 = hermite_coefficients(act)[0] ** 2
    return np.polynomial.polynomial.polyval(rho, b2)


def g_infinity(X: np.ndarray, act: Activation, unit_tol: float = 1e-6) -> np.ndarray:
    """Infinite-width Gram matrix G^inf_ij = <x_i, x_j> E_w[phi'(w.x_i) phi'(w.x_j)], w ~ N(0, I), float64.

    Rows of X may have any norm for ReLU, quadratic and the smooth activations; ELU needs unit norms.
    """
    X = np.asarray(X, dtype=np.float64)
    return g_infinity_from_inner(X @ X.T, act, unit_tol)


def g_infinity_from_inner(inner: np.ndarray, act: Activation, unit_tol: float = 1e-6) -> np.ndarray:
    """G^inf from the data's Gram matrix X X^T (so one product serves several activations)."""
    inner = np.asarray(inner, dtype=np.float64)
    norms = np.sqrt(np.clip(np.diag(inner), 0, None))
    outer = np.outer(norms, norms)
    rho = np.clip(np.divide(inner, outer, out=np.zeros_like(inner), where=outer > 0), -1.0, 1.0)
    unit = np.all(np.abs(norms - 1) <= unit_tol)
    if act.expectation_any_norm is not None:
        expectation = act.expectation_any_norm(inner, rho, outer)
    elif unit:
        # kappa is element-wise and rho symmetric: evaluate the upper triangle only (half of ELU's quadrature)
        upper = np.triu_indices(len(rho))
        expectation = np.empty_like(rho)
        expectation[upper] = kappa(act, rho[upper])
        expectation.T[upper] = expectation[upper]
    elif act.closed_kappa is None:
        b = hermite_coefficients(act, norms)
        expectation = np.zeros_like(inner)
        rho_power = np.ones_like(inner)
        for k in range(b.shape[1]):
            expectation += np.outer(b[:, k], b[:, k]) * rho_power
            rho_power *= rho
    else:
        raise ValueError(f"g_infinity for {act.name!r} needs unit-norm rows")
    G = inner * expectation
    return 0.5 * (G + G.T)


def dphi_second_moment(act: Activation) -> float:
    """E[phi'(z)^2], z ~ N(0, 1): the diagonal of G^inf for unit inputs, and tr(G)/n."""
    return float(kappa(act, 1.0))


def phi_second_moment(act: Activation, scales=(1.0,), nodes: int = HERMITE_NODES) -> np.ndarray:
    """E[phi(s g)^2], g ~ N(0, 1), for each scale s (Gauss-Hermite): Das & Golikov's c3 at s = 1,
    and the expected squared output E u_i(0)^2 of a network at ||x_i|| = s."""
    x, w, _ = _hermite_table(0, nodes)
    scales = np.asarray(scales, dtype=np.float64)
    return (_phi_numpy(act, np.outer(scales, x)) ** 2) @ w


def unit_second_moment(act: Activation) -> Activation:
    """phi / c_phi with c_phi^2 = E[phi(z)^2], z ~ N(0, 1), by Gauss-Hermite quadrature: the activation that
    Panigrahi et al.'s 'c_phi = 1' asks for when read as a normalisation (G and G^inf scale by 1 / c_phi^2)."""
    c = math.sqrt(float(phi_second_moment(act)[0]))
    return scaled(act, 1.0 / c, f"{act.label} / c_phi (c_phi = {c:.4g})")


def g_infinity_quadrature(X: np.ndarray, act: Activation, nodes: int = 128, chunk: int = 32) -> np.ndarray:
    """G^inf by tensor Gauss-Hermite quadrature in two dimensions (das2019 spec, section 4, method B).

    E[phi'(w.x_p) phi'(w.x_q)] = E[phi'(a g1) phi'(b (rho g1 + sqrt(1 - rho^2) g2))] with a = |x_p|,
    b = |x_q|, rho their cosine and g1, g2 independent N(0, 1): a double sum over nodes x nodes points per
    entry. Independent of the Hermite series (no coefficients, no truncation); for smooth activations.
    """
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    inner = X @ X.T
    norms = np.sqrt(np.clip(np.diag(inner), 0, None))
    outer = np.outer(norms, norms)
    rho = np.clip(np.divide(inner, outer, out=np.zeros_like(inner), where=outer > 0), -1.0, 1.0)
    x, w = roots_hermitenorm(nodes)
    w = w / np.sqrt(2 * np.pi)
    rows, cols = np.triu_indices(n)
    expectation = np.empty(rows.size)
    for lo in range(0, rows.size, chunk):
        p, q = rows[lo : lo + chunk], cols[lo : lo + chunk]
        a, b, r = norms[p], norms[q], rho[p, q]
        first = _dphi_numpy(act, a[:, None] * x[None, :]) * w  # (pairs, i)
        second = _dphi_numpy(act, b[:, None, None] * (r[:, None, None] * x[None, :, None]
                                                       + np.sqrt(1 - r * r)[:, None, None] * x[None, None, :]))
        expectation[lo : lo + chunk] = np.einsum("pi,pij,j->p", first, second, w)
    E = np.zeros((n, n))
    E[rows, cols] = expectation
    E[cols, rows] = expectation
    return inner * E
