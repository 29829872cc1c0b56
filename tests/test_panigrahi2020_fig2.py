"""Panigrahi et al. Figure 2: blockwise distances, covariance spectrum, G spectra, SGD and G(t) along it, and the
claims' verdicts (every paper row flips both ways under a perturbation of synthetic inputs)."""
import copy
import math

import numpy as np
import pandas as pd
import pytest
import torch
from scipy.spatial.distance import pdist

from overparam import cifar10
from overparam.activations import activation
from overparam.kernels import g_infinity
from overparam.papers.panigrahi2020 import claims as C
from overparam.papers.panigrahi2020 import compute_fig2 as fig2
from overparam.papers.panigrahi2020 import plots
from overparam.papers.panigrahi2020 import tables as T
from overparam.seeding import rng
from overparam.sgd import gram_and_loss, logits
from overparam.weights import init_network

CPU = torch.device("cpu")
ACTS = ["relu", "tanh", "swish", "elu"]
CFG = {
    "images": 60, "subset_seed": 0, "histogram_bins": 40,
    "spectra": {"width": 4000, "activations": ACTS},
    "train": {"width": 64, "parametrization": "unit_fanin", "lr": 0.05, "batch_size": 16, "epochs": 4,
              "activations": ACTS, "gram_images": 24},
}


@pytest.fixture(scope="module")
def stand_in():
    images, labels = cifar10.synthetic_images(rng(1, "test"), CFG["images"])
    return fig2.features(images), labels


@pytest.fixture(scope="module")
def results(stand_in):
    X, labels = stand_in
    return (fig2.geometry(X, CFG, CPU), fig2.g_spectra(X, CFG, 3, CPU),
            fig2.train_sgd(X, labels, CFG, 3, CPU, progress=False))


# ---------------------------------------------------------------- (a, b) geometry

def test_blockwise_histogram_matches_all_pairs(stand_in):
    X, _ = stand_in
    out = fig2.distance_histogram(X, 40, CPU, block=7)  # several blocks, the last one partial
    dist = pdist(X)
    np.testing.assert_array_equal(out["counts"], np.histogram(dist, bins=40, range=(0, 1))[0])
    assert int(out["pairs"]) == len(dist) == out["counts"].sum()
    assert int(out["below_delta"]) == int(np.sum(dist < 0.1))
    assert out["min_distance"] == pytest.approx(dist.min(), abs=1e-10)
    assert out["max_distance"] == pytest.approx(dist.max(), abs=1e-10)
    rho = 1 - dist**2 / 2
    assert out["min_a2_separation"] == pytest.approx(np.sqrt(1 - rho**2).min(), abs=1e-7)


def test_distances_above_one_are_counted_not_dropped():
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    out = fig2.distance_histogram(X, 10, CPU, block=2)
    assert int(out["above_one"]) == 3 and out["counts"].sum() == 0  # distances 2, sqrt 2, sqrt 2


@pytest.mark.parametrize("n", [20, 80])
def test_covariance_spectrum_both_forms(n):
    X = np.random.default_rng(n).standard_normal((n, 50))
    eig = fig2.covariance_spectrum(X, CPU)
    ref = np.linalg.eigvalsh(np.cov(X.T, bias=True))[::-1][: min(n, 50)]
    np.testing.assert_allclose(eig[: len(ref)][:10], ref[:10], rtol=1e-10)
    assert np.all(np.diff(eig) <= 1e-12)


# ---------------------------------------------------------------- the network of (c) and (d)

