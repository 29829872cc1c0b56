"""Panigrahi et al. Figure 2: blockwise distances, covariance spectrum, G spectra, SGD, and every claim's band."""
import copy

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

CPU = torch.device("cpu")
CFG = {
    "images": 60, "subset_seed": 0, "histogram_bins": 40,
    "spectra": {"width": 4000, "activations": ["relu", "tanh", "swish", "elu"]},
    "train": {"width": 64, "parametrization": "standard_fanin", "lr": 0.05, "batch_size": 16, "epochs": 4,
              "activations": ["relu", "tanh", "swish", "elu"]},
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


def test_blockwise_histogram_matches_all_pairs(stand_in):
    X, _ = stand_in
    out = fig2.distance_histogram(X, 40, CPU, block=7)  # several blocks, the last one partial
    dist = pdist(X)
    np.testing.assert_array_equal(out["counts"], np.histogram(dist, bins=40, range=(0, 1))[0])
    assert int(out["pairs"]) == len(dist) == out["counts"].sum()
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


def test_g_spectra_against_the_infinite_width_kernel(stand_in, results):
    X, _ = stand_in
    _, spec, _ = results
    for i, act in enumerate(CFG["spectra"]["activations"]):
        ref = np.linalg.eigvalsh(g_infinity(X, activation(act)))[::-1]
        np.testing.assert_allclose(spec["infinite"][i], ref, rtol=1e-9, atol=1e-12)
        assert abs(spec["trace_deviation"][i]) * np.sqrt(4000) < 5
    assert np.all(spec["finite"] > -1e-10)


def test_sgd_is_deterministic_and_shares_init(stand_in, results):
    X, labels = stand_in
    train = results[2]
    again = fig2.train_sgd(X, labels, CFG, 3, CPU, progress=False)
    np.testing.assert_array_equal(train["loss"], again["loss"])
    assert np.allclose(train["loss"][:, 0], np.log(10), atol=0.05)  # tiny output weights: near-uniform logits
    # every activation starts from the same weights: alone, each gives the same curve as in the batch of four
    for i, act in enumerate(CFG["train"]["activations"]):
        alone = copy.deepcopy(CFG)
        alone["train"].update(activations=[act], epochs=1)
        np.testing.assert_array_equal(fig2.train_sgd(X, labels, alone, 3, CPU, progress=False)["loss"][0],
                                      train["loss"][i, :2])
    assert np.all(train["loss"][:, -1] < train["loss"][:, 0])


def test_divergence_is_detected_and_fails_its_claim(stand_in):
    X, labels = stand_in
    cfg = copy.deepcopy(CFG)
    cfg["train"].update(lr=1e20, epochs=3, activations=["relu"])
    out = fig2.train_sgd(X, labels, cfg, 3, CPU, progress=False)
    bad = int(out["first_nonfinite_epoch"][0])
    assert bad >= 1 and np.all(np.isnan(out["loss"][0, bad:]))
    geo = {"n": 3, "max_norm_error": 0, "max_last_coordinate_error": 0, "min_distance": 0.5, "max_distance": 0.9,
           "pairs": 3, "above_one": 0, "min_a2_separation": 0.5, "counts": np.array([0, 3]),
           "cumulative_ratio": np.array([0.5, 1.0])}
    spec = {"activations": np.array(["relu"]), "width": 100, "trace_deviation": np.zeros(1),
            "frob_error": np.zeros(1), "finite": np.ones((1, 3)), "dphi_second_moment": np.ones(1)}
    rows = {c.claim_id: c for c in C.fig2_claims(geo, spec, out, cfg, "synthetic", "test")}
    assert rows["panigrahi2020-fig2d.no-divergence"].passed is False
    assert "first non-finite at epoch" in rows["panigrahi2020-fig2d.no-divergence"].detail
    assert rows["panigrahi2020-fig2d.decreases-relu"].passed is False  # NaN never passes


def claims_by_id(results, source="download", cfg=CFG):
    return {c.claim_id: c for c in C.fig2_claims(*results, cfg, source, "test")}


def test_stand_in_claims_are_labelled_and_paper_claims_not_checked(results):
    rows = claims_by_id(results, "synthetic")
    assert all("synthetic stand-in, not CIFAR-10" in c.statement for c in rows.values())
    paper = [c for c in rows.values() if "not checked" in c.statement]
    assert {c.claim_id.split(".")[1] for c in paper} == {"delta-min", "delta-fraction", "k90", "r9", "relu-highest",
                                                         "elu-tanh-close", "relu-fastest"}
    assert all(c.passed is None for c in paper)
    hard = [c for c in rows.values() if c.passed is not None]
    assert hard and all(c.passed for c in hard), [c.claim_id for c in hard if not c.passed]


def test_real_data_checks_the_paper_claims(results):
    rows = claims_by_id(results, "download")
    for cid in ("a.delta-min", "a.delta-fraction", "b.k90", "b.r9", "c.relu-highest", "c.elu-tanh-close", "d.relu-fastest"):
        assert rows[f"panigrahi2020-fig2{cid}"].passed is not None, cid
        assert "not checked" not in rows[f"panigrahi2020-fig2{cid}"].statement


def perturbed(results, part, **changes):
    geo, spec, train = (copy.deepcopy(r) for r in results)
    target = {"geo": geo, "spec": spec, "train": train}[part]
    for key, fn in changes.items():
        target[key] = fn(target[key])
    return geo, spec, train


def _relu_worst(spec):
    spec = spec.copy()
    spec[0] = spec[0] * 1e-3
    return spec


def _relu_slowest(loss):
    loss = loss.copy()
    loss[0] = loss[0, 0]  # flat ReLU curve
    return loss


PERTURBATIONS = [
    ("a.unit-norms", "geo", {"max_norm_error": lambda v: np.array(1e-3)}),
    ("a.last-coordinate", "geo", {"max_last_coordinate_error": lambda v: np.array(1e-6)}),
    ("a.distances-positive", "geo", {"min_distance": lambda v: np.array(0.0)}),
    ("a.distances-at-most-one", "geo", {"max_distance": lambda v: np.array(1.2)}),
    ("a.delta-min", "geo", {"min_distance": lambda v: np.array(0.05)}),
    ("a.delta-fraction", "geo", {"counts": lambda c: np.concatenate([[c.sum()], c[1:]])}),
    ("b.k90", "geo", {"cumulative_ratio": lambda r: np.minimum(1.0, np.linspace(0.95, 1.0, len(r)))}),
    ("b.r9", "geo", {"cumulative_ratio": lambda r: np.minimum(1.0, np.linspace(0.85, 1.0, len(r)))}),
    ("c.trace-relu", "spec", {"trace_deviation": lambda t: t + 0.2}),
    ("c.ginf-tanh", "spec", {"frob_error": lambda f: f + 0.2}),
    ("c.relu-highest", "spec", {"finite": _relu_worst}),
    ("c.elu-tanh-close", "spec", {"finite": lambda s: s * np.array([1, 1, 1, 10.0])[:, None]}),
    ("d.no-divergence", "train", {"first_nonfinite_epoch": lambda e: np.array([-1, 2, -1, -1])}),
    ("d.decreases-swish", "train", {"loss": lambda L: L * np.array([1, 1, 0, 1])[:, None] + np.array([0, 0, 1, 0])[:, None] * np.linspace(2, 3, L.shape[1])}),
    ("d.relu-fastest", "train", {"loss": _relu_slowest}),
]


@pytest.mark.parametrize("cid, part, changes", PERTURBATIONS, ids=[p[0] for p in PERTURBATIONS])
def test_every_checked_claim_can_fail(results, cid, part, changes):
    baseline = claims_by_id(results)[f"panigrahi2020-fig2{cid}"]
    rows = claims_by_id(perturbed(results, part, **changes))
    assert rows[f"panigrahi2020-fig2{cid}"].passed is False, (baseline.value, rows[f"panigrahi2020-fig2{cid}"].value)


def test_paper_width_claims_of_panel_d(results):
    cfg = copy.deepcopy(CFG)
    cfg["train"]["width"] = 100_000
    good = perturbed(results, "train", loss=lambda L: np.vstack([L[0] * 0.5, L[1:]]))
    rows = claims_by_id(good, cfg=cfg)
    assert rows["panigrahi2020-fig2d.relu-fastest"].passed and rows["panigrahi2020-fig2d.relu-below"].passed
    bad = claims_by_id(perturbed(results, "train", loss=_relu_slowest), cfg=cfg)
    assert not bad["panigrahi2020-fig2d.relu-fastest"].passed and not bad["panigrahi2020-fig2d.relu-below"].passed


def test_claims_refuse_results_from_another_source(results):
    geo = dict(results[0], source=np.array("synthetic"))
    with pytest.raises(ValueError, match="made from synthetic"):
        C.fig2_claims(geo, results[1], results[2], CFG, "download", "test")


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
    assert "DIVERGED" in " ".join(t.get_text() for t in figures[0].texts)
