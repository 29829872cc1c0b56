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
