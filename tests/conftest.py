import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from overparam import registry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from quick_profile_bench import copy_workflow  # noqa: E402 - one copy routine for the tests and the benchmark


def load_profile(name: str) -> dict:
    return yaml.safe_load((REPO / "config" / f"{name}.yaml").read_text())


def snakemake(workdir: Path, *args, check=True, timeout=600, env=None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", *args],
        cwd=workdir, capture_output=True, text=True, timeout=timeout, env=env,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc


@pytest.fixture
def workflow_copy(tmp_path):
    return copy_workflow(tmp_path / "repo")


FIGURES = [figure.id for figure in registry.figures()]
SMOKE = ("--cores", "2", "--configfile", "config/smoke.yaml")


@pytest.fixture(scope="session")
def offline_then_stand_in(tmp_path_factory):
    """As a user without CIFAR-10 would: the default run fails only Figure 2's data rule, the report of that run
    (``report-offline.html``), then the stand-in. Shared by the end-to-end and the browser tests.

    The archive is corrupted so that the data rule fails without touching the network, wherever CI runs.
    """
    import pandas as pd

    repo = copy_workflow(tmp_path_factory.mktemp("smoke") / "repo")
    (repo / "cifar").mkdir()
    (repo / "cifar/cifar-10-python.tar.gz").write_bytes(b"not the CIFAR-10 archive")
    offline = snakemake(repo, *SMOKE, "--config", "cifar10_source=download", "cifar10_root=cifar", check=False)
    built = {fig: (repo / f"figures/smoke/{fig}.png").exists() for fig in FIGURES}
    partial = pd.read_csv(repo / "results/smoke/claims.csv")
    offline_report = snakemake(repo, "--configfile", "config/smoke.yaml", "--report", "report-offline.html",
                               check=False)
    offline_front = (repo / "results/smoke/report/front.rst").read_text() if offline_report.returncode == 0 else ""
    snakemake(repo, *SMOKE)  # smoke.yaml: cifar10_source synthetic
    return repo, offline, built, partial, offline_report, offline_front


@pytest.fixture(scope="session")
def smoke_run(offline_then_stand_in):
    return offline_then_stand_in[0]
