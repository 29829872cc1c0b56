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


def circle_angles(n: int, arc: str) -> np.ndarray:
    """n equally spaced angles: theta_i = pi i / n on the half circle, 2 pi i / n on the full circle.

    The full circle with even n has antipodal pairs (x_{i+n/2} = -x_i), which make G exactly singular
    for ReLU, swish, tanh and quadratic at every width (panigrahi2020 spec, section 2).
    """
    if arc == "half":
        return np.pi * np.arange(n) / n
    if arc == "full":
        return 2 * np.pi * np.arange(n) / n
    raise ValueError(f"arc must be 'half' or 'full', got {arc!r}")


def lifted_circle(rng: np.random.Generator, n: int, d: int, arc: str) -> np.ndarray:
    """n equally spaced points on S^1, lifted to S^{d-1} by a Haar-random orthonormal d x 2 frame Q.

    Inner products (and so every kernel and the whole GD trajectory) do not depend on Q.
    """
    if d < 2:
        raise ValueError(f"the lift needs d >= 2, got d={d}")
    Q, _ = np.linalg.qr(rng.standard_normal((d, 2)))
    theta = circle_angles(n, arc)
    return np.stack([np.cos(theta), np.sin(theta)], axis=1) @ Q.T


def rademacher_labels(rng: np.random.Generator, n: int) -> np.ndarray:
    """Labels uniform on {-1, +1}."""
    return rng.choice(np.array([-1.0, 1.0]), size=n)


def section2_preprocess(X: np.ndarray) -> np.ndarray:
    """Panigrahi et al.'s Section-2 preprocessing, giving unit-norm rows of dimension D + 2.

    One global scale s = 1 / (sqrt(2) max_i ||x_i||) (a per-sample scale would make the added coordinate
    0), then the coordinate e_i = sqrt(1/2 - ||s x_i||^2) that completes the norm to 1/sqrt(2), then the
    constant 1/sqrt(2) (spec panigrahi2020.md, section 1.3). float64.
    """
    X = np.asarray(X, dtype=np.float64)
    norms = np.linalg.norm(X, axis=1)
    if X.ndim != 2 or len(X) == 0 or not np.all(np.isfinite(X)) or norms.max() == 0:
        raise ValueError("section2_preprocess needs a non-empty, finite, non-zero (n, D) array")
    scaled = X / (np.sqrt(2.0) * norms.max())
    completing = np.sqrt(np.clip(0.5 - np.sum(scaled**2, axis=1), 0.0, None))
    constant = np.full(len(X), np.sqrt(0.5))
    return np.column_stack([scaled, completing, constant])
