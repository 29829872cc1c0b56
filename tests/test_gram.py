import numpy as np
import torch

from overparam.data import uniform_sphere
from overparam.gram import gram_matrix
from overparam.activations import activation
from overparam.kernels import g_infinity

TANH = activation("tanh")
from overparam.seeding import rng


def test_chunked_equals_one_shot():
    g = rng(0, "gram")
    X = torch.from_numpy(uniform_sphere(g, 12, 7))
    W = torch.from_numpy(g.standard_normal((1000, 7)))
    a = torch.from_numpy(g.standard_normal(1000))
    G1 = gram_matrix(X, W, a, TANH, chunk=1000)
    G2 = gram_matrix(X, W, a, TANH, chunk=97)
    torch.testing.assert_close(G1, G2, rtol=1e-12, atol=1e-13)


def test_gram_is_jacobian_product():
    # G = J J^T with J_i = du_i/dvec(W) under the 1/sqrt(m) parametrisation (panigrahi2020 spec, 1.2).
    g = rng(1, "gram")
    n, d, m = 5, 4, 30
    X = torch.from_numpy(uniform_sphere(g, n, d))
    W = torch.from_numpy(g.standard_normal((m, d))).requires_grad_(True)
    a = torch.from_numpy(g.standard_normal(m))
    u = torch.tanh(X @ W.T) @ a / np.sqrt(m)
    J = torch.stack([torch.autograd.grad(u[i], W, retain_graph=True)[0].reshape(-1) for i in range(n)])
    torch.testing.assert_close(gram_matrix(X, W.detach(), a, TANH), J @ J.T, rtol=1e-12, atol=1e-12)


def test_gram_converges_to_infinite_width():
    g = rng(2, "gram")
    X64 = uniform_sphere(g, 20, 20)
    X = torch.from_numpy(X64)
    Ginf = g_infinity(X64, activation("relu"))
    errs = []
    for m in (1000, 16000):
        W = torch.from_numpy(g.standard_normal((m, 20)))
        a = torch.from_numpy(g.choice([-1.0, 1.0], m))
        errs.append(np.linalg.norm(gram_matrix(X, W, a, activation("relu")).numpy() - Ginf, 2))
    assert 2.5 < errs[0] / errs[1] < 6.5  # sqrt(16) = 4 for the 1/sqrt(m) rate