def test_unit_fanin_preactivations_are_of_order_one(stand_in):
    """On the unit-norm rows, w ~ N(0, I) gives pre-activations ~ N(0, 1); App. D's literal 1/d gives 1/sqrt(d)."""
    X, _ = stand_in
    d = X.shape[1]
    unit = init_network("unit_fanin", 2000, d, 10, rng(0, "t"))
    z = X @ unit["W"].T.astype(np.float64)
    assert 0.9 < z.std() < 1.1
    assert 0.4 < np.std(np.maximum(z, 0) @ unit["A"]) < 1.2  # ReLU logits of order one (sqrt(E relu^2) = 0.71)
    literal = init_network("standard_fanin", 2000, d, 10, rng(0, "t"))
    z_lit = X @ literal["W"].T.astype(np.float64)
    assert z_lit.std() == pytest.approx(1 / math.sqrt(d), rel=0.1)  # 0.018: smaller than the bias's 0.1
    assert z_lit.std() < 0.2 * literal["b"].std()


def test_unit_fanin_and_dzps_share_the_function_and_g_at_init(stand_in):
    X, labels = stand_in
    Xt = torch.from_numpy(X[:20].astype(np.float32))
    y = torch.from_numpy(labels[:20])
    nets = {p: {k: torch.from_numpy(v) for k, v in init_network(p, 300, X.shape[1], 10, rng(5, "net")).items()}
            for p in ("unit_fanin", "dzps")}
    act = activation("tanh")
    out = {p: logits(nets[p], Xt, act.phi, p) for p in nets}
    torch.testing.assert_close(out["unit_fanin"], out["dzps"], rtol=1e-4, atol=1e-5)
    G = {p: gram_and_loss(nets[p], Xt, y, act, p) for p in nets}
    torch.testing.assert_close(G["unit_fanin"][0], G["dzps"][0], rtol=1e-5, atol=1e-8)
    assert G["unit_fanin"][1] == pytest.approx(G["dzps"][1], rel=1e-5)


@pytest.mark.parametrize("param", ["unit_fanin", "dzps", "standard_fanin"])
def test_gram_is_the_mean_of_the_diagonal_blocks_of_the_jacobian_gram(stand_in, param):
    """G from gram_and_loss against autograd: mean over outputs q of J_q J_q^T, J_q = d logit_q / d W."""
    X, labels = stand_in
    Xt = torch.from_numpy(X[:6].astype(np.float64))
    net = {k: torch.from_numpy(v.astype(np.float64)) for k, v in init_network(param, 40, X.shape[1], 3,
                                                                              rng(2, "net")).items()}
    act = activation("swish")
    W = net["W"].clone().requires_grad_(True)
    jac = torch.autograd.functional.jacobian(lambda w: logits({**net, "W": w}, Xt, act.phi, param), W)
    J = jac.reshape(6, 3, -1)  # (n, q, m d)
    ref = torch.einsum("iqp,jqp->ij", J, J) / 3
    y = torch.from_numpy(labels[:6] % 3)
    G, loss = gram_and_loss(net, Xt, y, act, param, chunk=7)
    torch.testing.assert_close(G, ref, rtol=1e-10, atol=1e-12)
    ce = torch.nn.functional.cross_entropy(logits(net, Xt, act.phi, param), y)
    assert loss == pytest.approx(float(ce), rel=1e-10)


def test_g_spectra_against_the_infinite_width_kernel(stand_in, results):
    X, _ = stand_in
    _, spec, _ = results
    for i, act in enumerate(CFG["spectra"]["activations"]):
        ref = np.linalg.eigvalsh(g_infinity(X, activation(act)))[::-1]
        np.testing.assert_allclose(spec["infinite"][i], ref, rtol=1e-9, atol=1e-12)
        assert abs(spec["trace_deviation"][i]) * np.sqrt(4000) < 5
    assert np.all(spec["finite"] > -1e-10)


def test_panel_c_is_g0_of_the_trained_network_at_one_width(stand_in, results):
    """At (d)'s width, (c)'s G(0) on the tracked images is the tracked G(0): the same network, not just its law."""
    X, _ = stand_in
    train = results[2]
    rows = train["gram_rows"]
    cfg = copy.deepcopy(CFG)
    cfg["spectra"]["width"] = CFG["train"]["width"]
    spec = fig2.g_spectra(X[rows], cfg, 3, CPU)
    np.testing.assert_allclose(train["gram_eigenvalues"][:, 0], spec["finite"], rtol=1e-5, atol=1e-9)


