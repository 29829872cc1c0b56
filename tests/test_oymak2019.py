"""Oymak & Soltanolkotabi (2019): the batched phase-transition engine, v, the diagram and the claims."""
import copy
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import torch

from conftest import load_profile
from overparam import jobs
from overparam.activations import activation
from overparam.claims import claims_frame
from overparam.io import write_csv
from overparam.papers.oymak2019 import claims as C
from overparam.papers.oymak2019 import compute
from overparam.papers.oymak2019 import plots as P
from overparam.papers.oymak2019 import tables
from overparam.papers.oymak2019.registry import PAPER
from overparam.papers.oymak2019.settings import CELL_COLUMNS
from overparam.phase_transition import Problem, draw, output_weights, run_batch

SOFTPLUS, RELU = activation("softplus"), activation("relu")


@pytest.mark.parametrize("k", [1, 2, 5, 12])
def test_output_weights_follow_footnote_1(k):
    y = np.random.default_rng(0).standard_normal(30)
    v = output_weights(y, k)
    scale = np.linalg.norm(y) / np.sqrt(k * 30)
    assert abs(v.sum()) < 1e-12
    assert np.all(np.isclose(np.abs(v), scale) | (v == 0))
    assert np.sum(v == 0) == k % 2


def test_draws_are_unit_norm_and_shared_across_activations():
    X, y, W0, v = draw(0, Problem(30, 6, 5, 1))
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-12)
    X2, y2, W2, _ = draw(0, Problem(30, 6, 5, 1))
    assert np.array_equal(X, X2) and np.array_equal(W0, W2)  # the stream has no activation in its key


@pytest.mark.parametrize("name", ["softplus", "relu"])
def test_hand_gradient_matches_autograd(name):
    X, y, W0, v = (torch.from_numpy(a) for a in draw(3, Problem(20, 5, 4, 0)))
    W = W0.clone().requires_grad_(True)
    loss = 0.5 * ((torch.nn.functional.softplus(X @ W.T) if name == "softplus" else torch.relu(X @ W.T)) @ v - y).pow(2).sum()
    (auto,) = torch.autograd.grad(loss, W)
    out = run_batch([Problem(20, 5, 4, 0)], activation(name), 0.01, 1, 1e-30, 3, dtype=torch.float64, return_weights=True)
    torch.testing.assert_close(out["W_final"][0], W0 - 0.01 * auto, rtol=1e-9, atol=1e-12)


def test_padding_is_exact():
    target = Problem(30, 5, 7, 0)
    others = [Problem(30, 12, 3, 1), Problem(30, 2, 12, 2), Problem(30, 9, 9, 0)]
    alone = run_batch([target], SOFTPLUS, 0.15, 300, 1e-30, 5, dtype=torch.float64)
    together = run_batch(others[:2] + [target] + others[2:], SOFTPLUS, 0.15, 300, 1e-30, 5, dtype=torch.float64)
    np.testing.assert_allclose(together["final_rel_err"][2], alone["final_rel_err"][0], rtol=1e-10, atol=1e-12)
    assert together["iters"][2] == alone["iters"][0]


def test_finished_problems_leave_without_changing_the_others():
    easy, hard = Problem(30, 12, 12, 0), Problem(30, 2, 4, 0)
    both = run_batch([easy, hard], SOFTPLUS, 0.15, 3000, 2.5e-3, 0, dtype=torch.float64)
    alone = run_batch([hard], SOFTPLUS, 0.15, 3000, 2.5e-3, 0, dtype=torch.float64)
    assert both["success"][0] and not both["success"][1]  # an easy problem succeeds, an impossible one fails
    assert both["iters"][0] < 3000 and both["iters"][1] == 3000
    np.testing.assert_allclose(both["final_rel_err"][1], alone["final_rel_err"][0], rtol=1e-10)


def test_odd_k_dead_neuron_never_moves():
    p = Problem(30, 5, 6, 0)
    out = run_batch([p], RELU, 0.1, 200, 1e-30, 1, dtype=torch.float64, return_weights=True)
    _, _, W0, v = draw(1, p)
    assert v[4] == 0
    np.testing.assert_array_equal(out["W_final"][0, 4].numpy(), W0[4])


def test_unknown_loss_scale_is_an_error():
    with pytest.raises(ValueError, match="loss_scale"):
        run_batch([Problem(30, 4, 4, 0)], RELU, 0.1, 5, 1e-3, 0, loss_scale="mean")


