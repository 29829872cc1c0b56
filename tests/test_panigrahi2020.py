"""Panigrahi et al. (2020) Figure 1: data, kernel facts, the logged change of G during training, and the claims
ledger rows, each flipped both ways on synthetic inputs."""
import copy
import re

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


def test_infinite_width_spectra_match_the_tabulated_values():
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


# ---------------------------------------------------------------- G during training: the new measurements

def tiny_cfg(eta=0.01, epochs=30, width=64, runs=2):
    cfg, _ = quick_cfg()
    cfg = copy.deepcopy(cfg)
    cfg["runs"] = runs
    cfg["train"].update(width=width, eta=eta, epochs=epochs, log_every=10)
    cfg["spectra"]["width"] = 500
    return cfg


def test_gram_unchanged_when_eta_is_zero():
    out = compute.train_runs(tiny_cfg(eta=0.0), 7, 10, torch.device("cpu"), progress=False)
    assert out["g_eig_change"].shape == (4, 2, 4) and out["g_eigenvalues"].shape == (4, 2, 4, 10)
    assert np.all(out["g_eig_change"] == 0.0)
    assert np.max(out["g_vec_sine"]) < 1e-12
    assert np.all(out["g_relative_change"] == 0.0)
    assert np.all(out["error01"] == out["error01"][..., :1])  # nothing moves, nor do the signs


def test_logged_gram_and_error_match_independent_computations():
    cfg, seed, n = tiny_cfg(), 5, 10
    out = compute.train_runs(cfg, seed, n, torch.device("cpu"), progress=False)
    for r in range(cfg["runs"]):
        X, y = compute.dataset(cfg, seed, n, r)
        W0, a = compute.initial_weights(cfg, seed, n, r, cfg["train"]["width"])
        for i, name in enumerate(cfg["train"]["activations"]):
            act = activation(name)
            G = gram_matrix(torch.from_numpy(X), torch.from_numpy(W0), torch.from_numpy(a), act).numpy()
            np.testing.assert_allclose(out["g_eigenvalues"][i, r, 0], np.linalg.eigvalsh(G)[::-1], rtol=1e-5,
                                       atol=1e-6 * np.max(G))
            u0 = network_outputs(torch.from_numpy(X), torch.from_numpy(W0), torch.from_numpy(a), act)
            assert out["error01"][i, r, 0] == pytest.approx(np.mean(np.sign(u0) != y))
            lam = out["g_eigenvalues"][i, r]
            e = np.linalg.norm(lam - lam[0], axis=-1) / np.linalg.norm(lam[0])
            np.testing.assert_allclose(out["g_eig_change"][i, r], e, rtol=1e-12)
    assert np.all(out["g_eig_change"][..., -1] > 0)  # training moves G a little


def test_gram_path_on_known_changes():
    n = 6
    lam = np.array([5.0, 3.0, 0.3, 0.2, 0.1, 0.05])
    Q, _ = np.linalg.qr(rng(0, "basis").standard_normal((n, n)))
    G0 = (Q * lam) @ Q.T
    theta = 0.3  # rotate the top eigenvector towards the smallest one's direction
    R = np.eye(n)
    R[[0, 0, 5, 5], [0, 5, 0, 5]] = [np.cos(theta), -np.sin(theta), np.sin(theta), np.cos(theta)]
    rotated = Q @ R
    G1 = (rotated * lam) @ rotated.T
    G2 = 1.1 * G0
    path = compute.gram_path(np.stack([G0, G1, G2]))
    assert int(path["top_k"]) == 2  # 8 of 8.65 is >= 90 % of the trace
    np.testing.assert_allclose(path["vec_sine"], [0, np.sin(theta), 0], atol=1e-12)
    np.testing.assert_allclose(path["eig_change"], [0, 0, 0.1], atol=1e-12)
    bad = np.stack([G0, np.full((n, n), np.nan)])
    assert np.isnan(compute.gram_path(bad)["vec_sine"][1]) and np.isnan(compute.gram_path(bad)["eig_change"][1])


