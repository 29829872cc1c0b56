"""Provenance records: next to every file a job declares as output, what made it.

``{file}.provenance.json`` records the job, the git commit (with a +dirty mark), the config keys the job read
(their values and their hash) and of the library code it ran, package versions, the device, the host, the job's start and
elapsed time, and the records of the job's inputs, so a figure's record leads back through its tables to the
training run and the device that produced its numbers. The runner (``overparam.runtime.run_job``) writes one record per
declared output when the job ends successfully; git and package facts are computed once per job.
Each record also holds its file's ``sha256`` and size (``bytes``): every job checks its inputs against them before
reading them (``overparam.inputs.verify_inputs``), so a file damaged or edited after it was written is named.
Records carry times, so they differ between otherwise identical runs; result files do not.
"""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path

from .atomic import atomic_path

PACKAGES = ["torch", "torchvision", "numpy", "scipy", "pandas", "matplotlib", "seaborn", "snakemake"]
SUFFIX = ".provenance.json"


def sidecar_path(path) -> Path:
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


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
    code_sha256: str | None = None
    profile: str | None = None  # the workflow's profile (the job's config may not hold that key)
    started: float = field(default_factory=time.perf_counter)
    started_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))

    @cached_property
    def facts(self) -> dict:
        """What does not change during the job: computed once, whatever the number of outputs."""
        return {"git_commit": git_commit(), "packages": package_versions(), "host": platform.node()}

    def record(self) -> dict:
        upstream = {}
        for path in self.inputs:
            side = sidecar_path(path)
            if side.exists():
                upstream[str(path)] = json.loads(side.read_text())
        return {
            "job": self.name,
            **self.facts,
            "config_sha256": config_hash(self.config) if self.config is not None else None,
            "config": self.config,  # the keys the job read: the report's captions are written from these
            "code_sha256": self.code_sha256,
            "profile": self.profile if self.profile is not None else (self.config or {}).get("profile"),
            "device": self.device,
            "started_at": self.started_at,
            "elapsed_s": round(time.perf_counter() - self.started, 3),
            "inputs": upstream,
        }

    def write_records(self, outputs) -> None:
        """One record per declared output, with the file's sha256 and size (called at job end, after every output
        is complete)."""
        record = self.record()
        for path in outputs:
            if Path(path).is_file():
                own = {**record, "sha256": file_sha256(path), "bytes": Path(path).stat().st_size}
                with atomic_path(sidecar_path(path)) as tmp:
                    tmp.write_text(json.dumps(own, indent=1, sort_keys=True) + "\n")