# ---------------------------------------------------------------- (d) SGD and G(t)

def test_sgd_is_deterministic_and_shares_init(stand_in, results):
    X, labels = stand_in
    train = results[2]
    again = fig2.train_sgd(X, labels, CFG, 3, CPU, progress=False)
    np.testing.assert_array_equal(train["loss"], again["loss"])
    np.testing.assert_array_equal(train["gram_eigenvalues"], again["gram_eigenvalues"])
    # every activation starts from the same weights: alone, each gives the same curve as in the batch of four
    for i, act in enumerate(CFG["train"]["activations"]):
        alone = copy.deepcopy(CFG)
        alone["train"].update(activations=[act], epochs=1)
        np.testing.assert_array_equal(fig2.train_sgd(X, labels, alone, 3, CPU, progress=False)["loss"][0],
                                      train["loss"][i, :2])
    assert np.all(train["loss"][:, -1] < train["loss"][:, 0])


def test_g_is_followed_at_the_first_few_iterations_and_every_epoch(results):
    train = results[2]
    steps = math.ceil(CFG["images"] / CFG["train"]["batch_size"])
    assert int(train["steps_per_epoch"]) == steps == 4
    assert list(train["gram_iterations"]) == [*range(11), 12, 16]  # 0..10 and epoch ends 4, 8, 12, 16
    assert len(train["gram_rows"]) == 24 and np.all(np.diff(train["gram_rows"]) > 0)
    assert train["gram_eigenvalues"].shape == (4, 13, 24)
    assert np.all(np.isfinite(train["gram_eigenvalues"])) and np.all(np.isfinite(train["gram_sine"]))
    assert np.all(train["gram_sine"][:, 0] < 1e-6)  # G(0) against itself
    e, s = C._fig2_gram_change(train)
    assert np.all(e[:, 0] == 0) and np.all(e[:, 1:] > 0)
    assert np.all((1 <= train["gram_top_k"]) & (train["gram_top_k"] <= 24))
    assert np.all(train["gram_init_error"] * math.sqrt(CFG["train"]["width"]) < 5)
    # the tracked loss is the cross-entropy on the tracked rows: at epoch ends it is close to the full-data loss
    assert np.allclose(train["gram_loss"][:, 0], train["loss"][:, 0], atol=0.3)


def test_logged_iterations_stop_at_the_last_step():
    its, steps = fig2.logged_iterations(48, 16, 3)
    assert steps == 3 and its == list(range(10))  # 9 steps in all: nothing after the last


def test_top_k_keeps_a_degenerate_cluster_whole():
    assert fig2.top_k(np.array([5.0, 4.0, 0.5, 0.3, 0.2])) == 2  # 9/10 = 0.9
    assert fig2.top_k(np.array([5.0, 3.0, 3.0, 3.0, 1.0])) == 4  # 90 % needs the 3rd; the 4th is within 1 %
    assert fig2.top_k(np.array([1.0, 0.0, 0.0])) == 1


def test_largest_principal_sine():
    U = torch.eye(4, dtype=torch.float64)[:, :2]
    angle = 0.3
    V = torch.zeros((4, 2), dtype=torch.float64)
    V[0, 0], V[2, 0], V[1, 1] = math.cos(angle), math.sin(angle), 1.0
    assert fig2.largest_principal_sine(U, V) == pytest.approx(math.sin(angle), rel=1e-12)
    assert fig2.largest_principal_sine(U, U @ torch.tensor([[0.0, 1.0], [1.0, 0.0]], dtype=torch.float64)) < 1e-12


