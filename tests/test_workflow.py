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

from conftest import FIGURES, REPO, SMOKE, copy_workflow, load_profile, snakemake
from overparam import registry
from overparam.io import is_temporary

# Training panels end with diverged_at: the run's first NaN/Inf iteration, -1 if it stayed finite
# (Oymak's cells: how many trials diverged and the earliest such iteration).
PANEL_COLUMNS = {name: list(panel.columns) for name, panel in registry.panels().items()}


def test_offline_cifar10_fails_only_its_rule(offline_then_stand_in):
    _, offline, built, partial = offline_then_stand_in[:4]
    assert offline.returncode != 0
    assert offline.stderr.count("Error in rule") == 1 and "Error in rule panigrahi2020_fig2_data" in offline.stderr
    assert built == {fig: fig != "panigrahi2020-fig2" for fig in FIGURES}
    tail = offline.stderr[offline.stderr.rindex("Panigrahi et al. Figure 2 was not built"):]
    assert "CIFAR-10 UNAVAILABLE" in tail and "md5" in tail and "cifar10_source=synthetic" in tail
    # the claims table aggregates what was built and says what was not
    assert (partial.loc[partial["claim_id"] == "panigrahi2020-fig2.not-built", "verdict"] == "not built").all()
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
    """The ledger's form; paper verdicts are results (never required to be 'reproduced'); a failing
    implementation row is a bug."""
    from overparam.claims import COLUMNS, KINDS, ROBUSTNESS, VERDICTS

    claims = pd.read_csv(smoke_run / "results/smoke/claims.csv", keep_default_na=False, na_values=[""])
    assert list(claims.columns) == [*COLUMNS, ROBUSTNESS]
    assert claims["claim_id"].is_unique
    assert set(claims["kind"]) <= set(KINDS) and {"paper", "theory", "implementation"} <= set(claims["kind"])
    for row in claims.itertuples():
        assert row.verdict in VERDICTS[row.kind], (row.claim_id, row.kind, row.verdict)
        if row.kind != "implementation":
            assert isinstance(row.quote, str) and row.quote and isinstance(row.source, str) and row.source, \
                row.claim_id
        # rows cite the paper, never documents a user does not have; only a regression check (implementation)
        # may say that its number comes from calibration runs
        cites = r"\bspec\b|the issue|\bT\d\.\d" + ("" if row.kind == "implementation" else r"|calib")
        assert not re.search(cites, str(row.statement), re.I), (row.claim_id, row.statement)
    assert set(claims["figure"].str.extract(r"^(\w+-(?:fig|supp)\d)")[0]) == set(FIGURES) - {"oymak2019-fig1"}
    assert not claims["claim_id"].str.endswith(".not-built").any()
    assert (claims["profile"] == "smoke").all()
    # Regression checks compare with reference runs at quick scale or larger (tests/test_ledger.py requires every
    # implementation row to pass there); at the toy smoke scale every other implementation row must pass.
    failed = claims[(claims["verdict"] == "fail") & ~claims["statement"].str.contains("regression check", case=False)]
    assert failed.empty, failed[["claim_id", "value", "lower", "upper", "detail"]].to_string()
    # CIFAR-10's sentences cannot be decided on the stand-in: not testable, and said why
    stand_in = claims[claims["figure"].str.startswith("panigrahi2020-fig2") & (claims["kind"] == "paper")]
    assert len(stand_in) and (stand_in["verdict"] == "not testable").all()
    assert stand_in["detail"].str.contains("synthetic stand-in, not CIFAR-10", regex=False).all()


def test_sensitivity_table_figure_and_ledger_column(smoke_run):
    """Every paper's sensitivity rows: each rerun claim has its default reading (the ledger's verdict) and at least one
    alternative; the ledger's robustness word follows from them; the figure is drawn."""
    from overparam.claims import ROBUSTNESS
    from overparam.sensitivity import COLUMNS, check, robustness

    table = pd.read_csv(smoke_run / "results/smoke/sensitivity.csv", keep_default_na=False, na_values=[""])
    assert list(table.columns) == COLUMNS
    check(table)
    claims = pd.read_csv(smoke_run / "results/smoke/claims.csv", keep_default_na=False, na_values=[""])
    paper = claims[claims["kind"] == "paper"].set_index("claim_id")
    assert set(table["claim_id"]) <= set(paper.index)
    for row in table[table["default"]].itertuples():
        assert row.verdict == paper.loc[row.claim_id, "verdict"], row.claim_id
    assert dict(paper[ROBUSTNESS]) == robustness(table, paper.index)
    assert claims.loc[claims["kind"] != "paper", ROBUSTNESS].isna().all()
    settings = set(zip(table["claim_id"].str.split("-").str[0], table["setting"]))
    assert {("du2019", "eta"), ("du2019", "widths"), ("du2019", "output weights"), ("panigrahi2020", "c_phi"),
            ("panigrahi2020", "arc"), ("panigrahi2020", "epochs"), ("oymak2019", "loss scale")} == settings
    # Figure 2(d)'s readings run on CIFAR-10 only: on the stand-in no verdict could change
    assert not table["claim_id"].str.startswith("panigrahi2020-fig2").any()
    assert (paper.loc[paper.index.str.startswith("panigrahi2020-fig2"), ROBUSTNESS] == "not assessed").all()
    full = table[(table["setting"] == "arc") & (table["reading"] == "full circle")]
    assert full["reading_note"].str.contains("singular for relu").all()  # the full circle's singular G is shown
    assert (smoke_run / "figures/smoke/sensitivity.png").stat().st_size > 10_000


