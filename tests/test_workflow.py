"""End to end: the smoke profile through snakemake in a temporary directory."""
import filecmp

import pandas as pd
import pytest

from conftest import copy_workflow, snakemake

FIGURES = ["du2019-fig1", "du2019-supp1", "panigrahi2020-fig1", "oymak2019-fig1", "oymak2019-fig2",
           "das2019-supp1", "das2019-supp2", "das2019-supp3", "das2019-supp4"]
PANEL_COLUMNS = {
    "du2019-fig1a": ["m", "seed", "iteration", "loss"],
    "du2019-fig1b": ["m", "seed", "iteration", "pattern_change_fraction"],
    "du2019-fig1c": ["m", "seed", "iteration", "max_distance"],
    "du2019-supp1a": ["m", "seed", "iteration", "normalized_loss", "lin_normalized_loss"],
    "du2019-supp1b": ["m", "seed", "rho"],
    "panigrahi2020-fig1a": ["activation", "run", "epoch", "loss", "normalized_loss", "lin_loss"],
    "panigrahi2020-fig1b": ["activation", "run", "epoch", "loss", "normalized_loss", "lin_loss"],
    "panigrahi2020-fig1c": ["activation", "kind", "run", "index", "eigenvalue"],
    "panigrahi2020-fig1d": ["activation", "kind", "run", "index", "eigenvalue"],
    **{f"oymak2019-fig2{p}": ["n", "activation", "k", "d", "trials", "successes", "probability"] for p in "abcd"},
    "das2019-supp1a": ["n", "activation", "method", "lambda0"],
    "das2019-supp1b": ["n", "series", "width"],
    "das2019-supp2a": ["m", "seed", "t", "ratio", "envelope", "asymptote", "flow"],
    "das2019-supp2b": ["m", "seed", "t", "lmin_over_lambda0"],
    "das2019-supp2c": ["eta_scale", "seed", "t", "ratio"],
    "das2019-supp2d": ["dataset", "m", "seed", "t", "ratio", "envelope", "lmin_over_lambda0"],
    "das2019-supp3a": ["dataset", "m", "seed", "value", "bound_printed", "bound_corrected"],
    "das2019-supp3b": ["dataset", "m", "seed", "value", "ntk", "bound_printed", "radius"],
    "das2019-supp3c": ["dataset", "m", "seed", "value", "bound_printed", "bound_e3"],
    "das2019-supp3d": ["dataset", "m", "seed", "value", "bound"],
    "das2019-supp3e": ["dataset", "m", "seed", "value"],
    "das2019-supp4a": ["dataset", "activation", "index", "eigenvalue", "is_exact_zero"],
    "das2019-supp4b": ["dataset", "m", "seed", "step", "t", "loss", "L_inf", "excess"],
    "das2019-supp4c": ["m", "seed", "step", "t", "abs_alpha_u"],
}
# Claims that the smoke profile must pass too: one exact consequence of ||x_i|| = 1 (flip inequality) and
# bounds that hold with large slack at any width in practice (Theorem 4.1 itself assumes m = Omega(n^6)).
EXACT_CLAIMS = [
    "du2019-fig1a.loss-monotone",
    "du2019-fig1a.thm41-envelope",
    "du2019-fig1b.flip-implies-small-preactivation",
    "du2019-fig1c.corollary41-envelope",
    "panigrahi2020-fig1c.quadratic-rank-3",
    "panigrahi2020-fig1d.quadratic-rank-3",
    "panigrahi2020-fig1d.infinite-spectrum-reference",
    "oymak2019-fig2a.none-below-line",
    "oymak2019-fig2d.none-below-line",
    "oymak2019-fig2a.some-success",
    # Das & Golikov: exact statements (spectra, invariants, inequalities with large margins) hold at any size
    "das2019-supp2.lemma43a-envelope",
    "das2019-supp3.remark44-lipschitz",
    "das2019-supp3.lemma43b-corrected",
    "das2019-supp4.thm41-fails-softplus",
    "das2019-supp4.thm41-fails-gelu",
    "das2019-supp4.thm41-fails-swish",
    "das2019-supp4.thm41-fails-tanh-pair",
    "das2019-supp4.bias-repairs",
    "das2019-supp4.independent-pairs-positive",
    "das2019-supp4.null-space-predicted",
    "das2019-supp4.alpha-invariant",
]
SMOKE = ("--cores", "2", "--configfile", "config/smoke.yaml")


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    repo = copy_workflow(tmp_path_factory.mktemp("smoke") / "repo")
    snakemake(repo, *SMOKE)
    return repo


def test_dry_run_lists_every_figure(workflow_copy):
    out = snakemake(workflow_copy, "-n").stdout
    for fig in FIGURES:
        for ext in ("png", "pdf"):
            assert f"figures/quick/{fig}.{ext}" in out
    assert "results/quick/claims.csv" in out


