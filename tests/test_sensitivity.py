"""The sensitivity reruns: each alternative reading really changes the computation, and the robustness word of the
ledger follows from the readings' verdicts. No test requires a paper verdict to be 'reproduced'."""
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import torch

from overparam.activations import activation
from overparam.claims import Claim, claims_frame, with_robustness
from overparam.data import lifted_circle
from overparam.kernels import g_infinity, phi_second_moment, unit_second_moment
from overparam.papers.du2019 import compute_sensitivity as du_sensitivity
from overparam.papers.du2019.claims import claims as du_claims
from overparam.papers.du2019.compute import run_seeds
from overparam.papers.oymak2019 import compute_sensitivity as oy_sensitivity
from overparam.papers.panigrahi2020.compute_sensitivity import singularity_note
from overparam.seeding import rng
from overparam.sensitivity import (COLUMNS, DEPENDS, NOT_ASSESSED, ROBUST, check, flips, robustness, setting_rows,
                                  with_ledger)
from overparam.weights import init_network

from conftest import load_profile

CPU = torch.device("cpu")
ACTS = ["relu", "elu", "tanh", "swish", "quadratic"]


def quadrature_second_moment(phi, nodes: int = 200) -> float:
    """E phi(z)^2 by numpy's own probabilists' Gauss-Hermite rule (independent of overparam.kernels)."""
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    values = phi(torch.from_numpy(x)).numpy()
    return float(np.sum(w * values ** 2) / math.sqrt(2 * math.pi))


@pytest.mark.parametrize("name", ACTS)
def test_scaled_activations_have_unit_second_moment(name):
    plain, scaled = activation(name), unit_second_moment(activation(name))
    # ELU's phi'' jumps at 0: Gauss-Hermite converges slowly there, hence 1e-4 between two rules
    assert quadrature_second_moment(scaled.phi) == pytest.approx(1.0, rel=1e-4)
    c2 = quadrature_second_moment(plain.phi)
    assert abs(c2 - 1) > 0.3  # the plain activation is not already normalised: the reading changes something
    assert float(phi_second_moment(scaled)[0]) == pytest.approx(1.0, rel=1e-9)
    # phi', and with it G^inf, scales by 1/c_phi (G by 1/c_phi^2); the name stays (claims find it by name)
    z = torch.linspace(-3, 3, 13, dtype=torch.float64)
    torch.testing.assert_close(scaled.dphi(z), plain.dphi(z) / math.sqrt(c2), rtol=1e-5, atol=1e-12)
    X = lifted_circle(rng(0, "t"), 6, 4, "half")
    np.testing.assert_allclose(g_infinity(X, scaled), g_infinity(X, plain) / c2, rtol=1e-5, atol=1e-12)
    assert scaled.name == name and not scaled.dphi_is_indicator


def test_scaling_reorders_the_activations_spectra():
    """c_phi^2 differs between activations (ReLU 1/2, tanh 0.39, swish 0.36), so G's scale ratios change."""
    c2 = {n: float(phi_second_moment(activation(n))[0]) for n in ("relu", "tanh", "swish")}
    assert c2["relu"] == pytest.approx(0.5, rel=1e-6)
    assert c2["tanh"] < c2["relu"] and c2["swish"] < c2["tanh"]


def test_full_circle_gives_a_singular_g_and_the_half_circle_does_not():
    for arc, singular in (("full", True), ("half", False)):
        X = lifted_circle(rng(0, "t"), 10, 10, arc)
        lam = np.linalg.eigvalsh(g_infinity(X, activation("relu")))
        assert (lam[0] <= 10 * np.finfo(float).eps * lam[-1]) == singular, (arc, lam[0] / lam[-1])
        spec = {"activations": np.array(["relu"]), "infinite": lam[::-1][None, :]}
        note = singularity_note(spec)
        assert note.startswith("G^inf singular for relu" if singular else "G^inf singular for none"), note


@pytest.mark.parametrize("param, std", [("unit_fanin", 1.0), ("dzps", 1.0),
                                        ("standard_fanin", math.sqrt(1 / 3074 + 0.01)),
                                        ("pytorch_default", math.sqrt(2 / (3 * 3074)))])
