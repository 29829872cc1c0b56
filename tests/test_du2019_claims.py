"""Du et al. claims ledger: each paper row flips both ways on synthetic run files (same keys as the real ones),
theory rows flip, implementation rows pass on a real smoke run. No test requires a paper verdict on real runs."""
import copy
import re

import numpy as np
import pytest
import torch

from conftest import load_profile
from overparam import registry
from overparam.claims import BAND_VERDICTS, VERDICTS, claims_frame
from overparam.papers.du2019 import claims as du2019_claims
from overparam.papers.du2019 import compute as du2019_compute

CFG = {"n": 20, "d": 20, "widths": [20, 40, 80], "small_widths": [5, 10], "eta": 0.1, "steps": 20,
       "activation": "relu", "output_weights": "rademacher"}
WIDTHS = [5, 10, 20, 40, 80]
LAMBDA0 = 0.2

PAPER_ROWS = {  # claim id -> the run-file quantity whose width dependence it reads
    "du2019-fig1a.larger-width-faster": "loss",
    "du2019-fig1a.mechanism-h-more-stable": "ht_h0_norm",
    "du2019-fig1a.mechanism-larger-lmin": "lambda_min_ht",
    "du2019-fig1b.larger-width-fewer-pattern-changes": "pattern_change_fraction",
    "du2019-fig1c.larger-width-smaller-max-distance": "max_distance",
}


def fake_runs(seeds=2, T=20, widths=WIDTHS, **alpha):
    """Run files with every key of du2019_compute.run_seeds. alpha[key] > 0: the quantity improves with m
    (smaller loss, pattern changes, distance and drift, larger lambda_min); < 0: it worsens; default 0.5."""
    a = {key: alpha.get(key, 0.5) for key in PAPER_ROWS.values()}
    m = np.array(widths, dtype=float)
    k = np.arange(T + 1)[:, None]
    grow = 1 - np.exp(-k / 5)  # 0 at k = 0
    runs = {}
    for s in range(seeds):
        jitter = 1 + 0.01 * s
        rate = 0.05 * (1 + a["loss"] * np.log(m) / np.log(m[-1]))  # >= 0.05 > eta lambda0 / 2 when alpha >= 0
        loss = 2.0 * np.exp(-k * rate) * jitter
        runs[s] = {
            "widths": np.array(widths),
            "loss": loss,
            "lin_loss": loss.copy(),
            "pattern_change_fraction": 0.2 * m ** -a["pattern_change_fraction"] * grow * jitter,
            "max_distance": 3.0 * m ** -a["max_distance"] * grow * jitter,
            "flip_violations": np.zeros((T + 1, len(m))),
            "first_nonfinite_step": -np.ones(len(m), dtype=int),
            "residual0_norm": np.full(len(m), 3.0),
            "lambda0": np.array(LAMBDA0),
            "lambda_max": np.array(5.0),
            "lambda_min_h0": np.full(len(m), 0.15),
            "lambda_min_ht": LAMBDA0 - 0.1 * m ** -a["lambda_min_ht"] * jitter,
            "h0_hinf_norm": 0.5 * m ** -0.5,
            "ht_h0_norm": 0.5 * m ** -a["ht_h0_norm"] * jitter,
        }
    return runs


def rows(runs, cfg=CFG):
    return claims_frame(du2019_claims.claims(runs, cfg, "test")).set_index("claim_id")


def verdict(runs, claim_id, cfg=CFG):
    return rows(runs, cfg).loc[claim_id, "verdict"]


def test_fake_runs_have_the_real_keys():
    cfg = copy.deepcopy(load_profile("smoke")["du2019"])
    cfg.update(steps=2, seeds=1)
    real = du2019_compute.run_seeds(cfg, [0], torch.device("cpu"), progress=False)[0]
    assert set(fake_runs()[0]) == set(real)


@pytest.mark.parametrize("claim_id", sorted(PAPER_ROWS))
def test_paper_row_flips_both_ways(claim_id):
    key = PAPER_ROWS[claim_id]
    assert verdict(fake_runs(), claim_id) == "reproduced"
    assert verdict(fake_runs(**{key: -0.5}), claim_id) == "not reproduced"
    assert verdict(fake_runs(**{key: 0.0}), claim_id) == "not reproduced"  # equal is not smaller
    assert verdict(fake_runs(**{key: 0.3}), claim_id) == "reproduced"


@pytest.mark.parametrize("claim_id", sorted(PAPER_ROWS))
def test_paper_row_reads_every_pair_including_the_small_widths(claim_id):
    key = PAPER_ROWS[claim_id]
    runs = fake_runs()
    for run in runs.values():  # swap the two smallest widths only (the supplementary ones)
        run[key][..., [0, 1]] = run[key][..., [1, 0]]
    table = rows(runs)
    assert table.loc[claim_id, "verdict"] == "not reproduced"
    assert table.loc[claim_id, "value"] == 1  # exactly the one pair (5, 10)
    assert "m = 10 vs 5" in table.loc[claim_id, "detail"]
    for run in runs.values():  # and back
        run[key][..., [0, 1]] = run[key][..., [1, 0]]
    assert verdict(runs, claim_id) == "reproduced"


