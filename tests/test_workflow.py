"""End to end: the smoke profile through snakemake in a temporary directory."""
import filecmp
import json
import os
import re
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from conftest import REPO, copy_workflow, snakemake
from overparam.io import is_temporary

FIGURES = ["du2019-fig1", "du2019-supp1", "panigrahi2020-fig1", "panigrahi2020-fig2", "oymak2019-fig1",
           "oymak2019-fig2", "das2019-supp1", "das2019-supp2", "das2019-supp3", "das2019-supp4"]
# Training panels end with diverged_at: the run's first NaN/Inf iteration, -1 if it stayed finite
# (Oymak's cells: how many trials diverged and the earliest such iteration).
PANEL_COLUMNS = {
    "du2019-fig1a": ["m", "seed", "iteration", "loss", "diverged_at"],
    "du2019-fig1b": ["m", "seed", "iteration", "pattern_change_fraction", "diverged_at"],
    "du2019-fig1c": ["m", "seed", "iteration", "max_distance", "diverged_at"],
    "du2019-supp1a": ["m", "seed", "iteration", "normalized_loss", "lin_normalized_loss", "diverged_at"],
    "du2019-supp1b": ["m", "seed", "rho", "diverged_at"],
    "panigrahi2020-fig1a": ["activation", "run", "epoch", "loss", "normalized_loss", "lin_loss", "diverged_at"],
    "panigrahi2020-fig1b": ["activation", "run", "epoch", "loss", "normalized_loss", "lin_loss", "diverged_at"],
    "panigrahi2020-fig1c": ["activation", "kind", "run", "index", "eigenvalue"],
    "panigrahi2020-fig1d": ["activation", "kind", "run", "index", "eigenvalue"],
    "panigrahi2020-fig2a": ["bin_left", "bin_right", "count"],
    "panigrahi2020-fig2b": ["k", "cumulative_ratio"],
    "panigrahi2020-fig2c": ["activation", "kind", "index", "eigenvalue"],
    "panigrahi2020-fig2d": ["activation", "epoch", "loss", "diverged_at"],
    **{f"oymak2019-fig2{p}": ["n", "activation", "k", "d", "trials", "successes", "probability", "diverged",
                              "diverged_at"] for p in "abcd"},
    "das2019-supp1a": ["n", "activation", "method", "lambda0"],
    "das2019-supp1b": ["n", "series", "width"],
    "das2019-supp2a": ["m", "seed", "t", "ratio", "envelope", "asymptote", "flow", "diverged_at"],
    "das2019-supp2b": ["m", "seed", "t", "lmin_over_lambda0", "diverged_at"],
    "das2019-supp2c": ["eta_scale", "seed", "t", "ratio", "diverged_at"],
    "das2019-supp2d": ["dataset", "m", "seed", "t", "ratio", "envelope", "lmin_over_lambda0", "diverged_at"],
    "das2019-supp3a": ["dataset", "m", "seed", "value", "bound_printed", "bound_corrected", "diverged_at"],
    "das2019-supp3b": ["dataset", "m", "seed", "value", "ntk", "bound_printed", "radius", "diverged_at"],
    "das2019-supp3c": ["dataset", "m", "seed", "value", "bound_printed", "bound_e3", "diverged_at"],
    "das2019-supp3d": ["dataset", "m", "seed", "value", "bound", "diverged_at"],
    "das2019-supp3e": ["dataset", "m", "seed", "value", "diverged_at"],
    "das2019-supp4a": ["dataset", "activation", "index", "eigenvalue", "is_exact_zero"],
    "das2019-supp4b": ["dataset", "m", "seed", "step", "t", "loss", "L_inf", "excess", "diverged_at"],
    "das2019-supp4c": ["m", "seed", "step", "t", "abs_alpha_u", "diverged_at"],
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
    "panigrahi2020-fig2a.unit-norms",
    "panigrahi2020-fig2a.last-coordinate",
    "panigrahi2020-fig2a.distances-positive",
    "panigrahi2020-fig2a.distances-at-most-one",
    "panigrahi2020-fig2d.no-divergence",
    "du2019-fig1a.no-divergence",
    "panigrahi2020-fig1a.no-divergence",
    "panigrahi2020-fig1b.no-divergence",
    *[f"oymak2019-fig2{p}.no-divergence" for p in "abcd"],
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
def offline_then_stand_in(tmp_path_factory):
    """As a user without CIFAR-10 would: the default run fails only Figure 2's data rule, then the stand-in.

    The archive is corrupted so that the data rule fails without touching the network, wherever CI runs.
    """
    repo = copy_workflow(tmp_path_factory.mktemp("smoke") / "repo")
    (repo / "cifar").mkdir()
    (repo / "cifar/cifar-10-python.tar.gz").write_bytes(b"not the CIFAR-10 archive")
    offline = snakemake(repo, *SMOKE, "--config", "cifar10_source=download", "cifar10_root=cifar", check=False)
    built = {fig: (repo / f"figures/smoke/{fig}.png").exists() for fig in FIGURES}
    partial = pd.read_csv(repo / "results/smoke/claims.csv")
    snakemake(repo, *SMOKE)  # smoke.yaml: cifar10_source synthetic
    return repo, offline, built, partial


@pytest.fixture(scope="module")
def smoke_run(offline_then_stand_in):
    return offline_then_stand_in[0]


def test_offline_cifar10_fails_only_its_rule(offline_then_stand_in):
    _, offline, built, partial = offline_then_stand_in
    assert offline.returncode != 0
    assert offline.stderr.count("Error in rule") == 1 and "Error in rule panigrahi2020_fig2_data" in offline.stderr
    assert built == {fig: fig != "panigrahi2020-fig2" for fig in FIGURES}
    tail = offline.stderr[offline.stderr.rindex("Panigrahi et al. Figure 2 was not built"):]
    assert "CIFAR-10 UNAVAILABLE" in tail and "md5" in tail and "cifar10_source=synthetic" in tail
    # the claims table aggregates what was built and says what was not
    assert partial.loc[partial["claim_id"] == "panigrahi2020-fig2.not-built", "passed"].isna().all()
    assert (partial["figure"] == "panigrahi2020-fig2").sum() == 1
    assert {"du2019-fig1a", "panigrahi2020-fig1a", "oymak2019-fig2a"} <= set(partial["figure"])


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
        if "diverged_at" in columns:  # the smoke runs stay finite
            assert (table["diverged_at"] == -1).all(), panel
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
                                     "panigrahi2020-fig1d", "panigrahi2020-fig2", "das2019-supp1", "das2019-supp2",
                                     "das2019-supp3", "das2019-supp4"}
    assert not claims["claim_id"].str.endswith(".not-built").any()
    stand_in = claims[claims["figure"] == "panigrahi2020-fig2"]
    assert stand_in["statement"].str.contains("synthetic stand-in, not CIFAR-10", regex=False).all()
    assert (claims["profile"] == "smoke").all()
    passed = dict(zip(claims["claim_id"], claims["passed"]))
    for claim_id in EXACT_CLAIMS:
        assert passed[claim_id], claim_id


