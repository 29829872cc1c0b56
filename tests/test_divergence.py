"""Forced divergence (a huge step size) in every training engine: detected, written with its iteration to the
panel CSVs and the claims, and never drawn as if it converged."""
import copy

import numpy as np
import pandas as pd
import pytest
import torch

from conftest import load_profile
from overparam import plotting
from overparam.claims import claims_frame
from overparam.divergence import DIVERGED_AT
from overparam.io import write_csv
from overparam.activations import activation
from overparam.papers.oymak2019 import claims as oy_claims
from overparam.papers.oymak2019 import compute as oy_compute
from overparam.papers.oymak2019 import plots as oy_plots
from overparam.papers.oymak2019 import tables as oy_tables
from overparam.papers.oymak2019.settings import panel_ids
from overparam.papers.du2019 import claims as du_claims
from overparam.papers.du2019 import compute as du_compute
from overparam.papers.du2019 import plots as du_plots
from overparam.papers.du2019 import tables as du_tables
from overparam.papers.panigrahi2020 import claims as pan_claims
from overparam.papers.panigrahi2020 import compute_fig1 as pan_compute
from overparam.papers.panigrahi2020 import plots as pan_plots
from overparam.papers.panigrahi2020 import tables as pan_tables

CPU = torch.device("cpu")


@pytest.fixture
def captured(monkeypatch):
    """plotting.save keeps the figure for inspection instead of writing it."""
    figures = []
    monkeypatch.setattr(plotting, "save", lambda fig, png, pdf, tight=True: figures.append(fig))
    return figures


def crosses(ax):
    """(x, y) of every cross marker drawn on an axis (empty legend handles have no data)."""
    return [(float(line.get_xdata()[0]), float(line.get_ydata()[0])) for line in ax.get_lines()
            if line.get_marker() == "x" and len(line.get_xdata())]


def figure_text(fig):
    return " ".join(" ".join(t.get_text() for t in fig.texts).split())  # footers are wrapped to the width


def verdict(row):
    """An implementation row's verdict as a bool (pass / fail)."""
    assert row["verdict"] in ("pass", "fail"), row["verdict"]
    return row["verdict"] == "pass"


def roundtrip(frame, tmp_path):
    """What a plot rule reads: the table written by write_csv and read back."""
    write_csv(frame, tmp_path / "panel.csv")
    return pd.read_csv(tmp_path / "panel.csv")


def check_curves(table, keys, x, y):
    """Every curve is finite before its diverged_at and NaN from there on (nothing after it can be drawn)."""
    bad = table[table[DIVERGED_AT] >= 0]
    assert len(bad), "the forced divergence did not happen"
    for _, curve in bad.groupby(keys):
        k = curve[DIVERGED_AT].iloc[0]
        assert curve.loc[curve[x] >= k, y].isna().all()
        assert np.isfinite(curve.loc[curve[x] < k, y]).all()
    assert (table.loc[table[DIVERGED_AT] < 0, DIVERGED_AT] == -1).all()


def test_du2019_divergence(tmp_path, captured):
    cfg = copy.deepcopy(load_profile("smoke")["du2019"])
    cfg["eta"] = 40.0  # beyond 2 / lambda_max(H): every width blows up within the 30 steps
    runs = du_compute.run_seeds(cfg, [0, 1], CPU, progress=False)
    first = {(seed, int(m)): int(k) for seed, r in runs.items() for m, k in zip(r["widths"], r["first_nonfinite_step"])}
    assert all(k > 0 for k in first.values()), first
    tables = {panel: roundtrip(t, tmp_path) for panel, t in du_tables.tables(runs, cfg).items()}
    loss = tables["du2019-fig1a"]
    assert list(loss.columns) == ["m", "seed", "iteration", "loss", DIVERGED_AT]
    for (m, seed), curve in loss.groupby(["m", "seed"]):
        assert (curve[DIVERGED_AT] == first[(seed, m)]).all()
    check_curves(loss, ["m", "seed"], "iteration", "loss")
    check_curves(tables["du2019-fig1c"], ["m", "seed"], "iteration", "max_distance")
    supp_b = tables["du2019-supp1b"]
    assert supp_b["rho"].isna().all() and (supp_b[DIVERGED_AT] > 0).all()
    # claims: fails, and names the first bad iteration of each run
    rows = claims_frame(du_claims.claims(runs, cfg, "test")).set_index("claim_id")
    row = rows.loc["du2019-fig1a.no-divergence"]
    assert row["kind"] == "implementation" and row["verdict"] == "fail"
    # a paper row's comparison is not the paper's experiment when a run diverged
    assert rows.loc["du2019-fig1c.larger-width-smaller-max-distance", "verdict"] == "inconclusive"
    assert row["value"] == len(first)
    seed, m = 1, cfg["widths"][0]
    assert f"seed {seed}, m = {m}: first NaN/Inf at iteration {first[(seed, m)]}" in row["detail"]
    # the figure: a cross at the last finite point of every diverged curve, and a warning naming them
    du_plots.plot_fig1(loss, tables["du2019-fig1b"], tables["du2019-fig1c"], cfg, "test", None, None)
    fig = captured[-1]
    marks = crosses(fig.axes[0])
    assert len(marks) == len(cfg["widths"]) * 2
    for (m, seed), curve in loss.groupby(["m", "seed"]):
        last = curve[curve["iteration"] == first[(seed, m)] - 1]["loss"].item()
        assert any(x == first[(seed, m)] - 1 and y == pytest.approx(last) for x, y in marks)
    assert f"seed 1, m = {m} at iteration {first[(1, m)]}" in figure_text(fig)
    assert "DIVERGED" in figure_text(fig)
    du_plots.plot_supp1(tables["du2019-supp1a"], supp_b, cfg, "test", None, None)
    assert "DIVERGED" in figure_text(captured[-1]) and crosses(captured[-1].axes[0])