@pytest.mark.parametrize("key,claim_id", [(key, cid) for cid, key in PAPER_ROWS.items()
                                          if key in ("loss", "pattern_change_fraction", "max_distance")])
def test_curve_rows_need_the_end_and_most_earlier_steps(key, claim_id):
    runs = fake_runs()
    for run in runs.values():  # the widest curve above m = 40's at most earlier steps, below at the end only
        run[key][1:-1, 4] = run[key][1:-1, 3] * 1.5
    assert verdict(runs, claim_id) == "not reproduced"
    runs = fake_runs()
    for run in runs.values():  # below at every earlier step, but not at the end
        run[key][-1, 4] = run[key][-1, 3]
    assert verdict(runs, claim_id) == "not reproduced"
    runs = fake_runs()
    for run in runs.values():  # above at fewer than half of the earlier steps, below at the end: still holds
        run[key][1:5, 4] = run[key][1:5, 3] * 1.5
    assert verdict(runs, claim_id) == "reproduced"


def test_below_is_the_plain_reading():
    b = np.array([1.0, 0.9, 0.8, 0.7, 0.6])
    assert du2019_claims.below(b * 0.9, b)[0]
    assert not du2019_claims.below(b, b)[0]  # a tie is not below
    a = b.copy()
    a[1:3] *= 0.5  # below at 2 of the 3 earlier steps, equal at the end
    assert not du2019_claims.below(a, b)[0]
    a[-1] *= 0.99
    assert du2019_claims.below(a, b) == (True, True, pytest.approx(2 / 3))


def test_loss_row_uses_the_normalised_loss():
    runs = fake_runs()
    for run in runs.values():  # scale each width's loss by its own constant: l = L/L(0) does not change
        run["loss"] *= np.array([100.0, 10.0, 1.0, 0.1, 50.0])
    assert verdict(runs, "du2019-fig1a.larger-width-faster") == "reproduced"


def test_consistent_with_theory_follows_its_parts():
    claim_id = "du2019-fig1.consistent-with-theory"
    assert verdict(fake_runs(), claim_id) == "reproduced"
    for key in ("loss", "pattern_change_fraction", "max_distance"):
        assert verdict(fake_runs(**{key: -0.5}), claim_id) == "not reproduced"
    # neither the mechanism rows nor the Corollary 4.1 row (a theorem: it fails only on a bug) are part of it
    assert verdict(fake_runs(ht_h0_norm=-0.5), claim_id) == "reproduced"
    runs = fake_runs()
    for run in runs.values():
        run["max_distance"][1:] *= 1e3
    table = rows(runs)
    assert table.loc["du2019-fig1c.cor41-max-distance-bound", "verdict"] == "violated"
    assert table.loc[claim_id, "verdict"] == "reproduced"
    assert verdict(fake_runs(), claim_id) == "reproduced"


def test_a_diverged_run_makes_paper_rows_inconclusive():
    runs = fake_runs()
    runs[1]["first_nonfinite_step"][2] = 7
    for key in ("loss", "pattern_change_fraction", "max_distance"):
        runs[1][key][7:, 2] = np.nan
    table = rows(runs)
    for claim_id in [*PAPER_ROWS, "du2019-fig1.consistent-with-theory"]:
        assert table.loc[claim_id, "verdict"] == "inconclusive", claim_id
        assert "seed 1, m = 20: first NaN/Inf at iteration 7" in table.loc[claim_id, "detail"]
    assert table.loc["du2019-fig1a.no-divergence", "verdict"] == "fail"
    assert table.loc["du2019-fig1a.thm41-loss-envelope", "verdict"] == "violated"  # NaN never confirms


def test_cor41_only_within_condition41():
    claim_id = "du2019-fig1c.cor41-max-distance-bound"
    assert verdict(fake_runs(), claim_id) == "holds"
    runs = fake_runs()
    for run in runs.values():
        run["max_distance"][1:] *= 1e3  # beyond R' while Condition 4.1 holds
    assert verdict(runs, claim_id) == "violated"
    for run in runs.values():
        run["loss"][2:] = run["loss"][0]  # Condition 4.1 fails from k = 2: only D(1), D(2) are bounded
        run["max_distance"][1:3] /= 1e3
    assert verdict(runs, claim_id) == "holds"
    row = rows(runs).loc[claim_id]
    assert "coverage K*/T: min 0.05" in row["detail"]


def test_thm41_envelope_flips_and_says_it_is_outside_its_hypotheses():
    claim_id = "du2019-fig1a.thm41-loss-envelope"
    row = rows(fake_runs()).loc[claim_id]
    assert row["verdict"] == "holds" and row["kind"] == "theory"
    assert "OUTSIDE the theorem's hypotheses (m, eta): informative only" in row["detail"]
    runs = fake_runs()
    runs[0]["loss"][5, 0] = runs[0]["loss"][0, 0] * 0.999  # above (1 - eta lambda0/2)^5
    assert verdict(runs, claim_id) == "violated"


