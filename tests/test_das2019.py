"""Das & Golikov (2019): lambda0 by independent methods, the counterexample's plateau, threshold formulas, and the
ledger's rows (theory, erratum, implementation) on a reduced quick configuration: every row has a band, its verdict
comes from the band, and each row's verdict flips on perturbed data."""
import copy

import numpy as np
import pandas as pd
import pytest
import torch

from conftest import load_profile
from overparam.activations import activation
from overparam.claims import BAND_VERDICTS, claims_frame
from overparam.data import uniform_sphere
from overparam.gram import gram_matrix
from overparam.jobs import DeclaredConfig, UndeclaredConfigKey, declared_keys, select
from overparam.kernels import g_infinity, g_infinity_quadrature, phi_second_moment
from overparam.papers.das2019 import claims as das_claims
from overparam.papers.das2019 import compute as das_compute
from overparam.papers.das2019 import settings as st
from overparam.papers.das2019 import tables as das_tables
from overparam.papers.das2019.registry import PAPER as REGISTERED
from overparam.seeding import rng

CPU = torch.device("cpu")
SOFTPLUS = activation("softplus")


def declared(cfg: dict, rule: str) -> dict:
    """The das2019 block as the job of ``rule`` sees it: only the keys its entry declares (others raise)."""
    spec = next(job.entry for job in REGISTERED.jobs if job.rule == rule)
    full = {"das2019": cfg, "device": "cpu", "profile": "test"}
    return DeclaredConfig(select(full, declared_keys(spec), spec), entry=spec)["das2019"]


def mixed_norm_data(n=20, d=5, seed=0):
    """The spec's test set for lambda0: random directions with norms uniform in [0.3, 1]."""
    g = rng(seed, "das2019-test-lambda0")
    return uniform_sphere(g, n, d) * g.uniform(0.3, 1.0, size=(n, 1))


# ---------------------------------------------------------------- lambda0: two independent methods and Monte Carlo

@pytest.mark.parametrize("name,tol", [("softplus", 1e-12), ("gelu", 1e-12), ("swish", 1e-12),
                                      ("shifted_softplus", 1e-12), ("tanh", 1e-10)])
def test_hermite_series_matches_2d_quadrature(name, tol):
    # Method A (Mehler series, per-norm coefficients) against method B (tensor Gauss-Hermite, no series at all).
    # tanh's coefficients decay slowest: the spec measured 9e-12 between the methods.
    X = mixed_norm_data()
    np.testing.assert_allclose(g_infinity(X, activation(name)), g_infinity_quadrature(X, activation(name)), rtol=0, atol=tol)
    lam_a = np.linalg.eigvalsh(g_infinity(X, activation(name)))[0]
    lam_b = np.linalg.eigvalsh(g_infinity_quadrature(X, activation(name)))[0]
    assert abs(lam_a - lam_b) <= tol


def test_monte_carlo_matches_entrywise():
    # Method C: C(0) at M = 1e6 neurons is the Monte-Carlo estimate of H^inf; entry errors ~0.2/sqrt(M).
    X = mixed_norm_data()
    W = torch.from_numpy(rng(1, "das2019-test-mc").standard_normal((1_000_000, X.shape[1])))
    H_mc = gram_matrix(torch.from_numpy(X), W, None, SOFTPLUS).numpy()
    H = g_infinity(X, SOFTPLUS)
    assert np.max(np.abs(H_mc - H)) <= 5e-4
    # lambda_min's relative error scales like sqrt(n/M), far below the entrywise error times n
    lam, lam_mc = np.linalg.eigvalsh(H)[0], np.linalg.eigvalsh(H_mc)[0]
    assert abs(lam_mc / lam - 1) <= 0.03


