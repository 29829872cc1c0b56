"""Initial weights of two-layer networks, drawn with numpy on the host (CPU and GPU runs start from the same
numbers). The one place for them in the library; no torch, so tables and claims may redraw them.
"""
from __future__ import annotations

import math

import numpy as np

OUTPUT_WEIGHTS = ("rademacher", "gaussian")
CLASSIFIER_PARAMETRIZATIONS = ("unit_fanin", "standard_fanin", "dzps", "pytorch_default")


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

    - unit_fanin: W ~ N(0, I_d), then A ~ N(0, 1/m); F = phi(W x) A, no bias. The fan-in rule Var(w.x) = 1
      for unit-norm inputs (App. D's 1/d assumes coordinates of unit size, ||x||^2 ~ d); on Section 2's
      preprocessed rows the constant coordinate 1/sqrt(2) gives every neuron an offset, as a bias would. At
      initialisation the same function, and the same G-matrix (eq. 2), as dzps.
    - standard_fanin (Panigrahi et al. App. D Init(fanin), literally): W ~ N(0, I/d), then b ~ N(0, 0.1^2), then
      A ~ N(0, 1/m); F = phi(W x + b) A. On unit-norm inputs its pre-activations w.x have std 1/sqrt(d).
    - dzps (App. M.3): W ~ N(0, I), then A ~ N(0, 1); F = phi(W x) A / sqrt(m), no bias.
    - pytorch_default (torch.nn.Linear's own initialisation, a reader who writes nn.Linear(d, m), nn.Linear(m, C)):
      W ~ U(-1/sqrt(d), 1/sqrt(d)), then b ~ U(-1/sqrt(d), 1/sqrt(d)), then A ~ U(-1/sqrt(m), 1/sqrt(m));
      F = phi(W x + b) A (the second layer's bias is left out: the engine has none). On unit-norm inputs w.x + b
      has variance 2/(3d).
    """
    if param == "unit_fanin":
        return {"W": g.standard_normal((m, d), dtype=np.float32),
                "A": g.standard_normal((m, classes), dtype=np.float32) / np.float32(math.sqrt(m))}
    if param == "standard_fanin":
        return {"W": g.standard_normal((m, d), dtype=np.float32) / np.float32(math.sqrt(d)),
                "b": 0.1 * g.standard_normal(m, dtype=np.float32),
                "A": g.standard_normal((m, classes), dtype=np.float32) / np.float32(math.sqrt(m))}
    if param == "dzps":
        return {"W": g.standard_normal((m, d), dtype=np.float32),
                "A": g.standard_normal((m, classes), dtype=np.float32)}
    if param == "pytorch_default":
        bound_in, bound_out = np.float32(1 / math.sqrt(d)), np.float32(1 / math.sqrt(m))
        return {"W": g.uniform(-bound_in, bound_in, (m, d)).astype(np.float32),
                "b": g.uniform(-bound_in, bound_in, m).astype(np.float32),
                "A": g.uniform(-bound_out, bound_out, (m, classes)).astype(np.float32)}
    raise ValueError(f"parametrization must be one of {CLASSIFIER_PARAMETRIZATIONS}, got {param!r}")
