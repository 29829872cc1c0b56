"""Initial weights of two-layer networks, drawn with numpy on the host (CPU and GPU runs start from the same
numbers). The one place for them in the library; no torch, so tables and claims may redraw them.
"""
from __future__ import annotations

import numpy as np

OUTPUT_WEIGHTS = ("rademacher", "gaussian")


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
