"""Du et al. claims on the quick profile's own settings: all pass, and each fails on perturbed data."""
import copy

import numpy as np
import pytest
import torch

from conftest import load_profile
from overparam.claims import Claim, claims_frame
from overparam.papers.du2019 import claims as du2019_claims
from overparam.papers.du2019 import compute as du2019_compute
from overparam.papers.du2019 import settings as du2019_settings


@pytest.fixture(scope="module")
def quick():
    cfg = load_profile("quick")["du2019"]
    torch.set_num_threads(2)
    runs = du2019_compute.run_seeds(cfg, list(range(cfg["seeds"])), torch.device("cpu"), progress=False)
    return cfg, runs


def verdicts(runs, cfg):
    table = claims_frame(du2019_claims.claims(runs, cfg, "quick"))
    return dict(zip(table["claim_id"], table["passed"]))


def test_all_quick_claims_pass(quick):
    cfg, runs = quick
    table = claims_frame(du2019_claims.claims(runs, cfg, "quick"))
    assert len(table) >= 20
    assert table["passed"].all(), table.loc[~table["passed"], ["claim_id", "value", "lower", "upper"]].to_string()


def _col(run, m):
    return run["widths"].tolist().index(m)


def break_flip(runs, cfg):
    runs[0]["flip_violations"][10, 0] = 1


def break_distance_order(runs, cfg):
    r = runs[1]
    i, j = _col(r, cfg["widths"][1]), _col(r, cfg["widths"][2])
    r["max_distance"][:, [i, j]] = r["max_distance"][:, [j, i]]


def break_distance_rate(runs, cfg):
    for r in runs.values():
        r["max_distance"] *= np.sqrt(r["widths"])[None, :] ** 0.4  # slope -0.5 -> -0.1


def break_pattern_rate(runs, cfg):
    for r in runs.values():
        r["pattern_change_fraction"] /= np.sqrt(r["widths"])[None, :] ** 0.6  # slope -0.5 -> -1.1


def break_pattern_order(runs, cfg):
    r = runs[2]
    r["pattern_change_fraction"][:, _col(r, cfg["widths"][-1])] = 0.5


def break_envelope(runs, cfg):
    runs[0]["max_distance"] *= 1000


def break_loss_monotone(runs, cfg):
    runs[0]["loss"][50, 3] = runs[0]["loss"][49, 3] * 1.01


def break_theorem41(runs, cfg):
    r = runs[0]
    r["loss"][60:, _col(r, cfg["widths"][0])] = r["loss"][0, _col(r, cfg["widths"][0])] * 0.999


def break_rho(runs, cfg):
    r = runs[1]
    r["loss"][-1, _col(r, cfg["widths"][-1])] *= 3


def break_h0_rate(runs, cfg):
    for r in runs.values():
        r["h0_hinf_norm"] = np.full_like(r["h0_hinf_norm"], 0.1)


def break_lambda_min(runs, cfg):
    runs[2]["lambda_min_ht"] = runs[2]["lambda_min_ht"] - 0.05


def break_finite(runs, cfg):
    runs[1]["first_nonfinite_step"][2] = 40
    runs[1]["loss"][40:, 2] = np.nan


def break_rho_order(runs, cfg):
    r = runs[0]
    r["loss"][-1, _col(r, cfg["widths"][2])] *= 2  # rho jumps up at the third width


def break_rho_small_widths(runs, cfg):
    r = runs[0]
    r["loss"][-1, _col(r, cfg["small_widths"][0])] *= 0.1  # the smallest width beats the next one


def break_width_effect(runs, cfg):
    for r in runs.values():
        i, j = _col(r, cfg["widths"][0]), _col(r, cfg["widths"][-1])
        r["loss"][:, i] = r["loss"][:, j] * (r["lin_loss"][:, i] / r["lin_loss"][:, j])  # same rho at both ends


def break_final_loss(runs, cfg):
    r = runs[2]
    r["loss"][-1, _col(r, cfg["widths"][0])] = 0.05 * r["loss"][0, _col(r, cfg["widths"][0])]


def break_loss_floor(runs, cfg):
    r = runs[2]
    r["loss"][-1, _col(r, cfg["widths"][-1])] = 1e-6 * r["loss"][0, _col(r, cfg["widths"][-1])]


def break_ntk(runs, cfg):
    r = runs[0]
    r["loss"][50:, _col(r, cfg["widths"][-1])] *= 1.5


def break_lambda_order(runs, cfg):
    r = runs[1]
    r["lambda_min_ht"][_col(r, cfg["widths"][-1])] -= 0.01