def test_h_infinity_symmetric_psd_and_diagonal():
    X = mixed_norm_data()
    H = g_infinity(X, SOFTPLUS)
    np.testing.assert_array_equal(H, H.T)
    assert np.linalg.eigvalsh(H)[0] > 0
    # diag = ||x||^2 E[sigma'(||x|| g)^2]; 0.2933790 for unit x (spec section 4)
    unit = uniform_sphere(rng(2, "das2019-test-unit"), 6, 4)
    np.testing.assert_allclose(np.diag(g_infinity(unit, SOFTPLUS)), 0.2933790359, atol=1e-9)


def test_zero_input_gives_zero_row():
    X = mixed_norm_data(n=6)
    X[3] = 0.0
    H = g_infinity(X, SOFTPLUS)
    assert np.all(H[3] == 0) and np.all(H[:, 3] == 0)
    np.testing.assert_allclose(g_infinity_quadrature(X, SOFTPLUS)[3], 0.0, atol=0)


@pytest.mark.parametrize("name", ["softplus", "gelu", "swish"])
def test_lambda0_vanishes_on_the_counterexample_data(name):
    data = das_compute.antipodal_datasets(load_profile("quick")["das2019"])
    for key in ("A", "B"):
        eig = np.linalg.eigvalsh(g_infinity(data[key]["X"], activation(name)))
        assert abs(eig[0]) <= 1e-12 * eig[-1], (key, eig[:4])
    # ... and not once the representatives are independent, or with a bias
    eig = np.linalg.eigvalsh(g_infinity(data["B_independent"]["X"], activation(name)))
    assert eig[0] > 1e-6 * eig[-1]
    eig = np.linalg.eigvalsh(g_infinity(data["A"]["X"], activation("shifted_softplus")))
    assert eig[0] > 1e-6


def test_spec_values_on_dataset_a():
    # spec E1: spectrum {~0, 4.5e-5, 0.094, 0.625}; shifted softplus lambda0 = 1.5e-5
    X = das_compute.antipodal_datasets(load_profile("quick")["das2019"])["A"]["X"]
    eig = np.linalg.eigvalsh(g_infinity(X, SOFTPLUS))
    np.testing.assert_allclose(eig[1:], [4.5e-5, 0.094, 0.625], rtol=0.01)
    assert np.linalg.eigvalsh(g_infinity(X, activation("shifted_softplus")))[0] == pytest.approx(1.5e-5, rel=0.05)


def test_activation_constants_match_spec():
    # c3 = E sigma(g)^2 (spec section 1.4)
    for name, c3 in {"softplus": 0.92125, "shifted_softplus": 2.4810, "tanh": 0.3943, "swish": 0.3558,
                     "gelu": 0.4252}.items():
        assert phi_second_moment(activation(name))[0] == pytest.approx(c3, abs=1e-4), name
    assert st.D_constant(phi_second_moment(SOFTPLUS)[0]) == pytest.approx(1.3861, abs=1e-4)


# ---------------------------------------------------------------- counterexample: the predicted plateau

def test_plateau_formula_against_null_space():
    # L_inf = 1/4 ||(I - P_R)(y+ - y-)||^2 (pair structure) equals 1/2 ||P_N y||^2 (null space N of H^inf)
    data = das_compute.antipodal_datasets(load_profile("quick")["das2019"])
    assert st.plateau_prediction(**{k: data["A"][k] for k in ("X", "y", "plus", "minus")}) == pytest.approx(
        0.2, abs=1e-15)
    for key in ("A", "B"):
        ds = data[key]
        lam, V = np.linalg.eigh(g_infinity(ds["X"], SOFTPLUS))
        N = V[:, lam <= 1e-12 * lam[-1]]
        assert st.plateau_prediction(ds["X"], ds["y"], ds["plus"], ds["minus"]) == pytest.approx(
            0.5 * np.sum((N.T @ ds["y"]) ** 2), abs=1e-12)


