"""Job start-up shared by the workflow's scripts: log file, threads, device.

Kept free of Snakemake: scripts pass plain values in.
"""
from __future__ import annotations

import platform
import signal
import sys
import time
from pathlib import Path

import torch

from .device import resolve_device, set_threads


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


def start_job(name: str, log_path, threads: int = 1, device: str | None = None) -> torch.device | None:
    """Tee stderr to ``log_path``, set torch's threads, resolve the device (fails early on a bad one).

    SIGTERM is turned into SystemExit, so an interrupted write removes its temporary file
    (``io.atomic_path``) instead of leaving it behind, as Python's default SIGTERM action would.
    """
    signal.signal(signal.SIGTERM, _terminated)
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", buffering=1)  # noqa: SIM115 - lives as long as the job
    sys.stderr = _Tee(sys.__stderr__, log)
    set_threads(threads)
    dev = resolve_device(device) if device is not None else None
    print(
        f"[{name}] started {time.strftime('%Y-%m-%d %H:%M:%S')} on {platform.node()}, "
        f"torch {torch.__version__}, threads {threads}" + (f", device {dev}" if dev else ""),
        file=sys.stderr,
    )
    return dev
