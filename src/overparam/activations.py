"""Activation registry: name -> phi, phi', phi'' as torch functions.

Every function takes and returns a tensor of the same dtype and device. The
derivative conventions are the papers': ReLU'(0) = 1 (Du et al. eq. 4 uses
the indicator of w^T x >= 0), ELU has alpha = 1, swish has beta = 1 (= SiLU),
GELU is the exact z Phi(z) (not the tanh approximation), and shifted_softplus is
ln(1 + e^{z+1}), softplus with a fixed bias of 1 (das2019 spec, section 1.4).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import math

import torch

Fn = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Activation:
    name: str
    phi: Fn
    dphi: Fn
    d2phi: Fn
    # Smooth activations get their kernel from a Hermite series; the others
    # have a closed form in overparam.kernels.
    smooth: bool


def _relu(z):
    return torch.clamp_min(z, 0)


def _relu_d(z):
    return (z >= 0).to(z.dtype)


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


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation("relu", _relu, _relu_d, torch.zeros_like, smooth=False),
        Activation("elu", _elu, _elu_d, _elu_d2, smooth=False),
        Activation("tanh", torch.tanh, _tanh_d, _tanh_d2, smooth=True),
        Activation("swish", _swish, _swish_d, _swish_d2, smooth=True),
        Activation("softplus", _softplus, torch.sigmoid, _softplus_d2, smooth=True),
        Activation("shifted_softplus", _shifted_softplus, _shifted_softplus_d, _shifted_softplus_d2, smooth=True),
        Activation("gelu", _gelu, _gelu_d, _gelu_d2, smooth=True),
        Activation("quadratic", lambda z: z * z, lambda z: 2 * z, lambda z: torch.full_like(z, 2.0), smooth=False),
    ]
}


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)}") from None