def test_every_rule_has_log_and_benchmark(smoke_run):
    for rule in ["du2019_train", "du2019_tables", "du2019_claims", "du2019_plot_fig1", "du2019_plot_supp1", "claims",
                 "panigrahi2020_fig1_tables", "panigrahi2020_fig1_claims", "panigrahi2020_plot_fig1",
                 "panigrahi2020_fig1_train/n10", "panigrahi2020_fig1_spectra/n50", "oymak2019_tables",
                 "oymak2019_claims", "oymak2019_plot_fig1", "oymak2019_plot_fig2",
                 "oymak2019_phase_transition/relu_n40", "panigrahi2020_fig2_data", "panigrahi2020_fig2_geometry",
                 "panigrahi2020_fig2_spectra", "panigrahi2020_fig2_train", "panigrahi2020_fig2_tables",
                 "panigrahi2020_fig2_claims", "panigrahi2020_plot_fig2", "das2019_compute", "das2019_counterexample",
                 "das2019_tables", "das2019_claims",
                 "das2019_plots", "report_pages"]:
        assert (smoke_run / f"logs/smoke/{rule}.log").exists(), rule
        assert (smoke_run / f"benchmarks/smoke/{rule}.tsv").exists(), rule


def test_jobs_without_tensor_work_never_import_torch(smoke_run):
    """Each job that declares uses_torch=False reports at exit if torch got imported anyway (start-up cost)."""
    from overparam.runtime import TORCH_IMPORTED

    logs = sorted((smoke_run / "logs" / "smoke").rglob("*.log"))
    assert len(logs) >= 30
    offenders = [log.name for log in logs if TORCH_IMPORTED in log.read_text()]
    assert not offenders


def timing_record(path) -> bool:
    """Provenance records (sidecars and their report page) carry times: they differ between runs by design."""
    return path.name.endswith(".provenance.json") or path.name == "provenance.html"


def test_rerun_gives_identical_files(smoke_run, tmp_path):
    again = copy_workflow(tmp_path / "repo")
    snakemake(again, *SMOKE)
    files = sorted(p.relative_to(smoke_run) for p in (smoke_run / "results").rglob("*")
                   if p.is_file() and not timing_record(p))
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


