import numpy as np
import pytest
import torch

from overparam.data import gaussian_labels, uniform_sphere
from overparam.gram import gram_matrix
from overparam.papers.du2019 import compute as du2019
from overparam.seeding import rng
from overparam.activations import activation
from overparam.network import NeuronBank
from overparam.training import gradient, train_fixed_output

RELU = activation("relu")


def network_outputs(X, W, bank, act):
    return bank.outputs(X, W, activation(act))


def problem(n=10, d=6, widths=(7, 13), seed=0, dtype=torch.float64, name="relu"):
    g = rng(seed, "training-test")
    X = torch.from_numpy(uniform_sphere(g, n, d)).to(dtype)
    y = torch.from_numpy(gaussian_labels(g, n)).to(dtype)
    P = sum(widths)
    W0 = torch.from_numpy(g.standard_normal((P, d))).to(dtype)
    a = torch.from_numpy(g.choice([-1.0, 1.0], P)).to(dtype)
    return X, y, NeuronBank(W0, a, list(widths))


@pytest.mark.parametrize("name", ["relu", "tanh", "softplus", "elu"])
def test_hand_gradient_matches_autograd(name):
    X, y, bank = problem(name=name)
    W = bank.W0.clone().requires_grad_(True)
    loss = 0.5 * ((network_outputs(X, W, bank, name) - y[:, None]) ** 2).sum()
    (auto,) = torch.autograd.grad(loss, W)
    torch.testing.assert_close(gradient(X, y, bank.W0, bank, activation(name)), auto, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["relu", "elu", "tanh", "swish", "softplus", "quadratic"])
def test_engine_step_matches_autograd(name):
    # The engine's own update (not only gradient()) is W - eta * dL/dW.
    X, y, bank = problem(widths=(7, 13))
    W = bank.W0.clone().requires_grad_(True)
    loss = 0.5 * ((network_outputs(X, W, bank, name) - y[:, None]) ** 2).sum()
    (auto,) = torch.autograd.grad(loss, W)
    out = train_fixed_output(X, y, bank, activation(name), 0.05, 1)
    torch.testing.assert_close(out["W_final"], bank.W0 - 0.05 * auto, rtol=1e-10, atol=1e-12)


def test_batching_is_exact():
    # A width trained inside a bank follows the same path as trained alone.
    X, y, bank = problem(widths=(7, 13, 29))
    together = train_fixed_output(X, y, bank, RELU, 0.1, 20)
    lo, hi = 7, 20
    alone = train_fixed_output(X, y, NeuronBank(bank.W0[lo:hi], bank.a[lo:hi], [13]), RELU, 0.1, 20)
    for key in ("loss", "pattern_change_fraction", "max_distance"):
        np.testing.assert_allclose(together[key][:, 1], alone[key][:, 0], rtol=1e-10, atol=1e-12)


def test_first_step_follows_gram_matrix():
    # u(1) - u(0) = -eta H(0) (u(0) - y) + O(eta^2)  (Du et al. eqs. 5-7).
    X, y, bank = problem(n=8, d=5, widths=(4000,))
    eta = 1e-4
    u0 = network_outputs(X, bank.W0, bank, RELU)[:, 0]
    W1 = bank.W0 - eta * gradient(X, y, bank.W0, bank, RELU)
    u1 = network_outputs(X, W1, bank, RELU)[:, 0]
    H0 = gram_matrix(X, bank.W0, bank.a, RELU)
    predicted = -eta * H0 @ (u0 - y)
    assert torch.linalg.vector_norm(u1 - u0 - predicted) < 1e-3 * torch.linalg.vector_norm(predicted)


def test_expected_initial_loss():
    # E_init L(0) = 1/2 (||y||^2 + n/2) for ReLU with a ~ unif{-1, 1} (du2019 spec, section 4, check 5).
    n, d, m, inits = 50, 50, 200, 2000
    g = rng(7, "initial-loss")
    X = torch.from_numpy(uniform_sphere(g, n, d))
    y = torch.from_numpy(gaussian_labels(g, n))
    W0 = torch.from_numpy(g.standard_normal((m * inits, d)))
    a = torch.from_numpy(g.choice([-1.0, 1.0], m * inits))
    u = network_outputs(X, W0, NeuronBank(W0, a, [m] * inits), RELU)
    mean_loss = (0.5 * ((u - y[:, None]) ** 2).sum(0)).mean().item()
    assert mean_loss == pytest.approx(0.5 * (y @ y).item() + n / 4, rel=0.05)


def test_metrics_start_at_zero_and_patterns_bound_movement():
    X, y, bank = problem(widths=(5, 50), dtype=torch.float32)
    out = train_fixed_output(X, y, bank, RELU, 0.1, 30)
    assert np.all(out["pattern_change_fraction"][0] == 0) and np.all(out["max_distance"][0] == 0)
    assert np.all((out["pattern_change_fraction"] >= 0) & (out["pattern_change_fraction"] <= 1))
    assert out["flip_violations"].sum() == 0
    assert np.all(np.diff(out["max_distance"], axis=0) >= -1e-6)