def test_every_job_has_log_and_benchmark(smoke_run):
    config = load_profile("smoke")
    names = [name for job in registry.jobs().values() for name in job.benchmark_names(config)]
    assert len(names) >= 29
    for name in names:
        assert (smoke_run / f"logs/smoke/{name}.log").exists(), name
        assert (smoke_run / f"benchmarks/smoke/{name}.tsv").exists(), name


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


def test_every_output_has_provenance(smoke_run):
    """One record per declared output of every job: run files, tables, claims, figures and report pages."""
    results = smoke_run / "results/smoke"
    tables = sorted(results.glob("*.csv")) + sorted(results.glob("claims/*.csv"))
    assert len(tables) > 20
    outputs = [*tables, *sorted(results.rglob("*.npz")), *sorted((smoke_run / "figures/smoke").glob("*.p[nd][gf]")),
               *sorted((results / "report").glob("*.html"))]
    assert len(outputs) > len(tables) + 2 * len(FIGURES)
    for path in outputs:
        record = json.loads(path.with_name(path.name + ".provenance.json").read_text())
        assert record["profile"] == "smoke" and len(record["config_sha256"]) == 64
        assert record["packages"]["torch"] and record["git_commit"] and record["elapsed_s"] >= 0
        assert len(record["code_sha256"]) == 16
    fig1a = json.loads((smoke_run / "results/smoke/du2019-fig1a.csv.provenance.json").read_text())
    assert {rec["job"] for rec in fig1a["inputs"].values()} == {"du2019_train"}  # leads back to the training job
    assert all(rec["device"] == "cpu" for rec in fig1a["inputs"].values())


def report_captions(report_html: str) -> dict[str, str]:
    """figure id -> its caption as the report holds it (HTML, JSON-escaped)."""
    captions = {}
    for fig in FIGURES:
        entry = re.search(rf'"figures/smoke/{fig}\.png": {{"name": "{fig}\.png".*?"caption": "(.*?)(?<!\\)"', report_html)
        if entry:
            captions[fig] = entry.group(1)
    return captions


def test_report_has_every_figure_with_its_caption_and_the_claims(smoke_run):
    # the report command is given another data source than the run used: captions still describe the run's data
    snakemake(smoke_run, "--configfile", "config/smoke.yaml", "--config", "cifar10_source=download",
              "--report", "report.html")
    text = (smoke_run / "report.html").read_text()
    captions = report_captions(text)
    assert set(captions) == set(FIGURES)
    for fig, caption in captions.items():
        assert len(caption) > 100 and "smoke" in caption, (fig, caption[:200])
        assert "System Message" not in caption and "problematic" not in caption, fig  # docutils errors
    assert "SYNTHETIC STAND-IN, NOT CIFAR-10" in captions["panigrahi2020-fig2"]
    assert "n = 20 points" in captions["du2019-fig1"]  # the run's own settings, from its record
    for page in ("claims", "provenance", "deviations"):
        assert f'"results/smoke/report/{page}.html"' in text
    assert "The paper&#x27;s claims" in text or "The paper's claims" in text  # the front page is the scorecard
    scorecard = (smoke_run / "results/smoke/report/claims.html").read_text()
    claims = pd.read_csv(smoke_run / "results/smoke/claims.csv")
    assert all(cid in scorecard for cid in claims["claim_id"])
    assert "synthetic stand-in, not CIFAR-10" in (smoke_run / "results/smoke/report/deviations.html").read_text()


def test_report_builds_after_an_offline_run(offline_then_stand_in):
    """Figure 2 not built: the report still builds, lists it as not built with the reason, has every other page."""
    repo, _, built, _, offline_report, front = offline_then_stand_in
    assert offline_report.returncode == 0, offline_report.stderr[-3000:]
    assert "Not built in this run" in front and "panigrahi2020-fig2" in front and "CIFAR-10 UNAVAILABLE" in front
    text = (repo / "report-offline.html").read_text()
    captions = report_captions(text)
    assert set(captions) == {fig for fig, ok in built.items() if ok}
    for page in ("claims", "provenance", "deviations"):
        assert f'"results/smoke/report/{page}.html"' in text


def test_every_figure_has_a_caption_template_that_names_the_profile(workflow_copy):
    # that each figure is a report item with its caption, rendered from its record, is checked on the report above
    for fig in FIGURES:
        caption = (workflow_copy / f"workflow/report/{fig}.rst").read_text()
        assert len(caption) > 150 and 'snakemake.config["profile"]' in caption, fig
        assert len(caption.split()) < 250, f"{fig}: a caption is short; the long version belongs in docs/figures.md"


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
