"""Oymak & Soltanolkotabi (2019): the batched phase-transition engine, v, the diagram and the claims."""
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


def test_transition_ratio():
    cells = pd.DataFrame({"n": 100, "k": [2, 4, 6, 8, 10], "d": 20, "probability": [0, 0, 1, 0.5, 1.0]})
    assert C.transition_ratio(cells, 20) == pytest.approx(6 * 20 / 100)
    cells.loc[4, "probability"] = 0.0
    assert C.transition_ratio(cells, 20) == float("inf")


def fake_cells(cfg, P):
    """Cell tables with probability P(act, n, k, d) on the config's grid."""
    out = {}
    for a in cfg["activations"]:
        for n in sorted(cfg["ns"]):
            rows = [(n, a["name"], k, d, cfg["trials"], 0, P(a["name"], n, k, d), 0, -1)
                    for k in cfg["ks"] for d in cfg["ds"]]
            out[(a["name"], n)] = pd.DataFrame(rows, columns=CELL_COLUMNS)
    return out


def ideal(act, n, k, d):
    """A clean transition at kd = 1.5 n (d > 6), as the paper describes."""
    return 1.0 if k * d >= 1.5 * n and d > 6 else 0.0


@pytest.mark.parametrize("profile", ["quick", "paper"])
def test_claims_pass_on_an_ideal_transition_and_fail_below_the_line(profile):
    cfg = load_profile(profile)["oymak2019"]
    good = claims_frame(C.claims(fake_cells(cfg, ideal), cfg, profile))
    assert good["passed"].astype(bool).all(), good.loc[~good["passed"].astype(bool), ["claim_id", "value"]]
    # Successes below the line, or none above it, must fail.
    below = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 1.0 if k * d >= 0.5 * n else 0.0), cfg, profile))
    assert not below.set_index("claim_id").loc["oymak2019-fig2a.none-below-line", "passed"]
    never = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 0.0), cfg, profile))
    assert not never.set_index("claim_id").loc["oymak2019-fig2d.some-success", "passed"]
    assert not never.set_index("claim_id").loc["oymak2019-fig2b.success-above-line", "passed"]


def test_paper_claims_catch_a_late_transition_and_a_missing_small_d_deviation():
    cfg = load_profile("paper")["oymak2019"]
    late = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 1.0 if k * d >= 3.5 * n else 0.0), cfg, "paper"))
    assert not late.set_index("claim_id").loc["oymak2019-fig2a.transition-location", "passed"]
    small_d = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 1.0 if k * d >= 1.5 * n and k > 2 and d > 3 else 0.0),
                                    cfg, "paper")).set_index("claim_id")
    assert not small_d.loc["oymak2019-fig2a.small-d-deviation", "passed"]
    rough = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: float(k * d >= 1.5 * n and d > 6 and (k + d) % 2 == 0)),
                                  cfg, "paper")).set_index("claim_id")
    assert not rough.loc["oymak2019-fig2a.monotone", "passed"]
    looser = claims_frame(C.claims(fake_cells(cfg, lambda a, n, k, d: 1.0 if k * d >= (1.5 if n == 100 else 2.0) * n and d > 6 else 0.0),
                                   cfg, "paper")).set_index("claim_id")
    assert not looser.loc["oymak2019-fig2b.larger-n-tighter", "passed"]


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
    for job in PAPER.jobs[1:]:
        module = job.entry.split(":")[0]
        assert "overparam.phase_transition" not in jobs.code_modules(module), job.rule
    modules = "; ".join(f"import {job.entry.split(':')[0]}" for job in PAPER.jobs[1:])
    code = f"import sys; {modules}; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
