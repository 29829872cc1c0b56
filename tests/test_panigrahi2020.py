"""Panigrahi et al. (2020) Figure 1: data, kernel facts, claims on the quick settings, and claims that fail."""
import copy

import numpy as np
import pytest
import torch

from conftest import load_profile
from overparam.activations import activation
from overparam.claims import claims_frame
from overparam.data import circle_angles, lifted_circle
from overparam.gram import gram_matrix
from overparam.kernels import g_infinity
from overparam.jobs import declared_keys
from overparam.network import NeuronBank, network_outputs
from overparam.papers.panigrahi2020 import claims as C
from overparam.papers.panigrahi2020 import compute_fig1 as compute
from overparam.papers.panigrahi2020.registry import PAPER
from overparam.seeding import rng
from overparam.training import train_fixed_output


def quick_cfg():
    """Figure 1's block of the quick profile and the paper's seed."""
    prof = load_profile("quick")["panigrahi2020"]
    return prof["fig1"], prof["seed"]


def test_each_job_declares_only_what_it_reads():
    keys = {job.rule: declared_keys(job.entry) for job in PAPER.jobs}
    assert not any("spectra" in key for key in keys["panigrahi2020_fig1_train"])
    assert not any(".train" in key for key in keys["panigrahi2020_fig1_spectra"])
    for rule in ("panigrahi2020_fig1_train", "panigrahi2020_fig1_spectra"):
        assert "panigrahi2020.fig1.ns" not in keys[rule]  # n is the job's wildcard
        assert "panigrahi2020.fig1" not in keys[rule] and "profile" not in keys[rule]
    assert keys["panigrahi2020_fig2_tables"] == ()
    for part in ("geometry", "spectra", "train"):
        assert not any(key.startswith("panigrahi2020.fig1") for key in keys[f"panigrahi2020_fig2_{part}"])
    assert not any(".train" in key for key in keys["panigrahi2020_fig2_spectra"] + keys["panigrahi2020_fig2_geometry"])
    assert not any(".spectra" in key for key in keys["panigrahi2020_fig2_train"] + keys["panigrahi2020_fig2_geometry"])


def test_lifted_circle_is_on_the_sphere_with_two_dimensional_span():
    X = lifted_circle(rng(0, "t"), 50, 10, "half")
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-12)
    assert np.linalg.matrix_rank(X, tol=1e-10) == 2
    inner = X @ X.T
    np.fill_diagonal(inner, 0)
    assert np.max(np.abs(inner)) < 1 - 1e-6  # half circle: no parallel or antipodal pair
    full = lifted_circle(rng(0, "t"), 10, 10, "full")
    np.testing.assert_allclose(full[5], -full[0], atol=1e-12)  # antipodes on the full circle


def test_lift_invariance_of_the_whole_trajectory():
    # G, u(0) and the GD path depend on the data only through inner products (spec section 2):
    # a d = 10 lift and the plain d = 2 circle with the projected weights train identically.
    g = rng(3, "lift")
    n, d, m = 10, 10, 64
    Q, _ = np.linalg.qr(g.standard_normal((d, 2)))
    theta = circle_angles(n, "half")
    Z2 = np.stack([np.cos(theta), np.sin(theta)], 1)
    X10 = Z2 @ Q.T
    W10 = g.standard_normal((m, d))
    a = g.standard_normal(m)
    y = g.choice([-1.0, 1.0], n)
    t = lambda v: torch.from_numpy(np.ascontiguousarray(v))  # noqa: E731
    out10 = train_fixed_output(t(X10), t(y), NeuronBank(t(W10), t(a), [m]), activation("tanh"), 0.05, 50)
    out2 = train_fixed_output(t(Z2), t(y), NeuronBank(t(W10 @ Q), t(a), [m]), activation("tanh"), 0.05, 50)
    np.testing.assert_allclose(out10["loss"], out2["loss"], rtol=1e-10)


@pytest.mark.parametrize("name,zeros", [("relu", 3), ("swish", 3), ("tanh", 5), ("quadratic", 7), ("elu", 0)])
def test_full_circle_is_degenerate(name, zeros):
    # Antipodal pairs make G exactly singular at every width (spec section 2 table, n = 10).
    X = lifted_circle(rng(1, "full"), 10, 10, "full")
    g = rng(2, "w")
    G = gram_matrix(torch.from_numpy(X), torch.from_numpy(g.standard_normal((1000, 10))),
                    torch.from_numpy(g.standard_normal(1000)), activation(name)).numpy()
    lam = np.linalg.eigvalsh(G)
    assert np.sum(lam < 1e-10 * lam[-1]) == zeros