def test_stand_in_loss_falls_below_ln10():
    """A small run of (d)'s network on the stand-in: the loss falls clearly below ln 10 (chance level)."""
    images, labels = cifar10.synthetic_images(rng(1, "test"), 200)
    cfg = {"train": {"width": 128, "parametrization": "unit_fanin", "lr": 0.02, "batch_size": 32, "epochs": 8,
                     "activations": ACTS, "gram_images": 8}}
    out = fig2.train_sgd(fig2.features(images), labels, cfg, 3, CPU, progress=False)
    assert np.all(out["loss"][:, -1] < math.log(10) - 0.05), out["loss"][:, -1]


def test_literal_app_d_network_is_refused_for_figure_2(stand_in):
    X, labels = stand_in
    cfg = copy.deepcopy(CFG)
    cfg["train"]["parametrization"] = "standard_fanin"
    with pytest.raises(ValueError, match="pre-activations of std"):
        fig2.train_sgd(X, labels, cfg, 3, CPU, progress=False)


def test_divergence_is_detected_and_fails_its_claim(stand_in, results):
    X, labels = stand_in
    cfg = copy.deepcopy(CFG)
    cfg["train"].update(lr=1e20, epochs=3, activations=["relu"])
    out = fig2.train_sgd(X, labels, cfg, 3, CPU, progress=False)
    bad = int(out["first_nonfinite_epoch"][0])
    assert bad >= 1 and np.all(np.isnan(out["loss"][0, bad:]))
    rows = {c.claim_id: c for c in C.fig2_claims(results[0], results[1], out, "synthetic", "test")}
    assert rows["panigrahi2020-fig2d.no-divergence"].verdict == "fail"
    assert "first non-finite at epoch" in rows["panigrahi2020-fig2d.no-divergence"].detail
    assert rows["panigrahi2020-fig2d.decreases-relu"].verdict == "fail"  # NaN never passes
    assert rows["panigrahi2020-fig2d.relu-much-faster"].verdict == "inconclusive"  # tanh, swish, elu not run


# ---------------------------------------------------------------- claims: verdicts from the words

PAPER_ROWS = ["a.min-distance-at-least-0p1", "a.assumption2-delta-at-least-0p1",
              "b.intrinsic-dim-much-larger-than-logn", "c.relu-higher-eigs", "c.elu-tanh-not-much-different",
              "d.difference-in-rate", "d.gram-changes-considerably", "d.attributable-first-few-iterations",
              "d.relu-much-faster"]


def synthetic_runs():
    """Hand-made run files (n = 100) on which every paper row of Figure 2 is reproduced."""
    n, T = 100, 20
    geo = {"n": np.array(n), "max_norm_error": np.array(0.0), "max_last_coordinate_error": np.array(0.0),
           "min_distance": np.array(0.2), "max_distance": np.array(0.9), "pairs": np.array(4950),
           "above_one": np.array(0), "below_delta": np.array(0), "min_a2_separation": np.array(0.19),
           "counts": np.array([0, 4950]), "cumulative_ratio": np.arange(1, n + 1) / n}  # k_0.9 = 90 >= 46.1
    base = np.linspace(1.0, 0.01, n)
    spec = {"activations": np.array(ACTS), "width": np.array(10_000),
            "finite": np.vstack([2 * base, base, base, 1.2 * base]),
            "infinite": np.vstack([2 * base, base, base, 1.2 * base]), "trace_deviation": np.zeros(4),
            "frob_error": np.zeros(4), "dphi_second_moment": np.ones(4)}
    t = np.arange(T + 1)
    rates = {"relu": 0.2, "tanh": 0.05, "swish": 0.04, "elu": 0.06}
    its = np.array([*range(11), *range(20, 20 * T + 1, 20)])
    lam0 = np.linspace(3.0, 0.1, 16)
    grow = np.where(its <= 10, 0.001 * its, 0.5)  # constant in the first few iterations, then a large change
    train = {"activations": np.array(ACTS), "epochs": t,
             "loss": np.vstack([2.3 * np.exp(-rates[a] * t) for a in ACTS]),
             "first_nonfinite_epoch": np.full(4, -1), "width": np.array(100_000),
             "parametrization": np.array("unit_fanin"), "lr": np.array(1e-3), "batch_size": np.array(256),
             "steps_per_epoch": np.array(20), "gram_rows": np.arange(16), "gram_iterations": its,
             "gram_eigenvalues": np.repeat((lam0[None, :] * (1 + grow[:, None]))[None], 4, axis=0),
             "gram_sine": np.repeat(np.where(its <= 10, 0.001 * its, 0.5)[None], 4, axis=0),
             "gram_top_k": np.full(4, 3),
             "gram_loss": np.vstack([2.3 * np.exp(-0.01 * rates[a] * its) for a in ACTS]),
             "gram_init_error": np.full(4, 1e-3)}
    return geo, spec, train