def break_distance_ratio(runs, cfg):
    r = runs[0]
    r["max_distance"][:, _col(r, cfg["widths"][0])] *= 3


PERTURBATIONS = {
    "du2019-fig1a.rho-nonincreasing": break_rho_order,
    "du2019-supp1.rho-nonincreasing-all-widths": break_rho_small_widths,
    "du2019-fig1a.width-effect": break_width_effect,
    "du2019-fig1a.final-loss-ratio": break_final_loss,
    "du2019-fig1a.final-loss-floor": break_loss_floor,
    "du2019-fig1a.ntk-agreement": break_ntk,
    "du2019-fig1a.lambda-min-nondecreasing": break_lambda_order,
    "du2019-fig1c.distance-ratio": break_distance_ratio,
    "du2019-fig1a.no-divergence": break_finite,
    "du2019-fig1b.flip-implies-small-preactivation": break_flip,
    "du2019-fig1c.distance-decreasing": break_distance_order,
    "du2019-fig1c.distance-rate": break_distance_rate,
    "du2019-fig1b.pattern-change-rate": break_pattern_rate,
    "du2019-fig1b.pattern-change-decreasing": break_pattern_order,
    "du2019-fig1c.corollary41-envelope": break_envelope,
    "du2019-fig1a.loss-monotone": break_loss_monotone,
    "du2019-fig1a.thm41-envelope": break_theorem41,
    "du2019-fig1a.rho-at-largest-width": break_rho,
    "du2019-fig1a.h0-to-hinf-rate": break_h0_rate,
    "du2019-fig1a.lambda-min-stays": break_lambda_min,
}


@pytest.mark.parametrize("claim_id", sorted(PERTURBATIONS))
def test_claim_fails_on_perturbed_data(quick, claim_id):
    cfg, runs = quick
    broken = copy.deepcopy(runs)
    PERTURBATIONS[claim_id](broken, cfg)
    assert verdicts(runs, cfg)[claim_id]
    assert not verdicts(broken, cfg)[claim_id]


def test_every_claim_has_a_perturbation(quick):
    cfg, runs = quick
    assert set(verdicts(runs, cfg)) == set(PERTURBATIONS)


def test_a_diverged_seed_fails_every_claim_it_touches(quick):
    # NaN must reach the claims (numpy reductions), not be skipped by Python's max/min.
    cfg, runs = quick
    broken = copy.deepcopy(runs)
    for key in ("loss", "pattern_change_fraction", "max_distance"):
        broken[1][key][30:] = np.nan
    broken[1]["first_nonfinite_step"][:] = 30
    verdict = verdicts(broken, cfg)
    for claim_id in ["du2019-fig1a.no-divergence", "du2019-fig1a.rho-nonincreasing", "du2019-fig1a.loss-monotone",
                     "du2019-fig1b.pattern-change-rate", "du2019-fig1c.distance-decreasing",
                     "du2019-fig1c.corollary41-envelope"]:
        assert not verdict[claim_id], claim_id


def test_paper_settings_add_the_recovered_tick_claims():
    cfg = load_profile("paper")["du2019"]
    widths = du2019_settings.all_widths(cfg)
    fake = {"widths": np.array(widths), "loss": np.ones((3, len(widths))), "lin_loss": np.ones((3, len(widths))),
            "pattern_change_fraction": np.ones((3, len(widths))), "max_distance": np.ones((3, len(widths))),
            "flip_violations": np.zeros((3, len(widths))), "first_nonfinite_step": -np.ones(len(widths), int),
            "residual0_norm": np.ones(len(widths)), "lambda0": np.array(0.25), "lambda_min_ht": np.ones(len(widths)),
            "h0_hinf_norm": np.ones(len(widths))}
    ids = {c.claim_id for c in du2019_claims.claims({0: fake}, cfg, "paper")}
    assert {"du2019-fig1c.recovered-ticks-m1000", "du2019-fig1c.recovered-ticks-m16000"} <= ids
    quick_ids = {c.claim_id for c in du2019_claims.claims({0: {**fake}}, {**cfg, "n": 999}, "x")}
    assert not any("recovered-ticks" in i for i in quick_ids)


def test_claim_band_logic():
    assert Claim("x", "p", "f", "s", 0.5, lower=0, upper=1).passed
    assert not Claim("x", "p", "f", "s", 1.5, upper=1).passed
    assert not Claim("x", "p", "f", "s", float("nan"), lower=0).passed
