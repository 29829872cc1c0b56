"""Initial weights of two-layer networks, drawn with numpy on the host (CPU and GPU runs start from the same
numbers). The one place for them in the library; no torch, so tables and claims may redraw them.
"""
from __future__ import annotations

import math

import numpy as np

OUTPUT_WEIGHTS = ("rademacher", "gaussian")
CLASSIFIER_PARAMETRIZATIONS = ("standard_fanin", "dzps")


def init_fixed_output(g: np.random.Generator, m: int, d: int, output_weights: str,
                      dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    """(W (m, d), a (m,)): w_r ~ N(0, I_d), then a_r uniform on {-1, +1} ("rademacher") or N(0, 1) ("gaussian")."""
    W = g.standard_normal((m, d), dtype=dtype)
    if output_weights == "rademacher":
        a = g.choice(np.array([-1.0, 1.0], dtype=dtype), size=m)
    elif output_weights == "gaussian":
        a = g.standard_normal(m, dtype=dtype)
    else:
        raise ValueError(f"output_weights must be one of {OUTPUT_WEIGHTS}, got {output_weights!r}")
    return W, a


def init_network(param: str, m: int, d: int, classes: int, g: np.random.Generator) -> dict[str, np.ndarray]:
    """A two-layer classifier with both layers trained (``overparam.sgd``), float32, in this draw order:
    standard_fanin (Panigrahi et al. App. D Init(fanin)): W ~ N(0, I/d), then b ~ N(0, 0.1^2), then A ~ N(0, 1/m),
    F = phi(Wx + b) A; dzps (App. M.3): W ~ N(0, I), then A ~ N(0, 1), F = phi(Wx) A / sqrt(m), no bias."""
    if param == "standard_fanin":
        return {"W": g.standard_normal((m, d), dtype=np.float32) / np.float32(math.sqrt(d)),
                "b": 0.1 * g.standard_normal(m, dtype=np.float32),
                "A": g.standard_normal((m, classes), dtype=np.float32) / np.float32(math.sqrt(m))}
    if param == "dzps":
        return {"W": g.standard_normal((m, d), dtype=np.float32),
                "A": g.standard_normal((m, classes), dtype=np.float32)}
    raise ValueError(f"parametrization must be one of {CLASSIFIER_PARAMETRIZATIONS}, got {param!r}")