def verdicts(runs, source="download"):
    return {c.claim_id.removeprefix("panigrahi2020-fig2"): c for c in C.fig2_claims(*runs, source, "test")}


def _set(part, key, fn):
    def apply(runs):
        runs = copy.deepcopy(runs)
        target = runs[{"geo": 0, "spec": 1, "train": 2}[part]]
        target[key] = fn(target[key])
        return runs
    return apply


def _relu_lower(spec_finite):
    out = spec_finite.copy()
    out[0] = 0.5 * out[1]  # below tanh, swish and elu everywhere
    return out


def _elu_far(spec_finite):
    out = spec_finite.copy()
    out[3] = 3 * out[1]
    return out


def _same_curves(loss):
    return np.repeat(loss[1:2], 4, axis=0)


def _small_change(eig):
    return eig[:, :1] * (1 + 0.1 * (eig / eig[:, :1] - 1))  # a tenth of the change


def _relu_as_tanh(loss):
    out = loss.copy()
    out[0] = loss[1] * 1.01  # just above tanh
    return out


# row -> (perturbation that crosses the band, its inverse)
FLIPS = {
    "a.min-distance-at-least-0p1": (_set("geo", "min_distance", lambda v: np.array(0.05)),
                                    _set("geo", "min_distance", lambda v: np.array(0.2))),
    "a.assumption2-delta-at-least-0p1": (_set("geo", "min_a2_separation", lambda v: np.array(0.09)),
                                         _set("geo", "min_a2_separation", lambda v: np.array(0.19))),
    "b.intrinsic-dim-much-larger-than-logn": (
        _set("geo", "cumulative_ratio", lambda r: np.minimum(1.0, np.arange(1, 101) / 50)),  # k_0.9 = 45 < 46.1
        _set("geo", "cumulative_ratio", lambda r: np.arange(1, 101) / 100)),
    "c.relu-higher-eigs": (_set("spec", "finite", _relu_lower),
                           _set("spec", "finite", lambda s: np.vstack([2 * s[1], s[1:]]))),
    "c.elu-tanh-not-much-different": (_set("spec", "finite", _elu_far),
                                      _set("spec", "finite", lambda s: np.vstack([s[:3], 1.2 * s[1:2]]))),
    "d.difference-in-rate": (_set("train", "loss", _same_curves),
                             _set("train", "loss", lambda L: L * np.linspace(1, 0.5, L.shape[1])[None] ** np.arange(1, 5)[:, None])),
    "d.gram-changes-considerably": (_set("train", "gram_eigenvalues", _small_change),
                                    _set("train", "gram_eigenvalues", lambda e: synthetic_runs()[2]["gram_eigenvalues"])),
    "d.attributable-first-few-iterations": (
        _set("train", "gram_sine", lambda s: np.where(np.arange(s.shape[1]) == 5, 0.2, s)),  # G moves early
        _set("train", "gram_sine", lambda s: synthetic_runs()[2]["gram_sine"])),
    "d.relu-much-faster": (_set("train", "loss", _relu_as_tanh),
                           _set("train", "loss", lambda L: synthetic_runs()[2]["loss"])),
}