def test_null_directions_are_exact_invariants():
    # alpha^T u = 0 for every W (not only along GD): u(x) - u(-x) = v.x for sigma(t) - sigma(-t) = t
    data = das_compute.antipodal_datasets(load_profile("quick")["das2019"])
    ds = data["B"]
    alphas = st.null_directions(ds["X"], ds["plus"], ds["minus"])
    assert alphas.shape[1] == 3
    g = rng(3, "das2019-test-invariant")
    X = torch.from_numpy(ds["X"])
    for name in ("softplus", "gelu", "swish"):
        W = torch.from_numpy(g.standard_normal((500, 5)) * 3)
        a = torch.from_numpy(g.choice([-1.0, 1.0], 500))
        u = (activation(name).phi(X @ W.T) @ a / np.sqrt(500)).numpy()
        assert np.max(np.abs(alphas.T @ u)) <= 1e-12


# ---------------------------------------------------------------- a reduced quick configuration, run once

def reduced_config():
    """Quick settings with fewer n, widths and seeds; every checked claim still applies (same seed streams)."""
    cfg = copy.deepcopy(load_profile("quick")["das2019"])
    cfg["supp1"].update(ns=[16, 32, 64], mc_samples=200_000, mc_max_n=16, bstar_max_width=256)
    tr = cfg["train"]
    tr["ref"].update(widths=[16, 64, 256, 1024, 4096], seeds=2)
    tr["tiny"].update(threshold_seeds=3)  # 3 seeds: enough for a probabilistic bound to be refutable
    tr.update(supp2_widths=[16, 64, 256, 1024, 4096], moment_seeds=50, small_eta_width=16)  # eta/4: reported only
    cfg["supp4"].update(seeds=1)
    cfg["supp4"]["A"].update(widths=[16])  # steps stay at the quick profile's 6e4
    cfg["supp4"]["B"].update(widths=[64])
    return cfg


@pytest.fixture(scope="module")
def runs():
    torch.set_num_threads(1)
    cfg = reduced_config()
    # Each stage sees only the keys its job declares: reading another one raises UndeclaredConfigKey.
    computed = declared(cfg, "das2019_compute")
    s1 = das_compute.supp1_compute(computed, CPU, progress=False)
    train = {w: das_compute.train_dataset(computed, w, CPU, progress=False) for w in st.DATASETS}
    cx = {}
    for part in das_compute.COUNTEREXAMPLE_PARTS:
        cx.update(das_compute.counterexample(declared(cfg, "das2019_counterexample"), part, CPU, progress=False))
    return cfg, s1, train, cx


def verdicts(cfg, s1, train, cx):
    """claim_id -> True for the positive verdict of the row's kind (holds, demonstrated, pass)."""
    return {c.claim_id: c.holds for c in das_claims.claims(s1, train, cx, declared(cfg, "das2019_claims"), "test")}


def test_gd_reaches_the_predicted_plateau(runs):
    # The bound: GD's final loss within 1e-6 (absolute) of L_inf on A (6e4 steps: the slow mode) and B.
    _, _, _, cx = runs
    assert float(cx["A_L_inf"]) == pytest.approx(0.2, abs=1e-15)
    for key in ("A", "B"):
        assert np.all(np.abs(cx[f"{key}_loss"][-1] - float(cx[f"{key}_L_inf"])) <= 1e-6), key
    assert np.max(np.abs(cx["A_alpha_u"])) <= 1e-10


def test_ledger_rows(runs):
    # Das & Golikov has no experiments: theory, erratum and implementation rows only, each with a band and a
    # verdict from it; theory and erratum rows quote the paper and cite it, never a document a reader does not have.
    cfg, s1, train, cx = runs
    found = das_claims.claims(s1, train, cx, declared(cfg, "das2019_claims"), "test")
    table = claims_frame(found)
    assert table["claim_id"].is_unique
    assert set(table["kind"]) == {"theory", "erratum", "implementation"}
    assert (table["lower"].notna() | table["upper"].notna()).all()
    for c in found:
        assert c.verdict in BAND_VERDICTS[c.kind], c.claim_id
        text = " ".join((c.statement, c.source, c.detail)).lower()
        assert "spec " not in text and "spec." not in text and " e1" not in text, c.claim_id
        if c.kind != "implementation":
            assert c.quote and c.source, c.claim_id
            assert "calib" not in text and "regression check" not in text, c.claim_id
    # a failing implementation row is a bug
    bad = table[(table["kind"] == "implementation") & (table["verdict"] != "pass")]
    assert bad.empty, bad[["claim_id", "value", "lower", "upper"]].to_string()
    assert (table["kind"] == "theory").sum() >= 10 and (table["kind"] == "erratum").sum() >= 9