def test_outputs_follow_the_contract(smoke_run):
    for fig in FIGURES:
        for ext in ("png", "pdf"):
            assert (smoke_run / f"figures/smoke/{fig}.{ext}").stat().st_size > 1000
    for panel, columns in PANEL_COLUMNS.items():
        table = pd.read_csv(smoke_run / f"results/smoke/{panel}.csv")
        assert list(table.columns) == columns
        assert len(table) > 0 and table.notna().all().all()
    trials = pd.read_csv(smoke_run / "results/smoke/oymak2019/trials_softplus_n30.csv")
    assert list(trials.columns) == ["n", "activation", "k", "d", "trial", "seed", "success", "diverged", "iters",
                                    "final_rel_err", "init_rel_err", "eta", "max_iter", "tol", "loss_scale", "dtype"]
    cells = pd.read_csv(smoke_run / "results/smoke/oymak2019-fig2a.csv")
    recomputed = trials.groupby(["k", "d"])["success"].mean().reset_index(drop=True)
    assert (cells.sort_values(["k", "d"])["probability"].reset_index(drop=True) == recomputed).all()
    assert not (smoke_run / "results/smoke/oymak2019-fig1.csv").exists()  # a diagram has no data
    fig1a = pd.read_csv(smoke_run / "results/smoke/du2019-fig1a.csv")
    assert sorted(fig1a["m"].unique()) == [20, 40, 80]
    assert sorted(fig1a["seed"].unique()) == [0, 1]
    assert fig1a["iteration"].max() == 30


def test_claims_table(smoke_run):
    claims = pd.read_csv(smoke_run / "results/smoke/claims.csv")
    for column in ["claim_id", "figure", "statement", "value", "lower", "upper", "passed"]:
        assert column in claims.columns
    assert claims["claim_id"].is_unique
    assert set(claims["figure"]) >= {"du2019-fig1a", "du2019-fig1b", "du2019-fig1c", "du2019-supp1",
                                     "panigrahi2020-fig1a", "panigrahi2020-fig1b", "panigrahi2020-fig1c",
                                     "panigrahi2020-fig1d", "das2019-supp1", "das2019-supp2", "das2019-supp3",
                                     "das2019-supp4"}
    assert (claims["profile"] == "smoke").all()
    passed = dict(zip(claims["claim_id"], claims["passed"]))
    for claim_id in EXACT_CLAIMS:
        assert passed[claim_id], claim_id


def test_every_rule_has_log_and_benchmark(smoke_run):
    for rule in ["du2019_train", "du2019_tables", "du2019_claims", "du2019_plot_fig1", "du2019_plot_supp1", "claims",
                 "panigrahi2020_fig1_tables", "panigrahi2020_fig1_claims", "panigrahi2020_plot_fig1",
                 "panigrahi2020_fig1_train/n10", "panigrahi2020_fig1_spectra/n50", "oymak2019_tables",
                 "oymak2019_claims", "oymak2019_plot_fig1", "oymak2019_plot_fig2",
                 "oymak2019_phase_transition/relu_n40", "das2019_compute", "das2019_counterexample",
                 "das2019_tables", "das2019_claims", "das2019_plots"]:
        assert (smoke_run / f"logs/smoke/{rule}.log").exists(), rule
        assert (smoke_run / f"benchmarks/smoke/{rule}.tsv").exists(), rule


def test_rerun_gives_identical_files(smoke_run, tmp_path):
    again = copy_workflow(tmp_path / "repo")
    snakemake(again, *SMOKE)
    files = sorted(p.relative_to(smoke_run) for p in (smoke_run / "results").rglob("*") if p.is_file())
    assert any(str(f).endswith(".npz") for f in files) and any(str(f).endswith(".csv") for f in files)
    for rel in files:
        assert filecmp.cmp(smoke_run / rel, again / rel, shallow=False), rel


def test_up_to_date_and_plot_change_never_retrains(smoke_run):
    assert "Nothing to be done" in snakemake(smoke_run, *SMOKE, "-n").stdout
    script = smoke_run / "workflow/scripts/du2019_plot_fig1.py"
    script.write_text(script.read_text() + "\n# cosmetic change\n")
    out = snakemake(smoke_run, *SMOKE, "-n").stdout
    assert "du2019_plot_fig1" in out
    for rule in ("du2019_train", "du2019_tables", "du2019_claims"):
        assert f"rule {rule}:" not in out and f"localrule {rule}:" not in out
    script = smoke_run / "workflow/scripts/das2019_plots.py"
    script.write_text(script.read_text() + "\n# cosmetic change\n")
    out = snakemake(smoke_run, *SMOKE, "-n").stdout
    assert "das2019_plots" in out
    for rule in ("das2019_counterexample", "das2019_compute", "das2019_tables", "das2019_claims"):
        assert f"rule {rule}:" not in out and f"localrule {rule}:" not in out