def test_top_eigenspace_never_splits_a_pair():
    assert compute.top_eigenspace_size(np.array([2.0, 2.0, 0.1, 0.1])) == 2
    assert compute.top_eigenspace_size(np.array([4.0, 1.0, 0.995, 0.01])) == 3  # 1 % cluster kept together
    assert compute.top_eigenspace_size(np.array([9.0, 0.5, 0.5])) == 1


def test_monte_carlo_errors_of_the_gram_estimate():
    g = rng(9, "mc")
    X = lifted_circle(g, 8, 10, "half")
    W, a = g.standard_normal((3000, 10)), g.standard_normal(3000)
    act = activation("relu")
    t = lambda v: torch.from_numpy(v)  # noqa: E731
    G, trace_se, frob_se = compute.gram_and_spread(t(X), t(W), t(a), act, chunk=1000)
    np.testing.assert_allclose(G.numpy(), gram_matrix(t(X), t(W), t(a), act).numpy(), rtol=1e-12)
    D = (X @ W.T >= 0).astype(float)  # (n, m)
    xi = (X @ X.T)[None] * (a[:, None, None] ** 2 * D.T[:, :, None] * D.T[:, None, :])  # (m, n, n)
    c = np.trace(xi, axis1=1, axis2=2) / 8
    assert trace_se == pytest.approx(np.std(c) / np.sqrt(3000), rel=1e-9)
    spread = np.mean(np.sum((xi - xi.mean(0)) ** 2, axis=(1, 2)))
    assert frob_se == pytest.approx(np.sqrt(spread / 3000), rel=1e-9)


# ---------------------------------------------------------------- claims on synthetic run files

ACTS = ["relu", "elu", "swish", "tanh"]
SPEC_ACTS = ["relu", "elu", "swish", "quadratic", "tanh"]
RATES = {"relu": 6.0, "elu": 1.0, "tanh": 0.5, "swish": 0.4}  # normalised loss exp(-rate k / T)
CFG = {"ns": [10, 50], "arc": "half", "output_weights": "gaussian", "runs": 2,
       "train": {"width": 1000, "eta": 0.01, "epochs": 100}, "spectra": {"width": 1000}}


def synthetic_train(n):
    epochs = np.arange(0, 101, 10)
    runs = 2
    L0 = np.array([n / 2, n / 2 + 1.0])
    loss = np.stack([L0[:, None] * np.exp(-RATES[a] * epochs / 100)[None] for a in ACTS])
    small = np.full((len(ACTS), runs, len(epochs)), 0.01)
    small[..., 0] = 0.0
    return {"activations": np.array(ACTS), "epochs": epochs, "loss": loss, "lin_loss": loss.copy(),
            "g_relative_change": np.full((len(ACTS), runs), 0.01), "g_eigenvalues": np.ones((len(ACTS), runs, 11, n)),
            "g_eig_change": small.copy(), "g_vec_sine": small.copy(), "g_top_k": np.full((len(ACTS), runs), 2),
            "error01": np.zeros((len(ACTS), runs, len(epochs))), "first_nonfinite_step": np.full((len(ACTS), runs), -1),
            "width": np.array(1000)}


def synthetic_spectra(n):
    k = np.arange(1, n + 1, dtype=float)
    shape = {"relu": 1 / k, "elu": 0.5 / k, "tanh": 2 * np.exp(-k), "swish": 1.5 * np.exp(-k),
             "quadratic": np.r_[[3.0, 2.0, 1.0], np.zeros(n - 3)]}
    finite = np.stack([np.stack([shape[a], shape[a]]) for a in SPEC_ACTS])
    X = lifted_circle(rng(0, "ref"), n, 10, "half")
    infinite = np.stack([np.linalg.eigvalsh(g_infinity(X, activation(a)))[::-1] for a in SPEC_ACTS])
    ones = np.ones((len(SPEC_ACTS), 2))
    return {"activations": np.array(SPEC_ACTS), "finite": finite, "infinite": infinite, "width": np.array(1000),
            "trace_ratio": ones.copy(), "frob_error": 0.01 * ones, "trace_z": ones.copy(), "frob_z": ones.copy()}


