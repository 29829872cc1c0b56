import numpy as np
import pytest
import torch

from overparam.activations import ACTIVATIONS, activation
from overparam.data import uniform_sphere
from overparam.kernels import bivariate_normal_cdf, dphi_second_moment, g_infinity, hermite_coefficients, kappa
from overparam.seeding import rng

# E phi'(z)^2 from the panigrahi2020 spec's table (section 1.4) and the das2019 spec (softplus).
SECOND_MOMENTS = {"relu": 0.5, "elu": 0.6681, "swish": 0.3795, "tanh": 0.4644, "quadratic": 4.0, "softplus": 0.29338}


def monte_carlo_gram(X, name, samples=1_000_000, seed=0):
    g = torch.Generator().manual_seed(seed)
    Xt = torch.from_numpy(X)
    acc = torch.zeros((X.shape[0], X.shape[0]), dtype=torch.float64)
    dphi = activation(name).dphi
    for _ in range(samples // 100_000):
        W = torch.randn(100_000, X.shape[1], generator=g, dtype=torch.float64)
        D = dphi(Xt @ W.T)
        acc += D @ D.T
    return (Xt @ Xt.T).numpy() * acc.numpy() / samples


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_g_infinity_matches_monte_carlo(name):
    X = uniform_sphere(rng(1, "test"), 6, 10)
    G = g_infinity(X, activation(name))
    scale = dphi_second_moment(activation(name))
    np.testing.assert_allclose(G, monte_carlo_gram(X, name), atol=5e-3 * max(1.0, scale))
    np.testing.assert_allclose(np.diag(G), scale, rtol=1e-10)


@pytest.mark.parametrize("name,value", sorted(SECOND_MOMENTS.items()))
def test_second_moments_match_spec(name, value):
    assert dphi_second_moment(activation(name)) == pytest.approx(value, abs=1e-4)


def test_relu_closed_form_and_lambda0():
    X = uniform_sphere(rng(3, "lambda0"), 200, 200)
    rho = np.clip(X @ X.T, -1, 1)
    G = g_infinity(X, activation("relu"))
    np.testing.assert_allclose(G, rho * (np.pi - np.arccos(rho)) / (2 * np.pi), atol=1e-14)
    lam0 = np.linalg.eigvalsh(G)[0]
    assert 0.23 <= lam0 <= 0.245  # du2019 spec, section 4, check 2


@pytest.mark.parametrize("name", ["tanh", "swish", "softplus"])
def test_hermite_series_matches_2d_quadrature(name):
    # Independent method: tensor Gauss-Hermite in two dimensions (das2019 spec, method B).
    from scipy.special import roots_hermitenorm

    x, w = roots_hermitenorm(120)
    w = w / np.sqrt(2 * np.pi)
    dphi = lambda t: activation(name).dphi(torch.from_numpy(t)).numpy()  # noqa: E731
    for rho in (-0.9, -0.3, 0.0, 0.5, 0.95):
        u = x[:, None]
        v = rho * x[:, None] + np.sqrt(1 - rho**2) * x[None, :]
        quad = float(w @ (dphi(u) * dphi(v)) @ w)
        assert kappa(activation(name), rho) == pytest.approx(quad, abs=1e-10)


def test_hermite_coefficients_match_spec():
    b = hermite_coefficients(activation("softplus"))[0]
    assert b[0] == pytest.approx(0.5, abs=1e-12)
    assert b[1] == pytest.approx(0.2066209641, abs=1e-9)
    assert b[3] == pytest.approx(-0.0254732579, abs=1e-9)
    assert np.max(np.abs(b[2:40:2])) < 1e-12  # even coefficients vanish


def test_non_unit_norms_smooth_activation():
    g = rng(5, "norms")
    X = uniform_sphere(g, 5, 4) * g.uniform(0.3, 1.0, size=(5, 1))
    np.testing.assert_allclose(g_infinity(X, activation("softplus")), monte_carlo_gram(X, "softplus"), atol=3e-3)


def test_bivariate_normal_cdf_against_scipy():
    from scipy.stats import multivariate_normal

    for rho in (-0.95, -0.2, 0.0, 0.6, 0.999):
        for h, k in ((-1.0, 0.3), (0.5, 0.5), (-2.0, -1.0)):
            ref = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf([h, k])
            assert bivariate_normal_cdf(h, k, rho) == pytest.approx(ref, abs=1e-7)


def test_bivariate_normal_cdf_in_blocks_equals_at_once():
    """The blocked evaluation (bounded memory at the paper's n = 10^4) gives the same numbers up to round-off
    (the quadrature's dot products group differently), whatever the block size."""
    g = np.random.default_rng(3)
    rho = np.clip(g.uniform(-1, 1, (37, 29)), -1, 1)
    h, k = g.normal(size=(37, 1)), g.normal(size=(1, 29))
    whole = bivariate_normal_cdf(h, k, rho, block=10**9)
    assert whole.shape == (37, 29)
    for block in (1, 7, 100, 1000):
        np.testing.assert_allclose(bivariate_normal_cdf(h, k, rho, block=block), whole, rtol=1e-13, atol=1e-15)
    assert np.ndim(bivariate_normal_cdf(-1.0, 0.5, 0.3)) == 0
