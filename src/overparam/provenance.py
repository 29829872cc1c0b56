"""Provenance sidecars: next to every result file, what made it.

``{file}.provenance.json`` records the git commit (with a +dirty mark), a hash of the whole config,
package versions, the device, the job and its elapsed time, and the provenance of the job's inputs,
so a CSV's sidecar leads back to the training run and the device that produced its numbers.
Sidecars carry times, so they differ between otherwise identical runs; result files do not.
"""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PACKAGES = ["torch", "torchvision", "numpy", "scipy", "pandas", "matplotlib", "seaborn", "snakemake"]
SUFFIX = ".provenance.json"


def sidecar_path(path) -> Path:
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def config_hash(config: dict) -> str:
    """sha256 of the config as canonical JSON (key order does not matter)."""
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()


def git_commit(cwd=".") -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass
class Job:
    name: str
    device: str
    config: dict | None = None
    inputs: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    started_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))

    def record(self) -> dict:
        upstream = {}
        for path in self.inputs:
            side = sidecar_path(path)
            if side.exists():
                upstream[str(path)] = json.loads(side.read_text())
        return {
            "job": self.name,
            "git_commit": git_commit(),
            "config_sha256": config_hash(self.config) if self.config is not None else None,
            "profile": (self.config or {}).get("profile"),
            "device": self.device,
            "host": platform.node(),
            "started_at": self.started_at,
            "elapsed_s": round(time.perf_counter() - self.started, 3),
            "packages": package_versions(),
            "inputs": upstream,
        }


_current: Job | None = None


def start(name: str, device: str, config: dict | None = None, inputs=()) -> Job:
    global _current
    _current = Job(name, device, config, [str(p) for p in inputs])
    return _current


def write_sidecar(path) -> None:
    """Write ``path``'s sidecar if a job is running (library calls outside the workflow write none)."""
    if _current is None:
        return
    from .io import atomic_path  # io imports this module

    with atomic_path(sidecar_path(path)) as tmp:
        tmp.write_text(json.dumps(_current.record(), indent=1, sort_keys=True) + "\n")