@pytest.fixture(scope="module")
def synthetic():
    return {n: synthetic_train(n) for n in CFG["ns"]}, {n: synthetic_spectra(n) for n in CFG["ns"]}


def rows(train, spec):
    return {c.claim_id: c for c in C.fig1_claims(train, spec, CFG, "test")}


def test_ledger_rows_and_vocabulary(synthetic):
    table = claims_frame(C.fig1_claims(*synthetic, CFG, "test"))
    assert table["claim_id"].is_unique
    paper = table[table["kind"] == "paper"]
    assert sorted(paper["claim_id"].str.split(".").str[1].unique()) == sorted(
        ["gram-essentially-constant", "relu-zero-error", "relu-much-faster", "elu-faster-than-tanh-swish",
         "relu-elu-larger-eigs", "consistent-with-theory"])
    assert len(paper) == 12 and (paper["verdict"] == "reproduced").all()
    assert set(table["kind"]) == {"paper", "theory", "erratum", "implementation"}
    assert (table.loc[table["kind"] == "implementation", "verdict"] == "pass").all()
    for row in paper.itertuples():  # the paper's own words, no other document cited
        assert row.quote and row.source.startswith("§7")
        assert not re.search(r"\b(spec|calib\w*|issue)\b", (row.statement + row.source).lower()), row.claim_id
    # one band per sentence, the same at both n
    for slug, part in paper.assign(slug=paper["claim_id"].str.split(".").str[1]).groupby("slug"):
        assert part["lower"].nunique(dropna=False) == 1 and part["upper"].nunique(dropna=False) == 1, slug


def _act(d, name):
    return list(d["activations"]).index(name)


def set_constant(what, value):
    def perturb(train, spec, n):
        train[n][what][_act(train[n], "tanh"), 1, 5] = value
    return perturb


def relu_end(level):
    """ReLU's normalised run-averaged loss ends at ``level``."""
    def perturb(train, spec, n):
        t = train[n]
        i = _act(t, "relu")
        t["loss"][i, :, -1] = level * t["loss"][i, :, 0]
    return perturb


def relu_half(level):
    """ReLU's normalised loss at T/2 (epoch 50) is ``level`` times ELU's final one."""
    def perturb(train, spec, n):
        t = train[n]
        i, j = _act(t, "relu"), _act(t, "elu")
        target = level * t["loss"][j, :, -1].mean() / t["loss"][j, :, 0].mean()
        t["loss"][i, :, 5] = target * t["loss"][i, :, 0]
    return perturb


def elu_earlier(share):
    """ELU below tanh at ``share`` of the earlier logged epochs (and still below at T)."""
    def perturb(train, spec, n):
        t = train[n]
        i, j = _act(t, "elu"), _act(t, "tanh")
        t["loss"][i, :, 1:-1] = t["loss"][j, :, 1:-1] * 1.05
        below = int(round(share * 9))
        t["loss"][i, :, 1:1 + below] = t["loss"][j, :, 1:1 + below] * 0.95
    return perturb


def elu_vs_tanh_eigs(share):
    """ELU's eigenvalues above tanh's at ``share`` of ALL indices, below elsewhere."""
    def perturb(train, spec, n):
        s = spec[n]
        i, j = _act(s, "elu"), _act(s, "tanh")
        above = int(round(share * n))
        s["finite"][i] = s["finite"][j] * 0.9
        s["finite"][i][:, :above] = s["finite"][j][:, :above] * 1.1
    return perturb


def elu_lambda_min(factor):
    """tanh's and swish's spectra floored at 1e-6 (above the float64 tie floor), ELU's smallest eigenvalue
    ``factor`` times that."""
    def perturb(train, spec, n):
        s = spec[n]
        for name in ("tanh", "swish"):
            s["finite"][_act(s, name)] = np.maximum(s["finite"][_act(s, name)], 1e-6)
            s["finite"][_act(s, name), :, -1] = 1e-6
        s["finite"][_act(s, "elu"), :, -1] = factor * 1e-6
    return perturb