def test_shrinking_the_padding_is_exact():
    # A big problem finishes first; the small one left behind must follow the same path as alone.
    small, big = Problem(30, 3, 5, 1), Problem(30, 16, 16, 2)
    alone = run_batch([small], SOFTPLUS, 0.15, 3000, 2.5e-3, 7, dtype=torch.float64, return_weights=True)
    both = run_batch([big, small], SOFTPLUS, 0.15, 3000, 2.5e-3, 7, dtype=torch.float64, return_weights=True)
    assert both["success"][0] and both["iters"][0] < 3000  # the big one left early: the batch shrank to k = 3, d = 5
    assert not both["success"][1] and both["iters"][1] == 3000
    np.testing.assert_allclose(both["final_rel_err"][1], alone["final_rel_err"][0], rtol=1e-10)
    np.testing.assert_allclose(both["W_final"][1, :3, :5].numpy(), alone["W_final"][0].numpy(), rtol=1e-9, atol=1e-12)


def test_loss_scale_sum_doubles_the_step():
    p = [Problem(30, 6, 6, 0)]
    half = run_batch(p, SOFTPLUS, 0.2, 50, 1e-30, 0, dtype=torch.float64)
    summed = run_batch(p, SOFTPLUS, 0.1, 50, 1e-30, 0, loss_scale="sum", dtype=torch.float64)
    np.testing.assert_allclose(half["final_rel_err"], summed["final_rel_err"], rtol=1e-12)


def test_layout_of_the_diagram(tmp_path):
    nodes, edges = P.layout()
    assert len(nodes) == 8 and len(edges) == 16
    P.plot_fig1("test", tmp_path / "f.png", tmp_path / "f.pdf")
    assert (tmp_path / "f.png").stat().st_size > 1000 and (tmp_path / "f.pdf").stat().st_size > 1000


def test_boundaries_on_a_row_and_a_column():
    cells = pd.DataFrame({"n": 100, "k": [2, 4, 6, 8, 10], "d": 20, "probability": [0, 0, 1, 0.5, 1.0]})
    assert C.boundary(cells, "d", 20) == pytest.approx(6 * 20 / 100)
    cells.loc[4, "probability"] = 0.0
    assert C.boundary(cells, "d", 20) == float("inf")
    col = pd.DataFrame({"n": 100, "k": 10, "d": [4, 8, 12, 16], "probability": [0, 1, 0, 1]})
    assert C.boundary(col, "k", 10) == pytest.approx(16 * 10 / 100)


def test_assessable_lines_follow_the_grid_not_the_outcomes():
    full = pd.DataFrame([(100, k, d, 0.0) for k in range(1, 26) for d in range(1, 26)], columns=["n", "k", "d", "probability"])
    assert C.assessable(full, "d", 1.5) == list(range(6, 26))  # ceil(150/d) <= 25
    assert C.assessable(full.assign(n=200), "d", 1.5) == list(range(12, 26))
    quick = pd.DataFrame([(100, k, d, 1.0) for k in range(2, 25, 2) for d in range(4, 25, 4)], columns=["n", "k", "d", "probability"])
    assert C.assessable(quick, "d", 1.5) == [8, 12, 16, 20, 24]
    assert 24 not in C.assessable(quick, "k", 1.5)  # no d with 100 < 24 d <= 150 on this grid


def test_c_ratio():
    cells = pd.DataFrame({"n": 100, "k": [5, 10, 20, 25], "d": [10, 11, 10, 25], "probability": [0, 0.4, 0.5, 0.0]})
    assert C.c_ratio(cells) == pytest.approx(6.25)
    cells.loc[3, "probability"] = 1.0
    assert C.c_ratio(cells) == pytest.approx(1.1)
    cells.loc[1, "probability"] = 0.5
    assert C.c_ratio(cells) == 1.0  # kd = 50 < n does not count


def fake_cells(cfg, P, diverged=lambda act, n, k, d: 0):
    """Cell tables with probability P(act, n, k, d) on the config's grid (rounded to whole trials)."""
    out = {}
    T = cfg["trials"]
    for a in cfg["activations"]:
        for n in sorted(cfg["ns"]):
            rows = []
            for k in cfg["ks"]:
                for d in cfg["ds"]:
                    s = round(P(a["name"], n, k, d) * T)
                    rows.append((n, a["name"], k, d, T, s, s / T, diverged(a["name"], n, k, d), -1))
            out[(a["name"], n)] = pd.DataFrame(rows, columns=CELL_COLUMNS)
    return out


def base(act, n, k, d):
    """Every claim of Section 4 holds: P = 1 above kd = n, 0 below; panel (a) intermediate (P = 0.5, still a fit)
    just above the line, up to 1.3 n, so that (b) is crisper."""
    if k * d <= n:
        return 0.0
    return 0.5 if (act == "softplus" and n == min(NS) and k * d <= 1.3 * n) else 1.0


NS = (100, 200)
PROFILES = ["quick", "paper"]


def verdicts(cfg, P, profile):
    return claims_frame(C.claims(fake_cells(cfg, P), cfg, profile)).set_index("claim_id")["verdict"]