def test_infinite_width_spectra_match_the_spec_table():
    for n, ref in C.REFERENCE_SPECTRA.items():
        X = lifted_circle(rng(0, "ref"), n, 10, "half")
        for name in ("relu", "elu", "tanh", "swish", "quadratic"):
            lam = np.linalg.eigvalsh(g_infinity(X, activation(name)))[::-1]
            want = np.array(ref[name], dtype=float)
            got = lam[np.array(ref["indices"][: len(want)]) - 1]
            np.testing.assert_allclose(got, want, rtol=0.02, err_msg=f"{name}, n = {n}")


def test_relu_smallest_eigenvalue_tends_to_a_quarter_over_n():
    # Spec section 5 (Thm 4.2 check): n * lambda_min(G^inf_ReLU) on the half circle -> 1/4.
    values = [n * np.linalg.eigvalsh(g_infinity(lifted_circle(rng(0, "q"), n, 10, "half"), activation("relu")))[0]
              for n in (10, 50, 200)]
    np.testing.assert_allclose(values, [0.2633, 0.2505, 0.2500], atol=5e-4)


def test_initial_outputs_are_chunked_exactly():
    g = rng(4, "chunk")
    X = torch.from_numpy(lifted_circle(g, 7, 10, "half"))
    W = torch.from_numpy(g.standard_normal((1000, 10), dtype=np.float32))
    a = torch.from_numpy(g.standard_normal(1000, dtype=np.float32))
    elu = activation("elu")
    whole = network_outputs(X, W, a, elu, chunk=1000)
    np.testing.assert_allclose(network_outputs(X, W, a, elu, chunk=64), whole, rtol=1e-12, atol=1e-13)


@pytest.fixture(scope="module")
def quick():
    cfg, seed = quick_cfg()
    torch.set_num_threads(2)
    cpu = torch.device("cpu")
    train = {n: compute.train_runs(cfg, seed, n, cpu, progress=False) for n in cfg["ns"]}
    spec = {n: compute.spectra(cfg, seed, n, cpu) for n in cfg["ns"]}
    return cfg, train, spec


def verdicts(train, spec, cfg):
    t = claims_frame(C.fig1_claims(train, spec, cfg, "quick"))
    return dict(zip(t["claim_id"], t["passed"]))


def test_all_quick_claims_pass(quick):
    cfg, train, spec = quick
    table = claims_frame(C.fig1_claims(train, spec, cfg, "quick"))
    checked = table[table["passed"].notna()]
    assert len(checked) >= 20
    assert checked["passed"].astype(bool).all(), checked.loc[~checked["passed"].astype(bool), ["claim_id", "value"]]
    reported = table[table["passed"].isna()]
    assert set(reported["claim_id"]) == {f"panigrahi2020-fig1{p}.{c}" for p, c in
                                         [("a", "smooth-track-linear"), ("b", "smooth-track-linear"),
                                          ("c", "quadratic-concentration"), ("d", "quadratic-concentration")]}


def _act(d, name):
    return list(d["activations"]).index(name)


def _slower(t, name, than, factor):
    """Make ``name``'s normalised final loss ``factor`` times ``than``'s."""
    i, j = _act(t, name), _act(t, than)
    target = factor * t["loss"][j, :, -1].mean() / t["loss"][j, :, 0].mean()
    t["loss"][i, :, -1] = target * t["loss"][i, :, 0]


def slow_relu(train, spec, n):
    _slower(train[n], "relu", "elu", 1.2)


def slow_elu(train, spec, n):
    _slower(train[n], "elu", "swish", 1.1)


def slow_elu_vs_tanh(train, spec, n):
    _slower(train[n], "elu", "tanh", 1.1)


def move_g(train, spec, n, name="relu", by=0.2):
    train[n]["g_relative_change"][_act(train[n], name), 1] = by


def diverge(train, spec, n):
    train[n]["first_nonfinite_step"][0, 0] = 17


def flatten_relu(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "relu"), :, 8:] = s["finite"][_act(s, "elu"), :, 8:] * 2


