"""Timing helpers shared by the benchmark scripts: device choice, synchronised best-of-N wall time."""
from __future__ import annotations

import time

import torch

from overparam.device import resolve_device


def device_from_arg(name: str) -> torch.device:
    return resolve_device(name)


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def best_time(fn, device: torch.device, repeats: int = 5, warmup: int = 1) -> float:
    """Fastest of ``repeats`` wall times (seconds) after ``warmup`` calls; the GPU is synchronised around each.

    The minimum, not the mean: on a shared machine the other processes only ever add time.
    """
    for _ in range(warmup):
        fn()
    synchronize(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return min(times)


def describe(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} (torch {torch.__version__})"
    return f"CPU, {torch.get_num_threads()} torch threads (torch {torch.__version__})"


def verdict(ratio: float, target: float) -> str:
    return f"{'MET' if ratio >= target else 'MISSED'} (target >= {target:g})"