def test_probabilistic_band():
    # "with probability at least 1 - p" is refuted when P[Binomial(S, p) >= F] < 0.05
    assert das_claims.binomial_tail(0, 3, 0.1) == 1.0
    assert das_claims.binomial_tail(1, 3, 0.1) == pytest.approx(0.271)
    assert das_claims.binomial_tail(2, 3, 0.1) == pytest.approx(0.028)
    assert das_claims.binomial_tail(1, 3, 0.1) >= das_claims.C9_LEVEL > das_claims.binomial_tail(2, 3, 0.1)
    assert np.isnan(das_claims.binomial_tail(0, 0, 0.1))


def test_thm46c_required_constant():
    # the largest delta with n delta + D/(4 c1 c2 ln(2n/delta)) <= delta' meets it with equality, and
    # ln(2n/delta) >= D/(4 c1 c2 delta'): the constant C of Thm 4.6(c) grows like 1/delta'
    c3 = phi_second_moment(SOFTPLUS)[0]
    D = st.D_constant(c3)
    for n, dp in ((16, 0.1), (16, 0.001), (1000, 0.01)):
        L = das_claims.log_two_n_over_delta(n, dp, c3)
        assert 2 * n**2 * np.exp(-L) + D / (4 * st.C1 * st.C2 * L) == pytest.approx(dp, rel=1e-9)
        assert L >= D / (4 * st.C1 * st.C2 * dp)
    need = [das_claims.required_constant(16, dp, c3) for dp in (0.1, 0.01, 0.001)]
    assert need[0] < need[1] < need[2]


def test_tables_read_only_their_declared_keys(runs):
    cfg, s1, train, cx = runs
    panels = das_tables.tables(s1, train, cx, declared(cfg, "das2019_tables"))
    assert list(panels) == [panel.name for figure in REGISTERED.figures for panel in figure.panels]
    for figure in REGISTERED.figures:
        for panel in figure.panels:
            assert tuple(panels[panel.name].columns) == panel.columns, panel.name


def test_a_key_that_only_tables_and_plots_read_is_not_a_compute_key():
    # supp4.log_points and train.supp2_widths choose what the CSVs show: changing them must not rerun GD.
    cfg = reduced_config()
    for rule in ("das2019_compute", "das2019_counterexample"):
        for block, key in (("supp4", "log_points"), ("train", "supp2_widths")):
            with pytest.raises(UndeclaredConfigKey):
                declared(cfg, rule)[block][key]


def test_threshold_formulas():
    # Spec section 2's table at n = 16 (lambda0 softplus 7.24e-2, ReLU 0.270, delta' = 0.1): 1.7e6, 5.4e6, 1.1e7,
    # 6.2e7, 3.1e12 (two digits).
    lines = st.threshold_lines([16], [7.24e-2], [0.270], 32, 0.1, phi_second_moment(SOFTPLUS)[0])
    for series, value in {"DG printed": 1.7e6, "DG at delta'": 5.4e6, "DG at delta', E3 fix": 1.1e7,
                          "Song-Yang": 6.2e7, "Du et al.": 3.1e12}.items():
        assert lines[series][0] == pytest.approx(value, rel=0.05), series
    # E4: L_delta' = D/(2 c1 c2 delta') = 27.72 at delta' = 0.1, kappa = 1, for every n < 1e5
    assert st.log_delta_prime(np.array([16, 1000, 99_999]), 0.1, phi_second_moment(SOFTPLUS)[0]) == \
        pytest.approx(27.72, abs=0.01)
    assert abs(st.threshold_width(8, 0.19469, 0.1) - 48_320) <= 10  # spec: m_DG = 48,320 for D_tiny (lambda0 rounded)