def lift_smooth(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "tanh"), :, 8:] = s["finite"][_act(s, "elu"), :, 8:]


def drop_relu_tail(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "relu"), :, 5] = 1e-8


def rank_four(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "quadratic"), 0, 3] = 1.0


def bad_trace(train, spec, n):
    spec[n]["trace_ratio"][_act(spec[n], "elu"), 2] = 1 + 6 / np.sqrt(spec[n]["width"])


def bad_frob(train, spec, n):
    spec[n]["frob_error"][_act(spec[n], "swish"), 0] = 6 / np.sqrt(spec[n]["width"])


def bad_reference(train, spec, n):
    spec[n]["infinite"][_act(spec[n], "relu"), 0] *= 1.05


def elu_near_smooth(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "elu"), :, 9] = s["finite"][_act(s, "tanh"), :, 9] * 1.1  # k = 10


def elu_tail_low(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "elu"), :, 20:] = s["finite"][_act(s, "tanh"), :, 20:] * 3


def relu_near_elu(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "relu"), :, 8:] = s["finite"][_act(s, "elu"), :, 8:] * 4


def smooth_no_collapse(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "swish"), :, 24] = s["finite"][_act(s, "swish"), :, 0] * 1e-3


def relu_collapses(train, spec, n):
    s = spec[n]
    s["finite"][_act(s, "relu"), :, 24] = s["finite"][_act(s, "relu"), :, 0] * 1e-6


def quadratic_trace_off(train, spec, n):
    spec[n]["trace_ratio"][_act(spec[n], "quadratic"), 0] = 1 + 12 / np.sqrt(spec[n]["width"])


CASES = [
    ("panigrahi2020-fig1d.elu-above-smooth-k9-12", elu_near_smooth, 50),
    ("panigrahi2020-fig1d.elu-above-smooth-k13-up", elu_tail_low, 50),
    ("panigrahi2020-fig1d.relu-above-elu-spec", relu_near_elu, 50),
    ("panigrahi2020-fig1d.smooth-spectrum-collapses", smooth_no_collapse, 50),
    ("panigrahi2020-fig1d.relu-spectrum-does-not-collapse", relu_collapses, 50),
    ("panigrahi2020-fig1c.quadratic-trace", quadratic_trace_off, 10),
    ("panigrahi2020-fig1a.relu-fastest", slow_relu, 10),
    ("panigrahi2020-fig1b.relu-fastest", slow_relu, 50),
    ("panigrahi2020-fig1a.elu-below-swish", slow_elu, 10),
    ("panigrahi2020-fig1b.elu-below-swish", slow_elu, 50),
    ("panigrahi2020-fig1b.elu-below-tanh", slow_elu_vs_tanh, 50),
    ("panigrahi2020-fig1a.g-constant-relu", move_g, 10),
    ("panigrahi2020-fig1b.g-constant-smooth", lambda t, s, n: move_g(t, s, n, "tanh", 0.05), 50),
    ("panigrahi2020-fig1a.no-divergence", diverge, 10),
    ("panigrahi2020-fig1d.relu-above-elu", flatten_relu, 50),
    ("panigrahi2020-fig1d.elu-above-smooth", lift_smooth, 50),
    ("panigrahi2020-fig1c.relu-above-all", drop_relu_tail, 10),
    ("panigrahi2020-fig1c.quadratic-rank-3", rank_four, 10),
    ("panigrahi2020-fig1d.trace", bad_trace, 50),
    ("panigrahi2020-fig1c.finite-to-infinite", bad_frob, 10),
    ("panigrahi2020-fig1d.infinite-spectrum-reference", bad_reference, 50),
]


@pytest.mark.parametrize("claim_id,perturb,n", CASES, ids=[c[0] for c in CASES])
def test_claim_fails_on_perturbed_data(quick, claim_id, perturb, n):
    cfg, train, spec = quick
    t2, s2 = copy.deepcopy(train), copy.deepcopy(spec)
    perturb(t2, s2, n)
    assert verdicts(train, spec, cfg)[claim_id]
    assert not verdicts(t2, s2, cfg)[claim_id]


def test_every_checked_claim_kind_has_a_perturbation(quick):
    cfg, train, spec = quick
    kinds = {cid.split(".", 1)[1] for cid, ok in verdicts(train, spec, cfg).items() if ok is not None}
    assert kinds == {cid.split(".", 1)[1] for cid, _, _ in CASES}