def test_panigrahi2020_fig1_divergence(tmp_path, captured):
    cfg, seed = copy.deepcopy(load_profile("smoke")["panigrahi2020"]["fig1"]), 2020
    cfg["train"]["eta"] = 3.0  # n = 50 diverges (except tanh, bounded); n = 10 stays finite
    cfg["spectra"]["width"] = 200
    small, large = sorted(cfg["ns"])
    train = {n: pan_compute.train_runs(cfg, seed, n, CPU, progress=False) for n in cfg["ns"]}
    spectra = {n: pan_compute.spectra(cfg, seed, n, CPU) for n in cfg["ns"]}
    bad = train[large]["first_nonfinite_step"]
    assert (bad[:3] > 0).all() and (train[small]["first_nonfinite_step"] == -1).all()
    tables = {p: roundtrip(t, tmp_path) for p, t in pan_tables.fig1_tables(train, spectra, cfg).items()}
    b = tables["panigrahi2020-fig1b"]
    assert list(b.columns) == ["activation", "run", "epoch", "loss", "normalized_loss", "lin_loss", DIVERGED_AT]
    for (act, run), curve in b.groupby(["activation", "run"]):
        i = list(train[large]["activations"]).index(act)
        expected = bad[i].min() if run == "mean" and (bad[i] >= 0).any() else (-1 if run == "mean" else bad[i, int(run)])
        assert (curve[DIVERGED_AT] == expected).all()
        if expected >= 0:  # logged epochs: NaN from the first logged epoch at or after the bad step
            assert curve.loc[curve["epoch"] >= expected, "loss"].isna().all()
            assert np.isfinite(curve.loc[curve["epoch"] < expected, "loss"]).all()
    rows = claims_frame(pan_claims.fig1_claims(train, spectra, cfg, "test")).set_index("claim_id")
    assert verdict(rows.loc["panigrahi2020-fig1b.no-divergence"]) is False
    assert f"relu run 0: first NaN/Inf at epoch {bad[0, 0]}" in rows.loc["panigrahi2020-fig1b.no-divergence", "detail"]
    assert verdict(rows.loc["panigrahi2020-fig1a.no-divergence"]) is True
    pan_plots.plot_fig1(tables, cfg, "test", None, None)
    fig = captured[-1]
    assert not crosses(fig.axes[0])
    assert len(crosses(fig.axes[1])) == 3 * (cfg["runs"] + 1)  # each diverged run and each mean curve
    assert f"n = {large}, ReLU run 0 at epoch {bad[0, 0]}" in figure_text(fig)


def test_oymak2019_divergence(captured):

    cfg = copy.deepcopy(load_profile("smoke")["oymak2019"])
    cfg.update(ks=[2, 4, 8, 12], ds=[2, 8, 12], max_iter=300)
    cfg["activations"] = [{"name": "softplus", "eta": 3.0}, {"name": "relu", "eta": 0.1}]  # softplus blows up
    cells = {}
    for act, n in panel_ids(cfg):
        trials = oy_compute.run_panel(cfg, activation(act), n, CPU, progress=False)
        if act == "softplus":
            diverged = trials[trials["diverged"]]
            assert len(diverged) and not diverged["success"].any()
            assert (diverged["iters"] < cfg["max_iter"]).all() and not np.isfinite(diverged["final_rel_err"]).any()
        cells[(act, n)] = oy_tables.cell_table(trials)
        per_cell = trials[trials["diverged"]].groupby(["k", "d"])["iters"].min()
        c = cells[(act, n)].set_index(["k", "d"])
        assert (c.loc[per_cell.index, DIVERGED_AT] == per_cell).all()
        assert (c.drop(per_cell.index)[DIVERGED_AT] == -1).all()
    soft = cells[("softplus", 30)]
    assert soft["diverged"].sum() > 0 and (soft.loc[soft["diverged"] == soft["trials"], "probability"] == 0).all()
    rows = claims_frame(oy_claims.claims(cells, cfg, "test")).set_index("claim_id")
    row = rows.loc["oymak2019-fig2a.no-divergence"]
    first = soft[soft["diverged"] > 0].sort_values(["d", "k"]).iloc[0]
    assert f"k = {first['k']}, d = {first['d']}: {first['diverged']} of 2 at iteration {first[DIVERGED_AT]}" \
        in row["detail"]
    # eta = 3 is beyond GD's stability limit at every cell: there the blow-up is the paper's step, not a bug
    assert row["verdict"] == "pass" and "stable region here: d in none of the grid" in row["detail"]
    assert rows.loc["oymak2019-fig2.diverged-never-fit", "verdict"] == "pass"
    # the same diverged trials under a step the row calls stable are a failure of the implementation check
    stable = copy.deepcopy(cfg)
    stable["activations"][0]["eta"] = 0.01
    rows_stable = claims_frame(oy_claims.claims(cells, stable, "test")).set_index("claim_id")
    assert rows_stable.loc["oymak2019-fig2a.no-divergence", "verdict"] == "fail"
    assert rows_stable.loc["oymak2019-fig2a.no-divergence", "value"] > 0
    assert rows.loc["oymak2019-fig2c.no-divergence", "verdict"] == "pass"
    oy_plots.plot_fig2({panel: cells[key] for key, panel in panel_ids(cfg).items()}, cfg, "test", None, None)
    fig = captured[-1]
    marked = fig.axes[0].collections[-1].get_offsets()
    assert {(int(k), int(d)) for k, d in marked} == {(int(k), int(d)) for k, d in
                                                      soft.loc[soft["diverged"] > 0, ["k", "d"]].to_numpy()}
    assert "NaN/Inf" in figure_text(fig)