def test_every_result_table_has_provenance(smoke_run):
    tables = sorted((smoke_run / "results/smoke").glob("*.csv")) + sorted((smoke_run / "results/smoke").glob("claims/*.csv"))
    assert len(tables) > 20
    for path in tables:
        record = json.loads(path.with_name(path.name + ".provenance.json").read_text())
        assert record["profile"] == "smoke" and len(record["config_sha256"]) == 64
        assert record["packages"]["torch"] and record["git_commit"] and record["elapsed_s"] >= 0
    fig1a = json.loads((smoke_run / "results/smoke/du2019-fig1a.csv.provenance.json").read_text())
    assert {rec["job"] for rec in fig1a["inputs"].values()} == {"du2019_train"}  # leads back to the training job
    assert all(rec["device"] == "cpu" for rec in fig1a["inputs"].values())


def test_report_has_every_figure_with_its_caption_and_the_claims(smoke_run):
    snakemake(smoke_run, "--configfile", "config/smoke.yaml", "--report", "report.html")
    text = (smoke_run / "report.html").read_text()
    for fig in FIGURES:
        entry = re.search(rf'"figures/smoke/{fig}\.png": {{"name": "{fig}\.png".*?"caption": "(.*?)(?<!\\)"', text)
        assert entry, fig
        caption = entry.group(1)
        assert len(caption) > 150 and "smoke" in caption, (fig, caption[:200])
    for page in ("claims", "provenance", "deviations"):
        assert f'"results/smoke/report/{page}.html"' in text
    scorecard = (smoke_run / "results/smoke/report/claims.html").read_text()
    claims = pd.read_csv(smoke_run / "results/smoke/claims.csv")
    assert all(cid in scorecard for cid in claims["claim_id"])
    assert "synthetic stand-in, not CIFAR-10" in (smoke_run / "results/smoke/report/deviations.html").read_text()


def test_every_figure_has_a_caption_file_that_names_the_profile(workflow_copy):
    # that each figure is a report item with its caption is checked on the built report above
    for fig in FIGURES:
        caption = (workflow_copy / f"workflow/report/{fig}.rst").read_text()
        assert len(caption) > 200 and 'snakemake.config["profile"]' in caption, fig


def result_files(repo):
    """Every file under results/, split into results and temporary files of io.atomic_path."""
    files = {str(p.relative_to(repo)) for p in (repo / "results").rglob("*") if p.is_file()}
    temporary = {f for f in files if is_temporary(f)}
    return files - temporary, temporary


def test_killed_runs_resume_to_identical_results(smoke_run, tmp_path):
    """SIGTERM, then SIGKILL to the snakemake process group mid-job; the README's recovery; identical results."""
    readme = (REPO / "README.md").read_text()
    assert "After a hard kill, run `uv run snakemake --unlock` once, then the same command again." in readme
    repo = copy_workflow(tmp_path / "repo")
    incomplete = repo / ".snakemake/incomplete"
    locks = repo / ".snakemake/locks"

    def start(name):
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - a pipe could fill up and stall snakemake
        return subprocess.Popen([sys.executable, "-m", "snakemake", *SMOKE], cwd=repo, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def kill_mid_job(proc, sig, at_least):
        """Once at_least result files exist and a job is running (its incomplete marker is there), signal the group."""
        deadline = time.monotonic() + 300
        while not (len(result_files(repo)[0]) >= at_least and incomplete.is_dir() and any(incomplete.rglob("*"))):
            assert proc.poll() is None, "the run finished before the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.killpg(proc.pid, sig)
        return proc.wait(timeout=120)

    # 1. SIGTERM (Ctrl-C-like): Snakemake stops its jobs, removes their outputs and its lock.
    rc = kill_mid_job(start("term"), signal.SIGTERM, at_least=1)
    assert rc != 0
    assert not any(locks.glob("*")) and not any(incomplete.rglob("*"))
    kept = result_files(repo)[0]
    # 2. Rerun, then SIGKILL mid-job: lock and incomplete markers stay behind.
    rc = kill_mid_job(start("kill"), signal.SIGKILL, at_least=len(kept) + 4)
    assert rc == -signal.SIGKILL
    assert any(locks.glob("*")) and any(incomplete.rglob("*"))
    blocked = snakemake(repo, *SMOKE, check=False)
    assert blocked.returncode != 0 and "--unlock" in blocked.stdout + blocked.stderr
    # 3. The README's recovery line: --unlock once, then the same command (rerun-incomplete is a profile default).
    snakemake(repo, "--unlock")
    snakemake(repo, *SMOKE)

    reference, _ = result_files(smoke_run)
    resumed, leftovers = result_files(repo)
    assert resumed == reference
    for rel in sorted(reference):  # byte for byte: no truncated or partial file among them
        if timing_record(repo / rel):
            continue
        assert filecmp.cmp(smoke_run / rel, repo / rel, shallow=False), rel
    # a SIGKILL mid-write may leave a temporary file; it never has a result's name or suffix
    for rel in leftovers:
        assert rel.endswith(".tmp") and os.path.basename(rel).startswith("."), rel