def test_movement_metrics_are_those_of_the_weights_at_each_step():
    # The engine reuses its step buffers (the masks, W - W0 and the gradient, the error): every logged metric must
    # still be that of W(k), recomputed here from the weights alone.
    X, y, bank = problem(widths=(5, 50))
    seen = []
    out = train_fixed_output(X, y, bank, RELU, 0.1, 12, observe=lambda k, W, Z, e: seen.append(W[0].clone()))
    assert len(seen) == 13
    S0 = (bank.W0 @ X.T) >= 0
    for k, W in enumerate(seen):
        flipped = ((W @ X.T) >= 0) != S0
        dist = torch.linalg.vector_norm(W - bank.W0, dim=-1)
        u = network_outputs(X, W, bank, "relu")
        for g, (lo, hi) in enumerate(zip(bank.offsets[:-1], bank.offsets[1:])):
            assert out["pattern_change_fraction"][k, g] == pytest.approx(flipped[lo:hi].double().mean().item())
            assert out["max_distance"][k, g] == pytest.approx(dist[lo:hi].max().item(), rel=1e-12)
            assert out["loss"][k, g] == pytest.approx(0.5 * ((u[:, g] - y) ** 2).sum().item(), rel=1e-12)
    assert out["pattern_change_fraction"][-1].max() > 0  # the run moved patterns: the check above is not vacuous


def test_run_seeds_is_deterministic_and_streams_are_independent():
    cfg = dict(seed=11, n=12, d=8, widths=[8, 16], small_widths=[4], eta=0.1, steps=5, seeds=2, figure_seed=0,
               activation="relu", output_weights="rademacher")
    cpu = torch.device("cpu")
    first = du2019.run_seeds(cfg, [0, 1], cpu, progress=False)
    second = du2019.run_seeds(cfg, [0, 1], cpu, progress=False)
    for seed in (0, 1):
        for key in first[seed]:
            np.testing.assert_array_equal(first[seed][key], second[seed][key])
    # Adding a width or training a seed alone leaves the other runs unchanged (up to float round-off).
    more = du2019.run_seeds({**cfg, "widths": [8, 16, 32]}, [0, 1], cpu, progress=False)
    alone = du2019.run_seeds(cfg, [1], cpu, progress=False)
    np.testing.assert_allclose(first[1]["loss"], alone[1]["loss"], rtol=1e-5)
    np.testing.assert_allclose(first[0]["loss"], more[0]["loss"][:, :3], rtol=1e-5)


def test_seed_batch_matches_separate_runs():
    X1, y1, bank1 = problem(seed=1, widths=(7, 13))
    X2, y2, bank2 = problem(seed=2, widths=(7, 13))
    batch = NeuronBank(torch.stack([bank1.W0, bank2.W0]), torch.stack([bank1.a, bank2.a]), [7, 13])
    together = train_fixed_output(torch.stack([X1, X2]), torch.stack([y1, y2]), batch, RELU, 0.1, 15)
    for b, (X, y, bank) in enumerate([(X1, y1, bank1), (X2, y2, bank2)]):
        alone = train_fixed_output(X, y, bank, RELU, 0.1, 15)
        for key in ("loss", "pattern_change_fraction", "max_distance"):
            np.testing.assert_allclose(together[key][:, b], alone[key], rtol=1e-10, atol=1e-12)


def test_divergence_is_recorded_and_isolated():
    # A width of 2 with a huge step overflows; the other network in the bank must not be affected.
    X, y, bank = problem(widths=(2, 40), dtype=torch.float32)
    bank.W0[:2] *= 1e18
    out = train_fixed_output(X, y, bank, activation("quadratic"), 0.01, 10)
    assert out["first_nonfinite_step"][0] >= 0 and out["first_nonfinite_step"][1] == -1
    k = out["first_nonfinite_step"][0]
    assert np.all(np.isnan(out["loss"][k:, 0])) and np.all(np.isfinite(out["loss"][:k, 0]))
    alone = train_fixed_output(X, y, NeuronBank(bank.W0[2:], bank.a[2:], [40]), activation("quadratic"), 0.01, 10)
    assert np.all(np.isfinite(alone["loss"]))
    np.testing.assert_allclose(out["loss"][:, 1], alone["loss"][:, 0], rtol=1e-6)
    # Both diverging: each is flagged on its own, nothing is silently frozen.
    both = train_fixed_output(X, y, bank, activation("quadratic"), 10.0, 10)
    assert np.all(both["first_nonfinite_step"] >= 0)


def test_kernel_regime_loss_matches_iterating_the_linear_map():
    from overparam.training import kernel_regime_loss

    g = np.random.default_rng(0)
    A = g.standard_normal((6, 6))
    G = A @ A.T / 6
    r0 = g.standard_normal(6)
    eta, r, expected = 0.1, r0.copy(), []
    for _ in range(20):
        expected.append(0.5 * r @ r)
        r = r - eta * G @ r
    np.testing.assert_allclose(kernel_regime_loss(G, r0, eta, np.arange(20)), expected, rtol=1e-12)


def test_observe_sees_every_step_without_changing_the_run():
    # The hook gets W(k), Z = W X^T and e = u - y at k = 0..steps, before the update.
    X, y, bank = problem(widths=(7, 13), name="softplus")
    seen = []
    observed = train_fixed_output(X, y, bank, activation("softplus"), 0.05, 6,
                                  observe=lambda k, W, Z, e: seen.append((k, W.clone(), Z.clone(), e.clone())))
    plain = train_fixed_output(X, y, bank, activation("softplus"), 0.05, 6)
    np.testing.assert_array_equal(observed["loss"], plain["loss"])
    assert [k for k, *_ in seen] == list(range(7))
    for k, W, Z, e in seen:
        torch.testing.assert_close(Z, W @ X.T[None], rtol=0, atol=0)
        np.testing.assert_allclose(0.5 * (e[0] ** 2).sum(0).numpy(), observed["loss"][k], rtol=1e-12)
    torch.testing.assert_close(seen[0][1][0], bank.W0, rtol=0, atol=0)