def test_every_paper_row_is_reproduced_on_the_synthetic_runs():
    rows = verdicts(synthetic_runs())
    assert {cid for cid, c in rows.items() if c.kind == "paper"} == set(PAPER_ROWS)
    assert all(rows[r].verdict == "reproduced" for r in PAPER_ROWS), {r: rows[r].detail for r in PAPER_ROWS}
    assert all(rows[r].quote and rows[r].source for r in PAPER_ROWS)
    assert "§8 Conclusion" in rows["d.relu-much-faster"].source


@pytest.mark.parametrize("row", PAPER_ROWS)
def test_each_paper_row_flips_both_ways(row):
    cross, back = FLIPS[row]
    base = synthetic_runs()
    assert verdicts(base)[row].verdict == "reproduced"
    flipped = cross(base)
    assert verdicts(flipped)[row].verdict == "not reproduced", verdicts(flipped)[row].value
    assert verdicts(back(flipped))[row].verdict == "reproduced", verdicts(back(flipped))[row].value


def test_attributable_needs_relu_to_drop_most_in_the_first_iterations():
    runs = synthetic_runs()
    slow = _set("train", "gram_loss", lambda L: np.vstack([L[1], L[0], L[2], L[3]]))(runs)  # tanh drops most
    row = verdicts(slow)["d.attributable-first-few-iterations"]
    assert row.verdict == "not reproduced" and row.value == 1


def test_on_the_stand_in_every_paper_row_is_not_testable_with_its_value():
    runs = synthetic_runs()
    real, stand_in = verdicts(runs), verdicts(runs, "synthetic")
    for row in PAPER_ROWS:
        assert stand_in[row].verdict == "not testable"
        assert "synthetic stand-in, not CIFAR-10" in stand_in[row].detail
        assert stand_in[row].value == real[row].value
    flipped = verdicts(FLIPS["d.relu-much-faster"][0](runs), "synthetic")
    assert flipped["d.relu-much-faster"].verdict == "not testable"


def test_erratum_assumption2_flips():
    runs = synthetic_runs()
    assert verdicts(runs)["a.assumption2-implication"].verdict == "demonstrated"
    equal = _set("geo", "min_a2_separation", lambda v: np.array(0.2))(runs)  # delta_A2 = min distance
    assert verdicts(equal)["a.assumption2-implication"].verdict == "not demonstrated"
    assert verdicts(runs, "synthetic")["a.assumption2-implication"].verdict == "demonstrated"


def test_reduced_scale_is_stated():
    runs = synthetic_runs()
    assert "REDUCED SCALE" in verdicts(runs)["d.relu-much-faster"].detail  # n = 100, not 10^4
    assert "REDUCED SCALE" in verdicts(runs)["c.relu-higher-eigs"].detail
    paper_scale = _set("geo", "n", lambda v: np.array(10_000))(runs)
    assert "REDUCED SCALE" not in verdicts(paper_scale)["d.relu-much-faster"].detail
    small = _set("train", "width", lambda v: np.array(1024))(paper_scale)
    assert "REDUCED SCALE" in verdicts(small)["d.relu-much-faster"].detail


