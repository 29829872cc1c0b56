"""The conda route installs the same locked package set as uv."""
import shutil
import subprocess

import pytest

from conftest import REPO

EXPORT = ["uv", "export", "--frozen", "--format", "requirements-txt", "--no-hashes", "--no-emit-project"]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv not on PATH")
def test_requirements_lock_matches_uv_lock():
    fresh = subprocess.run([*EXPORT, "--quiet"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    committed = (REPO / "requirements.lock.txt").read_text()
    strip = lambda text: [ln for ln in text.splitlines() if not ln.startswith("#")]  # noqa: E731
    assert strip(fresh) == strip(committed), "run: " + " ".join(EXPORT) + " -o requirements.lock.txt"


def test_environment_yml_uses_the_lock():
    text = (REPO / "environment.yml").read_text()
    assert "python=3.11" in text and "-r requirements.lock.txt" in text and "-e ." in text


def test_tables_claims_and_plot_jobs_never_import_torch():
    """Every job that says uses_torch=False imports only torch-free modules (torch's start-up is ~2 s a job)."""
    import re
    import subprocess
    import sys

    scripts = sorted((REPO / "workflow" / "scripts").glob("*.py"))
    light = [s for s in scripts if "uses_torch=False" in s.read_text()]
    assert len(light) >= 19
    modules = set()
    for script in light:
        text = script.read_text()
        assert not re.search(r"^import torch|^from torch", text, re.M), script.name
        modules |= {f"overparam.{m}" for m in re.findall(r"^from overparam\.(\w+) import", text, re.M) if m != "papers"}
        modules |= {f"overparam.papers.{m}" for m in re.findall(r"^from overparam\.papers import (\w+)", text, re.M)}
    code = "import sys\n" + "".join(f"import {m}\n" for m in sorted(modules)) + "print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False", sorted(modules)