def quadratic_tail(value):
    def perturb(train, spec, n):
        s = spec[n]
        s["finite"][_act(s, "quadratic"), 1, -1] = value * s["finite"][_act(s, "quadratic"), 1, 0]
    return perturb


# claim slug, panel letters (n = 10, n = 50), perturbation inside the band, perturbation outside it
FLIPS = [
    ("gram-essentially-constant", "ab", set_constant("g_vec_sine", 0.049), set_constant("g_vec_sine", 0.051)),
    ("gram-essentially-constant", "ab", set_constant("g_eig_change", 0.049), set_constant("g_eig_change", 0.051)),
    ("relu-zero-error", "ab", relu_end(0.009), relu_end(0.011)),
    ("relu-much-faster", "ab", relu_half(0.99), relu_half(1.01)),
    ("relu-much-faster", "ab", relu_end(0.009), relu_end(0.5)),  # ReLU no longer below ELU and tanh at T
    ("elu-faster-than-tanh-swish", "ab", elu_earlier(6 / 9), elu_earlier(4 / 9)),
    ("relu-elu-larger-eigs", "cd", elu_vs_tanh_eigs(0.6), elu_vs_tanh_eigs(0.5)),
    ("consistent-with-theory", "cd", elu_lambda_min(1.01), elu_lambda_min(0.99)),
]


@pytest.mark.parametrize("n", [10, 50])
@pytest.mark.parametrize("slug,panels,inside,outside", FLIPS, ids=[f"{f[0]}-{i}" for i, f in enumerate(FLIPS)])
def test_paper_verdict_flips_both_ways(synthetic, n, slug, panels, inside, outside):
    claim_id = f"panigrahi2020-fig1{panels[CFG['ns'].index(n)]}.{slug}"
    train, spec = copy.deepcopy(synthetic)
    inside(train, spec, n)
    assert rows(train, spec)[claim_id].verdict == "reproduced"
    outside(train, spec, n)
    assert rows(train, spec)[claim_id].verdict == "not reproduced"
    inside(train, spec, n)
    assert rows(train, spec)[claim_id].verdict == "reproduced"


def test_faster_reading_counts_every_earlier_epoch_and_the_end():
    a, b = np.array([1.0, 0.5, 0.4, 0.2]), np.array([1.0, 0.6, 0.3, 0.3])
    assert C.faster(a, b) == (False, 0.5)  # 1 of 2 earlier epochs is not a majority
    assert C.faster(np.array([1.0, 0.5, 0.2, 0.2]), b)[0] is True
    assert C.faster(np.array([1.0, 0.5, 0.2, 0.3]), b)[0] is False  # a tie at T is not faster
    epochs = np.array([0, 10, 20, 30])
    assert C.half_time_index(epochs) == 1  # floor(30/2) = 15 was not logged: the last logged before it


def test_larger_share_ties_at_the_float_floor():
    a, b = np.array([1.0, 0.5, 1e-15, 1e-14]), np.array([0.5, 0.6, -1e-16, 1e-17])
    assert C.larger_share(a, b, 1e-12) == 0.25  # indices 3, 4 are both below the floor: ties, not larger


def test_theory_row_flips_both_ways(synthetic):
    for n, panel in ((10, "c"), (50, "d")):
        claim_id = f"panigrahi2020-fig1{panel}.thm43-quadratic-zero-eigs"
        train, spec = copy.deepcopy(synthetic)
        assert rows(train, spec)[claim_id].verdict == "holds"
        quadratic_tail(1e-8)(train, spec, n)
        assert rows(train, spec)[claim_id].verdict == "violated"
        quadratic_tail(1e-11)(train, spec, n)
        assert rows(train, spec)[claim_id].verdict == "holds"