def threshold(t, panels=None):
    """P = 1 iff kd > t n (in the panels named, e.g. {('softplus', 200)}; base elsewhere)."""
    def P(act, n, k, d):
        if panels is None or (act, n) in panels:
            return 1.0 if k * d > t * n else 0.0
        return base(act, n, k, d)
    return P


def with_cells(P, change):
    """P with some cells replaced: change(act, n, k, d) -> new P or None."""
    def Q(act, n, k, d):
        new = change(act, n, k, d)
        return P(act, n, k, d) if new is None else new
    return Q


def corner_fails(act, n, k, d):
    """Panel (c) fails in its top corner (k, d >= 24 on both grids), far above the line."""
    return 0.0 if (act, n) == ("relu", 100) and k >= 24 and d >= 24 else None


# claim_id -> the cell functions: inside the band, outside it, and inside again by a different route
FLIPS = {
    "oymak2019-fig2.fit-when-params-exceed-n": [base, with_cells(base, corner_fails), threshold(1.0)],
    "oymak2019-fig2a.visible-phase-transition": [
        base, with_cells(base, lambda a, n, k, d: 0.5 if (a, n) == ("softplus", 100) and k * d > 0.2 * n else None),
        threshold(1.0)],
    "oymak2019-fig2.caption-phase-transitions": [
        base, with_cells(base, lambda a, n, k, d: float((k // 2 + d // 4) % 2) if (a, n) == ("relu", 200) and k * d > n else None),
        threshold(1.0)],
    "oymak2019-fig2a.success-region-tight": [
        base, with_cells(base, lambda a, n, k, d: 1.0 if (a, n) == ("softplus", 100) and k * d >= 0.8 * n else None),
        threshold(1.0)],
    "oymak2019-fig2b.more-visible": [
        base, with_cells(threshold(1.0), lambda a, n, k, d: 0.5 if (a, n) == ("softplus", 200) and n < k * d <= 1.3 * n else None),
        base],
    "oymak2019-fig2b.even-tighter": [
        base, with_cells(base, lambda a, n, k, d: float(k * d > 1.45 * n) if (a, n) == ("softplus", 200) else None),
        with_cells(base, lambda a, n, k, d: float(k * d > 1.45 * n) if (a, n) == ("softplus", 100) else None)],
    "oymak2019-fig2b.1plus-eps-suffices": [
        threshold(1.4, {("softplus", 200)}), threshold(1.6, {("softplus", 200)}), threshold(1.45, {("softplus", 200)})],
    "oymak2019-fig2.intro-constant-factor": [
        threshold(1.3), threshold(1.5, {("softplus", 200)}),  # c_200 / c_100 = 1.5 / 1 > sqrt 2
        threshold(1.2, {("softplus", 200)})],
    "oymak2019-fig2.sec2-kd-gtrsim-n": [threshold(1.3), with_cells(base, corner_fails), threshold(1.3, {("relu", 200)})],
}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("claim_id", list(FLIPS))
def test_each_paper_row_flips_both_ways(profile, claim_id):
    cfg = load_profile(profile)["oymak2019"]
    good, bad, again = (verdicts(cfg, P, profile)[claim_id] for P in FLIPS[claim_id])
    assert (good, bad, again) == ("reproduced", "not reproduced", "reproduced")


@pytest.mark.parametrize("profile", PROFILES)
def test_base_reproduces_every_paper_row_and_passes_the_implementation_rows(profile):
    cfg = load_profile(profile)["oymak2019"]
    table = claims_frame(C.claims(fake_cells(cfg, base), cfg, profile))
    paper = table[table["kind"] == "paper"].set_index("claim_id")["verdict"]
    assert set(paper.index) == set(FLIPS) | {"oymak2019-fig2.intro-gd-much-faster"}
    assert paper.drop("oymak2019-fig2.intro-gd-much-faster").eq("reproduced").all(), paper
    assert paper["oymak2019-fig2.intro-gd-much-faster"] == "not testable"
    assert table.loc[table["kind"] == "implementation", "verdict"].eq("pass").all()
    assert (table["kind"] != "paper").sum() == 6
    # the two sentences with one measurement always agree; the scale is in every paper row's detail
    v = table.set_index("claim_id")["verdict"]
    assert v["oymak2019-fig2.intro-constant-factor"] == v["oymak2019-fig2.sec2-kd-gtrsim-n"]
    scale_word = "the paper's grid" if profile == "paper" else "Reduced scale"
    assert table.loc[table["kind"] == "paper", "detail"].str.contains(scale_word).all()
    assert table["quote"].map(lambda q: "spec" not in q).all()


def test_paper_rows_read_the_whole_grid_no_d_window():
    """A failure at the smallest d or k counts: no row, column or d window hides it."""
    cfg = load_profile("paper")["oymak2019"]
    # softplus n = 100 fails at d = 5 even far above the line (k = 25: kd = 1.25 n)
    v = verdicts(cfg, with_cells(base, lambda a, n, k, d: 0.0 if (a, n) == ("softplus", 100) and d == 5 else None), "paper")
    assert v["oymak2019-fig2.fit-when-params-exceed-n"] == "not reproduced"
    # every row d < 12 fails: the rows 6..11 are assessable and decide (ii), together with 12..25
    late = with_cells(base, lambda a, n, k, d: 0.0 if (a, n) == ("softplus", 100) and d < 16 else None)
    t = claims_frame(C.claims(fake_cells(cfg, late), cfg, "paper")).set_index("claim_id")
    assert "d = [6, 7, 8, 9, 10, 11, 12" in t.loc["oymak2019-fig2a.success-region-tight", "detail"]


def test_a_grid_that_cannot_judge_a_sentence_says_inconclusive():
    cfg = copy.deepcopy(load_profile("smoke")["oymak2019"])
    cfg.update(ns=[400, 800])  # every cell below the line: kd <= 144
    t = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 0.0), cfg, "smoke")).set_index("claim_id")
    for cid in ["oymak2019-fig2.fit-when-params-exceed-n", "oymak2019-fig2a.success-region-tight",
                "oymak2019-fig2b.even-tighter", "oymak2019-fig2b.1plus-eps-suffices"]:
        assert t.loc[cid, "verdict"] == "inconclusive", cid
        assert "cannot be judged" in t.loc[cid, "detail"] or "no " in t.loc[cid, "detail"]


