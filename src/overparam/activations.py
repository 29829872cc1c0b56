"""Activations: each is one object carrying its function and derivatives, its label, its parity and its kernel.

phi, phi', phi'' are torch functions: each takes and returns a tensor of the same dtype and device. The
derivative conventions are the papers': ReLU'(0) = 1 (Du et al. eq. 4 uses the indicator of w^T x >= 0), ELU
has alpha = 1, swish has beta = 1 (= SiLU), GELU is the exact z Phi(z) (not the tanh approximation), and
shifted_softplus is ln(1 + e^{z+1}), softplus with a fixed bias of 1 (das2019 spec, section 1.4).

The kernel kappa(rho) = E[phi'(u) phi'(v)] has a closed form for ReLU, ELU and the quadratic
(``closed_kappa``, numpy); every other activation goes the Hermite-series route of ``overparam.kernels``.
Configs name activations; compute code looks the name up once (``activation(name)``) and passes the object.

Importing this module does not import torch (table, claim and plot jobs read labels and parities): torch is
loaded when a function is first called.
"""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
from scipy.special import ndtr

from .gaussian import bivariate_normal_cdf


class _Torch:
    """torch, imported on first use: the activations' facts are read by jobs that never load torch."""

    def __getattr__(self, name):
        return getattr(importlib.import_module("torch"), name)


torch = _Torch()
Fn = Callable  # torch.Tensor -> torch.Tensor


@dataclass(frozen=True)
class Activation:
    name: str  # as in the configs
    label: str  # as figures show it
    phi: Fn
    dphi: Fn
    d2phi: Fn
    # "odd": phi(-z) = -phi(z); "odd_plus_linear": phi(z) - z/2 is even (softplus, GELU, swish: phi(z) - phi(-z)
    # = z), so E[phi(w.x) (paired terms)] cancel as in Das & Golikov's counterexample; "none" otherwise.
    parity: Literal["odd", "odd_plus_linear", "none"]
    # kappa(rho) in closed form (numpy), or None: the Hermite series of overparam.kernels
    closed_kappa: Callable[[np.ndarray], np.ndarray] | None = None
    # E_w[phi'(w.x_i) phi'(w.x_j)] from (X X^T, rho, ||x_i|| ||x_j||) for rows of any norm, where phi' makes that
    # exact in closed form (ReLU: phi' is scale invariant; quadratic: phi' is linear); None: unit rows or Hermite
    expectation_any_norm: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None
    # phi'(z) is the indicator 1{z >= 0} (ReLU): code that computes that mask anyway can reuse it as phi'
    dphi_is_indicator: bool = False
    # phi by a cheaper formula whose error is at most a few float32 ulps of max(1, |phi|) (absolute, not relative,
    # where phi is tiny): for float32 engines whose sums round at that level anyway; None: phi itself
    phi_float32: Fn | None = None

    @property
    def kernel_method(self) -> str:
        return "closed form" if self.closed_kappa is not None else "Hermite series"

    def __repr__(self):
        return f"Activation({self.name!r})"


def _relu(z):
    return torch.clamp_min(z, 0)


def _relu_d(z):
    # The comparison written straight into a float tensor: the same 0/1 values, ~11x faster on CPU than a bool
    # mask and its conversion (a bool result then .to(dtype) is two passes and a byte buffer).
    return torch.ge(z, 0, out=torch.empty_like(z))


def _elu(z):
    return torch.where(z >= 0, z, torch.expm1(torch.clamp_max(z, 0)))


def _elu_d(z):
    return torch.where(z >= 0, torch.ones_like(z), torch.exp(torch.clamp_max(z, 0)))


def _elu_d2(z):
    return torch.where(z >= 0, torch.zeros_like(z), torch.exp(torch.clamp_max(z, 0)))


def _tanh_d(z):
    t = torch.tanh(z)
    return 1 - t * t


def _tanh_d2(z):
    t = torch.tanh(z)
    return -2 * t * (1 - t * t)


def _swish(z):
    return z * torch.sigmoid(z)


def _swish_d(z):
    s = torch.sigmoid(z)
    return s * (1 + z * (1 - s))


def _swish_d2(z):
    s = torch.sigmoid(z)
    return s * (1 - s) * (2 + z * (1 - 2 * s))


def _softplus(z):
    # Not F.softplus: it switches to the identity above 20, which costs ~2e-9.
    return torch.logaddexp(z, torch.zeros_like(z))


def _softplus_float32(z):
    # max(z, 0) + log(1 + e^-|z|): one exp and one log, ~1.7x faster than logaddexp on CPU. log(1 + e) instead
    # of log1p(e) (itself as slow as logaddexp) errs by at most one float32 ulp of 1 where e^-|z| is tiny.
    return torch.exp(-torch.abs(z)).add_(1).log_().add_(torch.clamp_min(z, 0))


