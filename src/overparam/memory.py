"""Memory of the compute jobs, checked against the machine before any job starts.

Each compute job of the registry has a ``memory`` function (``overparam.registry.Job``): from the config, the
bytes of the arrays the job must hold at once (the largest ones, from the code it runs and the dtypes it uses; a
lower bound: temporaries and the framework's own memory come on top). The workflow calls ``memory_problems``
when a run starts (``onstart`` in ``workflow/rules/common.smk``, not in dry runs); a job whose lower bound does not
fit stops the run before any job starts, naming the config key that makes it too large.

The memory compared with is this machine's available memory (``MemAvailable`` of ``/proc/meminfo``). Where jobs
run elsewhere (a cluster, submitted from a login node), set ``OVERPARAM_MEMORY_GIB`` to the memory of a compute
node, in GiB; ``OVERPARAM_MEMORY_GIB=0`` skips the check. On a GPU the device's memory is a second limit for the
jobs that run there (``Job.gpu``; the arrays live on the device): unless the config says ``device: cpu``, the
smallest GPU's memory as ``nvidia-smi`` reports it is checked too (with ``OVERPARAM_MEMORY_GIB`` set, that value
is the only limit: set it to the smaller of the two on a cluster). No torch, no Snakemake.
"""
from __future__ import annotations

import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .registry import jobs

ENV = "OVERPARAM_MEMORY_GIB"
GIB = 1024**3


@dataclass(frozen=True)
class MemoryNeed:
    """A lower bound on a job's memory and the config key that makes it large."""

    bytes: float
    key: str  # the config key whose value, set to 1, would shrink the bound the most
    what: str  # the arrays, in words


def estimate(what: str, formula: Callable[..., float], factors: dict[str, float]) -> MemoryNeed:
    """``formula(*sizes)`` bytes, with ``factors`` {config key: its size} in the formula's order (widths summed,
    lists counted). The key named is the factor whose reduction to 1 shrinks the bound the most: the one that
    makes it large."""
    keys, sizes = list(factors), list(factors.values())
    total = formula(*sizes)
    key = min(range(len(keys)), key=lambda i: formula(*sizes[:i], 1, *sizes[i + 1:]))
    return MemoryNeed(float(total), keys[key], what)


def available() -> tuple[float | None, str]:
    """The memory to check against (bytes, or None: no check) and where that figure comes from."""
    value = os.environ.get(ENV)
    if value is not None:
        try:
            gib = float(value)
        except ValueError:
            raise ValueError(f"environment variable {ENV}={value!r} is not a number of GiB") from None
        if not math.isfinite(gib) or gib < 0:
            raise ValueError(f"environment variable {ENV}={value!r} is not a number of GiB")
        return (None, f"{ENV}=0: not checked") if gib == 0 else (gib * GIB, f"{ENV}={value}")
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024, "available on this machine (MemAvailable, /proc/meminfo)"
    return None, "unknown on this system: not checked"


def gpu_available(config: dict) -> tuple[float | None, str]:
    """The smallest visible GPU's memory (bytes), where the config lets jobs use a GPU and no
    ``OVERPARAM_MEMORY_GIB`` is set; (None, why) otherwise."""
    if os.environ.get(ENV) is not None or config.get("device", "auto") == "cpu" or not shutil.which("nvidia-smi"):
        return None, "no GPU memory checked"
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=30, check=True).stdout
        mib = [float(line) for line in out.split()]
    except (OSError, subprocess.SubprocessError, ValueError):
        return None, "GPU memory unknown (nvidia-smi failed): not checked"
    return (min(mib) * 1024**2, "of the GPU (nvidia-smi memory.total)") if mib else (None, "no GPU visible")


def needs(config: dict) -> dict[str, tuple[MemoryNeed, bool]]:
    """Every compute job of the registry with a memory estimate, named as its benchmark file: its need, and
    whether it runs on a GPU where there is one."""
    out = {}
    for job in jobs().values():
        if job.memory is not None:
            for name in job.benchmark_names(config):
                out[name] = (job.memory(config, name), job.gpu)
    return out


def memory_problems(config: dict) -> list[str]:
    """One line per job whose memory bound exceeds the memory available (empty: every job fits): the machine's,
    and for GPU jobs the GPU's."""
    limit, source = available()
    gpu_limit, gpu_source = gpu_available(config)
    if limit is None and gpu_limit is None:
        return []
    lines = []
    for name, (need, on_gpu) in needs(config).items():  # in the registry's order: a paper's main jobs first
        for bound, where in ((limit, source), (gpu_limit if on_gpu else None, gpu_source)):
            if bound is not None and need.bytes > bound:
                lines.append(f"config key '{need.key}': job {name} needs at least {need.bytes / GIB:.1f} GiB "
                             f"({need.what}), more than the {bound / GIB:.1f} GiB {where}")
                break
    if lines:
        lines.append(f"Reduce that key, or, where jobs run on other machines (a cluster), set {ENV} to the GiB "
                     f"of memory of one of them ({ENV}=0 skips this check).")
    return lines
