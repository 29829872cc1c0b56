"""Data generators. All return float64 numpy arrays; callers cast for training."""
from __future__ import annotations

import numpy as np


def uniform_sphere(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """n points uniform on the unit sphere S^{d-1}: normalised Gaussian vectors."""
    if n < 1 or d < 1:
        raise ValueError(f"need n >= 1 and d >= 1, got n={n}, d={d}")
    g = rng.standard_normal((n, d))
    return g / np.linalg.norm(g, axis=1, keepdims=True)


def gaussian_labels(rng: np.random.Generator, n: int) -> np.ndarray:
    """Labels y_i ~ N(0, 1), independent of the inputs (pure-noise labels)."""
    return rng.standard_normal(n)