@pytest.mark.parametrize("profile", PROFILES)
def test_implementation_rows_fail_on_broken_tables(profile):
    cfg = load_profile(profile)["oymak2019"]
    cells = fake_cells(cfg, base)
    key = ("relu", 200)
    cells[key] = cells[key].iloc[1:]  # a missing cell
    t = claims_frame(C.claims(cells, cfg, profile)).set_index("claim_id")
    assert t.loc["oymak2019-fig2.grid-complete", "verdict"] == "fail"
    cells = fake_cells(cfg, base, diverged=lambda a, n, k, d: 1 if (a, n) == ("relu", 100) and d == 24 and k == 24 else 0)
    t = claims_frame(C.claims(cells, cfg, profile)).set_index("claim_id")
    assert t.loc["oymak2019-fig2c.no-divergence", "verdict"] == "fail"  # d = 24 is within the stability limit
    assert t.loc["oymak2019-fig2.diverged-never-fit", "verdict"] == "fail"  # P = 1 with a diverged trial
    ok = fake_cells(cfg, base, diverged=lambda a, n, k, d: 1 if (a, n) == ("softplus", 200) and d == 4 and k * d < n else 0)
    t = claims_frame(C.claims(ok, cfg, profile)).set_index("claim_id")
    assert t.loc["oymak2019-fig2b.no-divergence", "verdict"] == "pass"  # eta n/d far beyond the limit: allowed
    assert "diverged" in t.loc["oymak2019-fig2b.no-divergence", "detail"]


def test_phase_transition_entry_runs_the_panel_of_its_wildcards(tmp_path):
    cfg = load_profile("smoke")
    cfg["oymak2019"].update(ks=[2, 6], ds=[4, 8], max_iter=200)
    spec = PAPER.jobs[0].entry
    declared = jobs.select(cfg, jobs.declared_keys(spec), spec)
    assert "ns" not in declared["oymak2019"]  # n comes from the wildcard; only the plot and claims read ns
    out = tmp_path / "trials.csv"
    job = jobs.JobContext("oymak2019_phase_transition", jobs.DeclaredConfig(declared, entry=spec), [], [str(out)],
                          SimpleNamespace(activation="relu", n="30"), 1, "", torch.device("cpu"))
    compute.phase_transition(job)
    trials = pd.read_csv(out)
    assert (trials["activation"] == "relu").all() and (trials["n"] == 30).all() and len(trials) == 2 * 2 * 2
    write_csv(compute.run_panel(cfg["oymak2019"], RELU, 30, torch.device("cpu"), progress=False), tmp_path / "alone.csv")
    assert out.read_bytes() == (tmp_path / "alone.csv").read_bytes()
    cells = tables.cell_table(trials)
    assert list(cells.columns) == CELL_COLUMNS and (cells["trials"] == 2).all()


def test_tables_claims_and_plots_never_import_torch():
    # the compute stages (the panels, the sensitivity reruns) do run the engine
    stages = [job for job in PAPER.jobs if job.entry.split(":")[0].rsplit(".", 1)[-1] in ("tables", "claims", "plots")]
    for job in stages:
        assert "overparam.phase_transition" not in jobs.code_modules(job.entry.split(":")[0]), job.rule
    modules = "; ".join(f"import {job.entry.split(':')[0]}" for job in stages)
    code = f"import sys; {modules}; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