def test_parametrisations_give_preactivations_of_the_stated_scale(param, std):
    d, m = 3074, 4000  # Figure 2's input dimension (3072 pixels + 2) on unit-norm inputs
    X = rng(1, "x").standard_normal((50, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    init = init_network(param, m, d, 10, rng(0, "t"))
    Z = X @ init["W"].T + init.get("b", 0.0)
    assert np.std(Z) == pytest.approx(std, rel=0.05)
    assert ("b" in init) == (param in ("standard_fanin", "pytorch_default"))


def tiny_du(**over):
    cfg = {"seed": 3, "n": 8, "d": 8, "widths": [8, 16], "small_widths": [4], "eta": 0.1, "steps": 6, "seeds": 1,
           "figure_seed": 0, "activation": "relu", "output_weights": "rademacher",
           "sensitivity": {"eta": [0.05, 0.2], "width_factors": [0.5, 2], "output_weights": ["gaussian"]}}
    return {**cfg, **over}


def test_du_readings_are_the_neighbours_of_the_quick_profile():
    cfg = load_profile("quick")["du2019"]
    readings = {setting: [(label, alt) for label, alt in alts] for setting, _, alts in du_sensitivity.readings(cfg)}
    assert [alt["eta"] for _, alt in readings["eta"]] == [cfg["eta"] / 2, cfg["eta"] * 2]
    assert [alt["widths"] for _, alt in readings["widths"]] == [[m // 2 for m in cfg["widths"]],
                                                                [m * 2 for m in cfg["widths"]]]
    assert [alt["output_weights"] for _, alt in readings["output weights"]] == ["gaussian"]


def test_du_sensitivity_job_trains_each_reading_and_keeps_the_ledger_default(tmp_path, monkeypatch):
    cfg = tiny_du()
    ledger = claims_frame(du_claims(run_seeds(cfg, [0], CPU, progress=False), cfg, "smoke"))
    used = []

    def spy(run_cfg, seeds, device, progress=True):
        used.append((run_cfg["eta"], tuple(run_cfg["widths"]), run_cfg["output_weights"]))
        return run_seeds(run_cfg, seeds, device, progress)

    monkeypatch.setattr(du_sensitivity, "run_seeds", spy)
    job = SimpleNamespace(config={"du2019": cfg, "profile": "smoke"}, input=[], output=[tmp_path / "out.csv"],
                          device=CPU)
    du_sensitivity.sensitivity(job)  # no claim file: it runs beside the main training
    assert used == [(0.05, (8, 16), "rademacher"), (0.2, (8, 16), "rademacher"), (0.1, (4, 8), "rademacher"),
                    (0.1, (16, 32), "rademacher"), (0.1, (8, 16), "gaussian")]
    own = pd.read_csv(tmp_path / "out.csv", keep_default_na=False, na_values=[""])
    assert own.loc[own["default"], "verdict"].isna().all()  # left empty for the ledger to fill
    table = check(with_ledger(own, ledger))
    paper = ledger[ledger["kind"] == "paper"].set_index("claim_id")
    defaults = table[table["default"]]
    assert set(defaults["setting"]) == {"eta", "widths", "output weights"}
    for row in defaults.itertuples():  # the default reading is the ledger's row, not a recomputation
        assert row.verdict == paper.loc[row.claim_id, "verdict"]
        assert row.value == pytest.approx(paper.loc[row.claim_id, "value"], nan_ok=True)
    assert set(table.loc[table["setting"] == "eta", "reading"]) == {"eta = 0.1", "eta = 0.05", "eta = 0.2"}
    assert set(table.loc[table["setting"] == "widths", "reading"]) == {"m/n = 1, 2", "m/n = 0.5, 1", "m/n = 2, 4"}


def test_default_readings_take_the_ledgers_verdict_and_refuse_a_claim_it_lacks():
    """The stacked table's default cells are the ledger's rows: change the ledger's verdict and the default (and the
    robustness word) change with it; a rerun claim that the ledger does not have is an error."""
    alternative = pd.DataFrame([{"claim_id": "p-fig1a.x", "setting": "eta", "reading": "eta = 0.2",
                                 "verdict": "reproduced", "value": 2.0, "default": False, "reading_note": "",
                                 "detail": "rerun"}], columns=COLUMNS)
    own = setting_rows("eta", "eta = 0.1", [alternative])
    ledger = claims_frame([Claim("p-fig1a.x", "p", "p-fig1a", "paper", "q", "s", "st", 1.0, lower=0)])
    table = check(with_ledger(own, ledger))
    default = table[table["default"]].iloc[0]
    assert (default["verdict"], default["value"]) == ("reproduced", 1.0)
    assert robustness(table, ["p-fig1a.x"]) == {"p-fig1a.x": ROBUST}
    flipped = claims_frame([Claim("p-fig1a.x", "p", "p-fig1a", "paper", "q", "s", "st", -1.0, lower=0)])
    assert with_ledger(own, flipped).loc[lambda t: t["default"], "verdict"].tolist() == ["not reproduced"]
    assert robustness(with_ledger(own, flipped), ["p-fig1a.x"]) == {"p-fig1a.x": "depends on eta"}
    with pytest.raises(ValueError, match=r"\['p-fig1a.x'\] were rerun but are not paper rows"):
        with_ledger(own, flipped[flipped["claim_id"] != "p-fig1a.x"])
    with pytest.raises(ValueError, match=r"\['p-fig1a.x'\] appear more than once"):
        with_ledger(own, pd.concat([ledger, flipped]))


def synthetic_table(flip: bool) -> pd.DataFrame:
    rows = [("p-fig1a.x", "eta", "eta = 0.1", "reproduced", True),
            ("p-fig1a.x", "eta", "eta = 0.2", "not reproduced" if flip else "reproduced", False),
            ("p-fig1a.x", "arc", "half", "reproduced", True),
            ("p-fig1a.x", "arc", "full", "reproduced", False),
            ("p-fig1a.y", "arc", "half", "not reproduced", True),
            ("p-fig1a.y", "arc", "full", "not reproduced", False)]
    return pd.DataFrame([{"claim_id": c, "setting": s, "reading": r, "verdict": v, "value": 1.0, "default": d,
                          "reading_note": "", "detail": ""} for c, s, r, v, d in rows], columns=COLUMNS)


def test_robustness_word_follows_the_verdicts():
    ids = ["p-fig1a.x", "p-fig1a.y", "p-fig1a.z"]
    assert robustness(synthetic_table(flip=False), ids) == {"p-fig1a.x": ROBUST, "p-fig1a.y": ROBUST,
                                                            "p-fig1a.z": NOT_ASSESSED}
    flipped = synthetic_table(flip=True)
    words = robustness(flipped, ids)
    assert words["p-fig1a.x"] == DEPENDS + "eta" == "depends on eta" and words["p-fig1a.y"] == ROBUST
    assert flips(flipped).to_dict("records") == [{"claim_id": "p-fig1a.x", "setting": "eta", "reading": "eta = 0.2",
                                                   "default_verdict": "reproduced", "verdict": "not reproduced"}]


def test_ledger_column_only_on_paper_rows():
    rows = [Claim("p-fig1a.x", "p", "p-fig1a", "paper", "q", "s", "st", 1.0, lower=0),
            Claim("p-fig1a.y", "p", "p-fig1a", "paper", "q", "s", "st", -1.0, lower=0),
            Claim("p-fig1a.z", "p", "p-fig1a", "implementation", "", "", "st", 1.0, lower=0)]
    table = with_robustness(claims_frame(rows), synthetic_table(flip=True))
    assert table["robustness"].tolist() == ["depends on eta", "robust", ""]


def test_check_refuses_a_setting_without_its_default():
    table = synthetic_table(flip=False)
    with pytest.raises(ValueError, match="default readings"):
        check(table[~((table["claim_id"] == "p-fig1a.y") & table["default"])])


def test_oymak_rerun_panels_must_keep_their_letters():
    cfg = load_profile("quick")["oymak2019"]
    assert [a["name"] for a in oy_sensitivity.rerun_config(cfg, ["softplus"])["activations"]] == ["softplus"]
    with pytest.raises(ValueError, match="oymak2019.sensitivity.activations"):
        oy_sensitivity.rerun_config(cfg, ["relu"])


def test_oymak_rows_kept_from_the_first_activation_are_those_of_the_full_ledger():
    """PANELS_READ is right: rows judged on panels (a, b) alone equal the same rows judged on all four panels."""
    from overparam.papers.oymak2019.claims import claims as oy_claims
    from overparam.papers.oymak2019.compute import run_panel
    from overparam.papers.oymak2019.settings import panel_ids
    from overparam.papers.oymak2019.tables import cell_table

    cfg = {"seed": 0, "ns": [10, 12], "activations": [{"name": "softplus", "eta": 0.15}, {"name": "relu", "eta": 0.1}],
           "ks": [2, 4, 6], "ds": [2, 4, 6], "trials": 1, "max_iter": 300, "tol": 2.5e-3, "loss_scale": "half_sum",
           "batch_size": {"cpu": 0, "cuda": 0}}
    cells = {key: cell_table(run_panel(cfg, activation(key[0]), key[1], CPU, progress=False)) for key in panel_ids(cfg)}
    full = {r.claim_id: (r.verdict, r.value) for r in oy_claims(cells, cfg, "smoke") if r.kind == "paper"}
    rows, keep = oy_sensitivity.panel_claims(oy_sensitivity.rerun_config(cfg, ["softplus"]), "smoke", CPU)
    assert keep == set(oy_sensitivity.PANELS_READ)
    for r in rows:
        if r.claim_id in keep:
            assert r.verdict == full[r.claim_id][0]
            assert r.value == pytest.approx(full[r.claim_id][1], nan_ok=True)
    _, every = oy_sensitivity.panel_claims(cfg, "smoke", CPU)
    assert every == set(full)