def test_printed_threshold_in_the_table_matches_the_closed_form(runs):
    # spec T1.5: the DG line recomputed from the saved lambda0 equals 4 n^2 ln(2n/delta)/lambda0^2, delta = delta'/n
    cfg, s1, _, _ = runs
    b = das_tables.supp1_tables(s1, cfg)["das2019-supp1b"]
    printed = b[b["series"] == "DG printed"].set_index("n")["width"]
    for n, lam0 in zip(s1["ns"], s1["lambda0"]):
        assert printed[n] == pytest.approx(4 * n**2 * np.log(2 * n / (0.1 / n)) / lam0**2, rel=1e-12)


def test_stable_width_and_grid():
    assert st.width_grid(16) == [1, 2, 3, 4, 6, 8, 11, 16]
    assert st.stable_width([1, 2, 4, 8], [0.0, 1.0, 0.5, 1.0], 0.9) == 8
    assert st.stable_width([1, 2, 4, 8], [0.0, 1.0, 0.95, 1.0], 0.9) == 2
    assert np.isnan(st.stable_width([1, 2, 4, 8], [1.0, 1.0, 1.0, np.nan], 0.9))


def test_engine_gradient_matches_autograd_for_das_model():
    # f = m^{-1/2} sum a_r softplus(w_r.x), L = 1/2 sum (y - f)^2: the engine's step against autograd, float64
    cfg = load_profile("quick")["das2019"]
    X, y = das_compute.sphere_dataset(cfg, "test", 6, 4)
    bank = das_compute._bank(cfg, "test", [5, 9], [0], 4, CPU)
    Xb, yb = das_compute._batched(X, y, 1, CPU)
    W = bank.W0.clone().requires_grad_(True)
    from overparam.training import train_fixed_output

    loss = 0.5 * ((bank.outputs(Xb, W, SOFTPLUS) - yb[..., None]) ** 2).sum()
    (auto,) = torch.autograd.grad(loss, W)
    out = train_fixed_output(Xb, yb, bank, SOFTPLUS, 0.1, 1, track_movement=False)
    torch.testing.assert_close(out["W_final"], bank.W0 - 0.1 * auto, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- every checked claim can fail

def _j(run, prefix, m):
    return list(run[f"{prefix}_widths"]).index(m)


def _scale_by_width(run, key, prefix, power):
    run[f"{prefix}_{key}"] = run[f"{prefix}_{key}"] * run[f"{prefix}_widths"].astype(float) ** power


def p_lambda0_positive(cfg, s1, train, cx):
    s1["lambda0"][1] = 0.0


def p_lambda0_mc(cfg, s1, train, cx):
    s1["lambda0_mc"][0] *= 1.05


def p_bstar_never(cfg, s1, train, cx):
    s1["bstar_lmin"][-1] = 0.0  # no grid width reaches Thm 4.2's event at the largest n


def p_bstar_flat(cfg, s1, train, cx):
    s1["bstar_lmin"][:] = 1.0  # every width, even m = 1, "passes": m_B* = 1 for every n


def p_gd_never(cfg, s1, train, cx):
    s1["gd_min_ratio"][:] = np.nan  # every run diverged


def p_gd_steep(cfg, s1, train, cx):
    s1["gd_min_ratio"][-1, :, :-1] = 1.0  # the largest n needs the largest grid width


def p_diverged(cfg, s1, train, cx):
    r = train["ref"]
    r["main_first_nonfinite_step"][0, 0] = 50
    r["main_loss"][50:, 0, 0] = np.nan


def p_envelope(cfg, s1, train, cx):
    r = train["ref"]
    r["main_loss"][40:, 0, -1] = 0.9 * r["main_loss"][0, 0, -1]


def p_rate(cfg, s1, train, cx):
    r = train["ref"]
    r["main_loss"] = r["main_loss"] * np.exp(float(r["lambda0"]) * r["main_t"])[:, None, None]


def p_rate_lmin(cfg, s1, train, cx):
    train["ref"]["main_lmin"][-1] *= 2


def p_linearisation(cfg, s1, train, cx):
    train["ref"]["main_lin_ratio"][5:] += 0.01


def p_kernel_stays(cfg, s1, train, cx):
    r = train["ref"]
    r["main_lmin"][20, 1, _j(r, "main", 256)] = 0.8 * float(r["lambda0"])


def p_final_ratio(cfg, s1, train, cx):
    r = train["ref"]
    j = _j(r, "main", 64)
    r["main_loss"][-1, 1, j] = 1e-6 * r["main_loss"][0, 1, j]


def p_thr_envelope(cfg, s1, train, cx):
    t = train["tiny"]
    t["thr_loss"][10:] = 0.9 * t["thr_loss"][0]


def p_thr_init(cfg, s1, train, cx):
    t = train["tiny"]
    t["thr_lmin"][0] = 0.7 * float(t["lambda0"])  # every seed misses Thm 4.2's event


def p_thr_half(cfg, s1, train, cx):
    t = train["tiny"]
    t["thr_lmin"][5] = 0.4 * float(t["lambda0"])  # every seed leaves Prop. 4.5's event


def p_no_markov_term(cfg, s1, train, cx):
    s1["c3"] = np.array(-1.0)  # D = 0: without Prop. 4.5's Markov term a constant C would exist


def p_loss_below_plateau(name):
    def perturb(cfg, s1, train, cx):
        cx[f"{name}_loss"][-1, 0, 0] = 0.5 * float(cx[f"{name}_L_inf"])
    return perturb


def p_tanh_null(cfg, s1, train, cx):
    cx["B_tanh_null_dim"] = np.array(7)


def p_thr_kernel(cfg, s1, train, cx):
    train["tiny"]["thr_lmin"] *= 0.98


def p_moment_identity(cfg, s1, train, cx):
    train["ref"]["moment_sq"] = train["ref"]["moment_sq"] + 20.0


def p_moment_bound(cfg, s1, train, cx):
    train["ref"]["moment_sq"] = train["ref"]["moment_sq"] * 2.0


def p_per_neuron_slope(cfg, s1, train, cx):
    _scale_by_width(train["ref"], "max_move", "main", 0.4)


def p_init_slope(cfg, s1, train, cx):
    train["ref"]["main_c0_hinf"][:] = 0.05


def p_drift_slope(cfg, s1, train, cx):
    _scale_by_width(train["ref"], "drift", "main", 0.5)


def p_total_flat(cfg, s1, train, cx):
    _scale_by_width(train["ref"], "total_move", "main", 0.2)


def p_43b_corrected(cfg, s1, train, cx):
    train["tiny"]["thr_max_move"] *= 20  # the tightest case is m_DG (margin ~10x to the corrected bound)


def p_43b_printed(cfg, s1, train, cx):
    train["tiny"]["thr_max_move"] *= 6  # above the printed bound, still below the corrected one (factor 2 c1 = 2)


def p_thm42(cfg, s1, train, cx):
    train["ref"]["main_c0_hinf"] *= 100


def p_lipschitz(cfg, s1, train, cx):
    train["ref"]["main_drift"] *= 1000


def p_ntk_movement(cfg, s1, train, cx):
    train["ref"]["main_ntk_move"] *= 1.1


def p_prop45_holds(cfg, s1, train, cx):
    # what the paper's inequality needs at m = 4096: total movement below sqrt(n) r0 / (sqrt(m) lambda0)
    r = train["ref"]
    j = _j(r, "main", 4096)
    r0 = np.sqrt(2 * r["main_loss"][0, :, j])
    bound = np.sqrt(float(r["n"])) * r0 / (np.sqrt(4096) * float(r["lambda0"]))
    r["main_total_move"][:, :, j] = np.minimum(r["main_total_move"][:, :, j], 0.5 * bound)


def p_prop45_threshold(cfg, s1, train, cx):
    train["tiny"]["thr_total_move"] /= 100


def p_radius(cfg, s1, train, cx):
    train["tiny"]["thr_total_move"] /= 10  # inside Remark 4.4's radius, still above Prop. 4.5's bound


def p_eig(name):
    def perturb(cfg, s1, train, cx):
        cx[name] = cx[name].copy()
        cx[name][0] = 1e-3 * cx[name][-1]
    return perturb


def p_bias(cfg, s1, train, cx):
    cx["A_shifted_softplus_eig"][0] = 1e-8


def p_independent(cfg, s1, train, cx):
    cx["B_independent_softplus_eig"][0] = 0.0


def p_null(cfg, s1, train, cx):
    cx["B_softplus_null_angle"] = np.array(0.1)


def p_cx_diverged(cfg, s1, train, cx):
    cx["A_first_nonfinite_step"][0, 0] = 5


def p_plateau(name):
    def perturb(cfg, s1, train, cx):
        cx[f"{name}_loss"][-1, 0, 0] += 1e-5
    return perturb


def p_alpha(cfg, s1, train, cx):
    cx["A_alpha_u"][100, 0, 0] = 1e-6


def p_perturbed(cfg, s1, train, cx):
    cx["B_perturbed_loss"][-1] = 0.1


PERTURBATIONS = {
    "das2019-supp1.lambda0-positive": p_lambda0_positive,
    "das2019-supp1.lambda0-monte-carlo": p_lambda0_mc,
    "das2019-supp1.mbstar-below-threshold": p_bstar_never,
    "das2019-supp1.mbstar-slope": p_bstar_flat,
    "das2019-supp1.mbstar-parameter-count": p_bstar_flat,
    "das2019-supp1.mgdstar-below-threshold": p_gd_never,
    "das2019-supp1.mgdstar-slope": p_gd_steep,
    "das2019-supp1.mgdstar-parameter-count": p_gd_steep,
    "das2019-supp2.no-divergence": p_diverged,
    "das2019-supp2.lemma43a-envelope": p_envelope,
    "das2019-supp2.rate-vs-lambda0": p_rate,
    "das2019-supp2.rate-vs-lambda-min": p_rate_lmin,
    "das2019-supp2.ntk-linearisation": p_linearisation,
    "das2019-supp2.kernel-stays": p_kernel_stays,
    "das2019-supp2.final-ratio": p_final_ratio,
    "das2019-supp1.thm46c-constant-grows": p_no_markov_term,
    "das2019-supp2.thm42-event-at-threshold": p_thr_init,
    "das2019-supp2.prop45-event-at-threshold": p_thr_half,
    "das2019-supp2.thm46b-at-threshold": p_thr_envelope,
    "das2019-supp2.kernel-stays-at-threshold": p_thr_kernel,
    "das2019-supp2.moment-identity": p_moment_identity,
    "das2019-supp2.moment-bound": p_moment_bound,
    "das2019-supp3.per-neuron-slope": p_per_neuron_slope,
    "das2019-supp3.kernel-at-init-slope": p_init_slope,
    "das2019-supp3.kernel-drift-slope": p_drift_slope,
    "das2019-supp3.total-movement-flat": p_total_flat,
    "das2019-supp3.lemma43b-corrected": p_43b_corrected,
    "das2019-supp3.lemma43b-printed": p_43b_printed,
    "das2019-supp3.thm42-bound": p_thm42,
    "das2019-supp3.remark44-lipschitz": p_lipschitz,
    "das2019-supp3.ntk-total-movement": p_ntk_movement,
    "das2019-supp3.prop45-fails-large-m": p_prop45_holds,
    "das2019-supp3.prop45-fails-at-threshold": p_prop45_threshold,
    "das2019-supp3.remark44-radius-exceeded-at-threshold": p_radius,
    "das2019-supp4.thm41-fails-softplus": p_eig("A_softplus_eig"),
    "das2019-supp4.thm41-fails-gelu": p_eig("B_gelu_eig"),
    "das2019-supp4.thm41-fails-swish": p_eig("A_swish_eig"),
    "das2019-supp4.thm41-fails-tanh-pair": p_eig("pair_tanh_eig"),
    "das2019-supp4.bias-repairs": p_bias,
    "das2019-supp4.independent-pairs-positive": p_independent,
    "das2019-supp4.null-space-predicted": p_null,
    "das2019-supp4.no-divergence": p_cx_diverged,
    "das2019-supp4.plateau-A": p_plateau("A"),
    "das2019-supp4.plateau-B": p_plateau("B"),
    "das2019-supp4.thm46b-fails-A": p_loss_below_plateau("A"),
    "das2019-supp4.thm46b-fails-B": p_loss_below_plateau("B"),
    "das2019-supp4.tanh-null-dimension": p_tanh_null,
    "das2019-supp4.alpha-invariant": p_alpha,
    "das2019-supp4.perturbed-converges": p_perturbed,
}


@pytest.mark.parametrize("claim_id", sorted(PERTURBATIONS))
def test_verdict_flips_on_perturbed_data(runs, claim_id):
    # positive verdict (holds / demonstrated / pass) on the run, negative once the data cross the band, and
    # positive again on the unperturbed data (the perturbation works on a copy)
    cfg, s1, train, cx = runs
    broken = copy.deepcopy((cfg, s1, train, cx))
    PERTURBATIONS[claim_id](*broken)
    assert verdicts(cfg, s1, train, cx)[claim_id]
    assert not verdicts(*broken)[claim_id]
    assert verdicts(cfg, s1, train, cx)[claim_id]


def test_every_row_has_a_perturbation(runs):
    table = claims_frame(das_claims.claims(*runs[1:], runs[0], "test"))
    assert set(table["claim_id"]) == set(PERTURBATIONS)


def test_a_diverged_run_fails_the_claims_it_touches(runs):
    # NaN must reach the claims (numpy reductions), not be skipped
    cfg, s1, train, cx = copy.deepcopy(runs)
    r = train["ref"]
    for key in ("loss", "lmin", "drift", "total_move", "max_move"):
        r[f"main_{key}"][30:, 1, -1] = np.nan
    r["main_first_nonfinite_step"][1, -1] = 30
    verdict = verdicts(cfg, s1, train, cx)
    for claim_id in ["das2019-supp2.no-divergence", "das2019-supp2.lemma43a-envelope",
                     "das2019-supp2.final-ratio", "das2019-supp3.per-neuron-slope",
                     "das2019-supp3.prop45-fails-large-m", "das2019-supp3.remark44-lipschitz"]:
        assert not verdict[claim_id], claim_id


def test_paper_profile_runs_at_the_threshold_width_on_d_ref():
    # The m_DG ~ 6e6 run on D_ref is configured for the paper profile only (GPU); quick keeps it off.
    assert load_profile("paper")["das2019"]["train"]["ref"]["threshold_seeds"] >= 1
    assert load_profile("quick")["das2019"]["train"]["ref"]["threshold_seeds"] == 0
    assert load_profile("quick")["das2019"]["supp4"]["A"]["steps"] >= 60_000


def test_run_tables_carry_the_divergence_step(tmp_path):
    """Every GD run table ends with diverged_at: the first non-finite step, -1 when the run stayed finite."""
    run = {"main_first_nonfinite_step": np.array([[-1, 7], [-1, -1]])}
    frame = pd.DataFrame({"m": [16, 64, 16, 64], "seed": [0, 0, 1, 1]})
    out = das_tables._with_divergence(frame, run, "main", [16, 64], [0, 1])
    assert out["diverged_at"].tolist() == [-1, 7, -1, -1]
    assert das_tables._diverged_at({}, "thr", 0, 0) == -1