def _softplus_d2(z):
    s = torch.sigmoid(z)
    return s * (1 - s)


def _shifted_softplus(z):
    return _softplus(z + 1)


def _shifted_softplus_d(z):
    return torch.sigmoid(z + 1)


def _shifted_softplus_d2(z):
    return _softplus_d2(z + 1)


_INV_SQRT_2PI = 1.0 / math.sqrt(2 * math.pi)


def _normal_pdf(z):
    return torch.exp(-0.5 * z * z) * _INV_SQRT_2PI


def _gelu(z):
    return z * torch.special.ndtr(z)


def _gelu_d(z):
    return torch.special.ndtr(z) + z * _normal_pdf(z)


def _gelu_d2(z):
    return _normal_pdf(z) * (2 - z * z)


def _relu_d2(z):
    return torch.zeros_like(z)


def _tanh(z):
    return torch.tanh(z)


def _softplus_d(z):
    return torch.sigmoid(z)


def _quadratic(z):
    return z * z


def _quadratic_d(z):
    return 2 * z


def _quadratic_d2(z):
    return torch.full_like(z, 2.0)


# ---------------------------------------------------------------- closed-form kernels (numpy, float64)


def _kappa_relu(rho: np.ndarray) -> np.ndarray:
    return (np.pi - np.arccos(rho)) / (2 * np.pi)


def _kappa_elu(rho: np.ndarray) -> np.ndarray:
    # E[phi'(u)phi'(v)] with phi'(z) = 1{z>=0} + e^z 1{z<0} (panigrahi2020 spec, section 1.5).
    return (
        0.25
        + np.arcsin(rho) / (2 * np.pi)
        + 2 * np.sqrt(np.e) * (ndtr(-1.0) - bivariate_normal_cdf(-1.0, -rho, rho))
        + np.exp(1 + rho) * bivariate_normal_cdf(-(1 + rho), -(1 + rho), rho)
    )


def _kappa_quadratic(rho: np.ndarray) -> np.ndarray:
    return 4.0 * rho  # phi' = 2z


def _relu_expectation(inner: np.ndarray, rho: np.ndarray, outer: np.ndarray) -> np.ndarray:
    # phi' is scale invariant: kappa(rho) for nonzero rows; a zero row has no rho and G = 0 there anyway
    expectation = _kappa_relu(rho)
    return np.where(outer > 0, expectation, 0.5 * (outer > 0))


def _quadratic_expectation(inner: np.ndarray, rho: np.ndarray, outer: np.ndarray) -> np.ndarray:
    return 4.0 * inner  # E[(2 w.x_i)(2 w.x_j)]


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("relu", "ReLU", _relu, _relu_d, _relu_d2, "none", _kappa_relu, _relu_expectation,
                   dphi_is_indicator=True),
        Activation("elu", "ELU", _elu, _elu_d, _elu_d2, "none", _kappa_elu),
        Activation("tanh", "tanh", _tanh, _tanh_d, _tanh_d2, "odd"),
        Activation("swish", "swish (SiLU)", _swish, _swish_d, _swish_d2, "odd_plus_linear"),
        Activation("softplus", "softplus", _softplus, _softplus_d, _softplus_d2, "odd_plus_linear",
                   phi_float32=_softplus_float32),
        Activation("shifted_softplus", "softplus(z + 1)", _shifted_softplus, _shifted_softplus_d,
                   _shifted_softplus_d2, "none"),
        Activation("gelu", "GELU", _gelu, _gelu_d, _gelu_d2, "odd_plus_linear"),
        Activation("quadratic", "quadratic", _quadratic, _quadratic_d, _quadratic_d2, "none", _kappa_quadratic,
                   _quadratic_expectation),
    ]
}


def scaled(act: Activation, factor: float, label: str | None = None) -> Activation:
    """factor * phi under the same name (claims find activations by name): phi, phi', phi'' and the kernel scale
    with it (G and G^inf by factor^2). phi' is no longer an indicator, so no engine shortcut applies."""
    s = float(factor)
    closed = None if act.closed_kappa is None else (lambda rho, k=act.closed_kappa: s * s * k(rho))
    any_norm = None if act.expectation_any_norm is None else (
        lambda inner, rho, outer, e=act.expectation_any_norm: s * s * e(inner, rho, outer))
    return Activation(act.name, label or f"{s:.4g} {act.label}", lambda z: s * act.phi(z), lambda z: s * act.dphi(z),
                      lambda z: s * act.d2phi(z), act.parity, closed, any_norm, dphi_is_indicator=False)


def activation(name: str) -> Activation:
    """The activation a config names (the one lookup: code passes the object on)."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)}") from None
