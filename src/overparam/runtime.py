"""The job runner: start-up (log file, threads, device), the entry's call, and the provenance records at the end.

Kept free of Snakemake: ``workflow/scripts/run_job.py`` passes Snakemake's ``snakemake`` object as a plain object.
"""
from __future__ import annotations

import atexit
import importlib
import math
import platform
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import inputs, jobs, provenance, registry


class _Tee:
    """Write to the console and to the job's log file."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for s in self.streams:
            s.write(text)
            s.flush()
        return len(text)

    def flush(self):
        for s in self.streams:
            s.flush()


def _terminated(signum, frame):
    """SIGTERM (Snakemake stopping, a scheduler's time limit): unwind so that temporary files are removed."""
    print(f"terminated by signal {signal.Signals(signum).name}", file=sys.stderr)
    raise SystemExit(128 + signum)


TORCH_IMPORTED = "imported torch although it declared uses_torch=False"


def _report_torch_import(name: str) -> None:
    """Jobs without tensor work must not pay torch's start-up; the end-to-end test reads this line in the logs."""
    if "torch" in sys.modules:
        print(f"[{name}] WARNING: {TORCH_IMPORTED}", file=sys.stderr)


@dataclass
class StartedJob:
    device: Any  # torch.device, or None for a job without tensor work
    provenance: provenance.Job  # writes the outputs' provenance records at the end


def start_job(name: str, log_path, threads: int = 1, device: str | None = None, uses_torch: bool = True, *,
              config: dict | None = None, inputs=(), code_sha256: str | None = None,
              profile: str | None = None) -> StartedJob:
    """Tee stderr to ``log_path``, set torch's threads, resolve the device (fails early on a bad one).

    Jobs that only read run files and write tables or figures pass ``uses_torch=False``: they never import
    torch (about 3 s of every such job on the 2-core machine). ``config``, ``inputs`` and ``code_sha256`` go
    into the provenance record of every output (``StartedJob.provenance.write_records`` at job end). SIGTERM is
    turned into SystemExit, so an interrupted write removes its temporary file (``atomic.atomic_path``) instead
    of leaving it behind, as Python's default SIGTERM action would.
    """
    signal.signal(signal.SIGTERM, _terminated)
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", buffering=1)  # noqa: SIM115 - lives as long as the job
    sys.stderr = _Tee(sys.__stderr__, log)
    dev, versions = None, "no torch"
    if not uses_torch and device is None:
        atexit.register(_report_torch_import, name)
    if uses_torch or device is not None:
        import torch

        from .device import resolve_device, set_threads

        set_threads(threads)
        dev = resolve_device(device, claim=True) if device is not None else None
        versions = f"torch {torch.__version__}"
    record = provenance.Job(name, str(dev) if dev is not None else "cpu (no tensor work)", config,
                            [str(p) for p in inputs], code_sha256, profile)
    print(
        f"[{name}] started {time.strftime('%Y-%m-%d %H:%M:%S')} on {platform.node()}, "
        f"{versions}, threads {threads}" + (f", device {dev}" if dev else ""),
        file=sys.stderr,
    )
    return StartedJob(dev, record)


def refuse_slow_cpu_job(smk, uses_device: bool) -> None:
    """A job of a GPU rule that finds no GPU: stop before any work if the cost model says the CPU would take
    longer than ``cpu_job_limit_minutes``, naming how long, instead of running for hours."""
    job = registry.jobs().get(smk.rule)
    if job is None or not job.gpu or not uses_device or smk.config["device"] == "cuda":
        return
    import torch

    if torch.cuda.is_available() and smk.config["device"] == "auto":
        return
    from . import cost

    profile = smk.config["profile"]
    name = Path(smk.log[0]).relative_to(f"logs/{profile}").with_suffix("").as_posix()
    cores = max(1, int(smk.threads))
    cpu_s, gpu_s = cost.cpu_floor_s(smk.config, name, cores)
    limit = float(smk.config["cpu_job_limit_minutes"])
    if cpu_s > 60 * limit:
        raise SystemExit(
            f"{name} needs a GPU: torch sees none, and on this CPU ({cores} core{'s' if cores > 1 else ''}) it would "
            f"take about {cost.duration(cpu_s)} (overparam.cost: its FLOPs at {cost.CPU_FLOPS_PER_CORE / 1e9:g} "
            f"GFLOP/s or its bytes at {cost.CPU_BYTES_PER_S_PER_CORE / 1e9:g} GB/s per core), over cpu_job_limit_minutes = {limit:g}; on one H100 about "
            f"{cost.duration(gpu_s)}. Run it where there is a GPU (profiles/slurm), or let it run here with "
            f"--config cpu_job_limit_minutes={math.ceil(cpu_s / 60)}. The other jobs run on (keep-going).")


def run_job(smk) -> None:
    """Run the entry named in ``smk.params.entry`` (``overparam.jobs``).

    Starts the job (log, threads, device), checks that the function declares exactly the keys the workflow
    passed, checks every input against its provenance record and every panel table against its declaration
    (``overparam.inputs``), calls it and, once it returned, writes a provenance record beside each declared
    output. A damaged or invalid input ends the job with the message only (what is wrong, file by file, and the
    command that regenerates the files), no traceback.
    """
    spec = smk.params.entry
    module, function = jobs.split_entry(spec)
    fn = getattr(importlib.import_module(module), function)
    if tuple(getattr(fn, "config_keys", ())) != jobs.declared_keys(spec):
        raise RuntimeError(f"{spec}: the keys passed by the workflow differ from its @entry(...)")
    config = jobs.DeclaredConfig(smk.params.config, entry=spec)
    refuse_slow_cpu_job(smk, fn.uses_device)
    started = start_job(smk.rule, smk.log[0], smk.threads, config["device"] if fn.uses_device else None,
                        uses_torch=fn.uses_torch, config=smk.params.config, inputs=[str(p) for p in smk.input],
                        code_sha256=smk.params.code, profile=smk.config.get("profile"))
    try:
        inputs.verify_inputs([str(p) for p in smk.input], config, note=lambda line: print(line, file=sys.stderr))
        fn(jobs.JobContext(smk.rule, config, smk.input, smk.output, smk.wildcards, smk.threads, smk.log[0],
                           started.device))
    except inputs.InputError as err:
        print(f"[{smk.rule}] DAMAGED OR INVALID INPUT: {err}", file=sys.stderr)
        raise SystemExit(1) from None
    started.provenance.write_records([str(path) for path in smk.output])