def test_lemma32_bounds_flip():
    claim_id = "du2019-fig1b.lemma32-gram-stability"

    def runs_with(dH, lmin):
        runs = fake_runs()
        for run in runs.values():
            run["ht_h0_norm"] = np.full(len(WIDTHS), dH)
            run["lambda_min_h0"] = np.full(len(WIDTHS), 0.15)
            run["lambda_min_ht"] = np.full(len(WIDTHS), lmin)
        return runs

    assert verdict(runs_with(0.04, 0.15), claim_id) == "holds"
    assert verdict(runs_with(0.06, 0.15), claim_id) == "violated"  # > lambda0/4
    assert verdict(runs_with(0.04, 0.09), claim_id) == "violated"  # < lambda0/2
    assert verdict(runs_with(0.04, 0.0), claim_id) == "violated"  # singular H
    assert "OUTSIDE the lemma's hypothesis: informative only" in rows(runs_with(0.04, 0.15)).loc[claim_id, "detail"]


def _break_divergence(runs):
    runs[0]["first_nonfinite_step"][1] = 3


def _break_monotone(runs):
    runs[0]["loss"][10, 3] = runs[0]["loss"][9, 3] * 1.01


def _break_flip(runs):
    runs[1]["flip_violations"][4, 0] = 1


def _break_floor(runs):
    runs[0]["loss"][-1, 4] = 1e-6 * runs[0]["loss"][0, 4]


def _break_lin0(runs):
    runs[1]["lin_loss"][0, 2] *= 1.001


def _break_ntk(runs):
    runs[0]["loss"][10:, 4] *= 1.5


IMPLEMENTATION = {
    "du2019-fig1a.no-divergence": _break_divergence,
    "du2019-fig1a.loss-monotone": _break_monotone,
    "du2019-fig1b.flip-implies-small-preactivation": _break_flip,
    "du2019-fig1a.final-loss-floor": _break_floor,
    "du2019-supp1.lin-reference-shares-u0": _break_lin0,
    "du2019-supp1.ntk-agreement": _break_ntk,
}


@pytest.mark.parametrize("claim_id", sorted(IMPLEMENTATION))
def test_implementation_row_fails_on_broken_runs(claim_id):
    cfg = {**CFG, "n": 5}  # m = 16 n = 80 is run: the NTK agreement row exists
    runs = fake_runs()
    assert verdict(runs, claim_id, cfg) == "pass"
    IMPLEMENTATION[claim_id](runs)
    assert verdict(runs, claim_id, cfg) == "fail"


def test_ledger_rows():
    table = rows(fake_runs(), {**CFG, "n": 5}).reset_index()
    assert table["claim_id"].is_unique
    kinds = table.groupby("kind")["claim_id"].apply(set).to_dict()
    assert kinds["paper"] == {*PAPER_ROWS, "du2019-fig1.consistent-with-theory"}
    assert kinds["theory"] == {"du2019-fig1c.cor41-max-distance-bound", "du2019-fig1a.thm41-loss-envelope",
                               "du2019-fig1b.lemma32-gram-stability"}
    assert kinds["implementation"] == set(IMPLEMENTATION)
    figures = {figure.id for figure in registry.figures()} | set(registry.panels())
    for row in table.itertuples():
        assert row.claim_id.startswith(f"{row.figure}.") and row.figure in figures
        assert row.verdict in BAND_VERDICTS[row.kind]
        if row.kind != "implementation":
            assert row.quote and row.source
        for text in (row.statement, row.source, row.detail):  # rows cite the paper, not our own documents
            assert not re.search(r"\bspecs?\b|calib|\bissue\b", text, re.IGNORECASE), (row.claim_id, text)
        if row.kind == "implementation" and "regression" not in row.statement.lower():
            assert any(w in row.statement for w in ("Invariant", "Identity", "Sanity")), row.claim_id


@pytest.fixture(scope="module")
def smoke():
    cfg = load_profile("smoke")["du2019"]
    torch.set_num_threads(2)
    return cfg, du2019_compute.run_seeds(cfg, list(range(cfg["seeds"])), torch.device("cpu"), progress=False)


def test_implementation_rows_pass_on_a_smoke_run(smoke):
    cfg, runs = smoke
    table = rows(runs, cfg)
    impl = table[table["kind"] == "implementation"]
    assert len(impl) >= 5
    assert (impl["verdict"] == "pass").all(), impl[["value", "lower", "upper", "verdict"]].to_string()
    # paper and theory verdicts are results: only their vocabulary is checked
    for kind in ("paper", "theory"):
        part = table[table["kind"] == kind]
        assert part["verdict"].isin(VERDICTS[kind]).all()