def test_elu_erratum_demonstrated_only_for_the_printed_formula():
    x = np.linspace(-3, 3, 601)
    np.testing.assert_allclose(C.k41_elu(x), np.where(x < 0, np.expm1(x), x))
    np.testing.assert_allclose(C.printed_elu(x[x < 0]), x[x < 0] * np.expm1(x[x < 0]))
    assert C.elu_erratum("t").verdict == "demonstrated"
    assert C.elu_erratum("t").value == pytest.approx(1.0, abs=1e-5)
    assert C.elu_erratum("t", formula=C.k41_elu).verdict == "not demonstrated"
    # the repository's ELU is Cor. K.4.1's: phi' continuous at 0, phi'' jumps by 1 (J2)
    elu = activation("elu")
    z = torch.tensor([-1e-9, 0.0, 1e-9], dtype=torch.float64)
    d1, d2 = elu.dphi(z).numpy(), elu.d2phi(z).numpy()
    assert abs(d1[2] - d1[0]) < 1e-8 and abs(abs(d2[2] - d2[0]) - 1) < 1e-8


def test_missing_activation_is_not_testable(synthetic):
    train, spec = copy.deepcopy(synthetic)
    keep = [_act(train[10], a) for a in ("relu", "elu", "tanh")]
    for key in ("activations", "loss", "lin_loss", "g_relative_change", "g_eigenvalues", "g_eig_change",
                "g_vec_sine", "g_top_k", "error01", "first_nonfinite_step"):
        train[10][key] = train[10][key][keep]
    got = rows(train, spec)
    assert got["panigrahi2020-fig1a.elu-faster-than-tanh-swish"].verdict == "not testable"
    assert got["panigrahi2020-fig1a.relu-much-faster"].verdict == "not testable"
    assert got["panigrahi2020-fig1a.relu-zero-error"].verdict == "reproduced"


def diverge(train, spec, n):
    train[n]["first_nonfinite_step"][0, 0] = 17


def trace_off(train, spec, n):
    spec[n]["trace_z"][_act(spec[n], "elu"), 1] = 5.5


def frob_off(train, spec, n):
    spec[n]["frob_z"][_act(spec[n], "swish"), 0] = 5.5


def rank_four(train, spec, n):
    spec[n]["finite"][_act(spec[n], "quadratic"), 0, 3] = 1.0


def bad_reference(train, spec, n):
    spec[n]["infinite"][_act(spec[n], "relu"), 0] *= 1.05


IMPLEMENTATION = [("a", "no-divergence", diverge, 10), ("b", "no-divergence", diverge, 50),
                  ("c", "trace", trace_off, 10), ("d", "finite-to-infinite", frob_off, 50),
                  ("c", "quadratic-rank-3", rank_four, 10), ("d", "infinite-spectrum-reference", bad_reference, 50)]


@pytest.mark.parametrize("panel,slug,perturb,n", IMPLEMENTATION, ids=[f"{p}-{s}" for p, s, _, _ in IMPLEMENTATION])
def test_implementation_check_fails_on_perturbed_data(synthetic, panel, slug, perturb, n):
    claim_id = f"panigrahi2020-fig1{panel}.{slug}"
    train, spec = copy.deepcopy(synthetic)
    assert rows(train, spec)[claim_id].verdict == "pass"
    perturb(train, spec, n)
    assert rows(train, spec)[claim_id].verdict == "fail"


def test_smoke_runs_give_every_row(synthetic):
    """The claims read what the compute jobs write (smoke settings): every row is there, no implementation fails."""
    cfg, seed = copy.deepcopy(load_profile("smoke")["panigrahi2020"]["fig1"]), 2020
    torch.set_num_threads(2)
    cpu = torch.device("cpu")
    train = {n: compute.train_runs(cfg, seed, n, cpu, progress=False) for n in cfg["ns"]}
    spec = {n: compute.spectra(cfg, seed, n, cpu) for n in cfg["ns"]}
    table = claims_frame(C.fig1_claims(train, spec, cfg, "smoke"))
    assert set(table["claim_id"]) == set(rows(*synthetic))
    impl = table[table["kind"] == "implementation"]
    assert (impl["verdict"] == "pass").all(), impl.loc[impl["verdict"] != "pass", ["claim_id", "value"]]
    assert table.loc[table["kind"] == "paper", "value"].notna().all()