def test_implementation_rows_pass_on_a_real_run_and_can_fail(results):
    rows = {c.claim_id: c for c in C.fig2_claims(*results, "synthetic", "test")}
    impl = [c for c in rows.values() if c.kind == "implementation"]
    assert impl and all(c.verdict == "pass" for c in impl), [(c.claim_id, c.value) for c in impl if c.verdict != "pass"]
    assert all(c.verdict == "not testable" for c in rows.values() if c.kind == "paper")
    for cid, part, key, fn in [
        ("a.unit-norms", "geo", "max_norm_error", lambda v: np.array(1e-3)),
        ("a.distances-at-most-one", "geo", "max_distance", lambda v: np.array(1.2)),
        ("c.trace-relu", "spec", "trace_deviation", lambda t: t + 0.2),
        ("c.ginf-tanh", "spec", "frob_error", lambda f: f + 0.2),
        ("d.init-gram-matches-panel-c", "train", "gram_init_error", lambda e: e + 1.0),
        ("d.no-divergence", "train", "first_nonfinite_epoch", lambda e: np.array([-1, 2, -1, -1])),
    ]:
        bad = {c.claim_id: c for c in C.fig2_claims(*_set(part, key, fn)(results), "synthetic", "test")}
        assert bad[f"panigrahi2020-fig2{cid}"].verdict == "fail", cid


def test_claims_refuse_results_from_another_source(results):
    geo = dict(results[0], source=np.array("synthetic"))
    with pytest.raises(ValueError, match="made from synthetic"):
        C.fig2_claims(geo, results[1], results[2], "download", "test")


# ---------------------------------------------------------------- tables and figure

def test_tables_follow_the_issue_columns(results):
    tables = T.fig2_tables(*results)
    assert list(tables["panigrahi2020-fig2a"].columns) == ["bin_left", "bin_right", "count"]
    assert list(tables["panigrahi2020-fig2b"].columns) == ["k", "cumulative_ratio"]
    assert list(tables["panigrahi2020-fig2c"].columns) == ["activation", "kind", "index", "eigenvalue"]
    assert list(tables["panigrahi2020-fig2d"].columns) == ["activation", "epoch", "loss", "diverged_at"]
    assert (tables["panigrahi2020-fig2d"]["diverged_at"] == -1).all()
    assert set(tables["panigrahi2020-fig2c"]["kind"]) == {"finite", "infinite"}
    assert tables["panigrahi2020-fig2a"]["count"].sum() == CFG["images"] * (CFG["images"] - 1) // 2


def test_a_diverged_run_is_in_the_csv_and_drawn_as_a_cross(stand_in, results, monkeypatch, tmp_path):
    from overparam import plotting
    from overparam.io import write_csv

    X, labels = stand_in
    cfg = copy.deepcopy(CFG)
    cfg["train"].update(lr=1e20, epochs=3)
    train = fig2.train_sgd(X, labels, cfg, 3, CPU, progress=False)
    bad = train["first_nonfinite_epoch"]
    assert (bad >= 1).any()
    tables = T.fig2_tables(results[0], results[1], train)
    write_csv(tables["panigrahi2020-fig2d"], tmp_path / "d.csv")
    d = pd.read_csv(tmp_path / "d.csv")
    for act, curve in d.groupby("activation", sort=False):
        k = bad[list(cfg["train"]["activations"]).index(act)]
        assert (curve["diverged_at"] == k).all()
        if k >= 0:
            assert curve.loc[curve["epoch"] >= k, "loss"].isna().all()
            assert np.isfinite(curve.loc[curve["epoch"] < k, "loss"]).all()
    tables["panigrahi2020-fig2d"] = d
    figures = []
    monkeypatch.setattr(plotting, "save", lambda fig, png, pdf, tight=True: figures.append(fig))
    plots.plot_fig2(tables, cfg, "synthetic", "test", None, None)
    ax = figures[0].axes[3]
    marks = [line for line in ax.get_lines() if line.get_marker() == "x"]
    assert len(marks) == int((bad >= 0).sum())
    for line in marks:
        act = next(a for a in cfg["train"]["activations"] if line.get_label().startswith(activation(a).label))
        k = bad[list(cfg["train"]["activations"]).index(act)]
        assert f"at epoch {k}" in line.get_label() and line.get_xdata()[0] == k - 1
    text = " ".join(" ".join(t.get_text() for t in figures[0].texts).split())  # footers are wrapped to the width
    assert "DIVERGED" in text
    assert "same network" in text  # the figure says which network (c) and (d) show
