"""Device and thread selection from the config's ``device`` key; one free GPU per job on multi-GPU machines.

Snakemake's ``--resources gpu=N`` only limits how many GPU jobs run at once; it assigns no device, so
without help every job would land on cuda:0. Each job therefore claims a GPU itself: an exclusive,
non-blocking ``flock`` on one lock file per device in a node-local folder. The kernel drops the lock when
the process ends, however it ends (exit, exception, kill -9), so a crashed job never leaves a device
claimed. Devices are named as CUDA_VISIBLE_DEVICES names them (an index or a UUID) when it is set, e.g. by
a cluster scheduler, so two jobs that see different subsets of the node's GPUs never contend for a name
that means another physical device; where the driver gives device UUIDs, those are the names.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from pathlib import Path

import torch

DEVICES = ("auto", "cpu", "cuda")
LOCK_DIR_ENV = "OVERPARAM_GPU_LOCK_DIR"

_held_locks: list = []  # open lock files of this process: closing one would release its device


def resolve_device(name: str, claim: bool = False) -> torch.device:
    """``auto`` picks CUDA when available; ``cuda`` without a GPU is an error, not a fallback.

    With ``claim`` (what workflow jobs do) and more than one visible GPU, the job takes a free one
    (``claim_gpu``) and makes it torch's current device.
    """
    if name not in DEVICES:
        raise ValueError(f"config key 'device': {name!r} is not one of {DEVICES}")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            "config key 'device' is 'cuda' but torch sees no CUDA GPU on this machine; "
            "use device: auto or device: cpu"
        )
    if name == "cpu":
        return torch.device("cpu")
    if not claim or torch.cuda.device_count() < 2:
        return torch.device("cuda")
    index = claim_gpu(visible_gpus())
    torch.cuda.set_device(index)
    return torch.device("cuda", index)


def visible_gpus() -> list[str]:
    """Names of the GPUs this process sees, in torch's index order: each device's UUID where the driver gives
    it (the same physical GPU has the same name whatever index or CUDA_VISIBLE_DEVICES a scheduler hands a
    job), else the CUDA_VISIBLE_DEVICES entries, else the indices."""
    count = torch.cuda.device_count()
    try:
        return [str(torch.cuda.get_device_properties(i).uuid) for i in range(count)]
    except (AssertionError, RuntimeError, AttributeError):  # no driver to ask
        pass
    listed = os.environ.get("CUDA_VISIBLE_DEVICES")
    if listed:
        names = [name.strip() for name in listed.split(",") if name.strip()]
        return names[:count] if count else names
    return [str(i) for i in range(count)]


def lock_dir() -> Path:
    """/tmp/overparam-gpu-locks-UID unless OVERPARAM_GPU_LOCK_DIR says otherwise: a fixed node-local folder, not
    $TMPDIR (Snakemake and cluster schedulers set that per job, and jobs must share the locks); per user."""
    return Path(os.environ.get(LOCK_DIR_ENV) or f"/tmp/overparam-gpu-locks-{os.getuid()}")


def claim_gpu(names: list[str], folder: Path | None = None, wait_s: float | None = None,
              poll_s: float = 1.0) -> int:
    """Index (into ``names``) of a GPU no other job holds, locked until this process exits.

    Tries the devices in order and takes the first whose lock is free. When all are held (more GPU jobs
    running than GPUs, e.g. no ``--resources gpu=N`` was given), waits, printing a line every minute, until
    one is released, or raises TimeoutError after ``wait_s`` seconds (None: wait as long as it takes).
    """
    if not names:
        raise ValueError("no GPU to claim: the device list is empty")
    folder = Path(folder) if folder is not None else lock_dir()
    folder.mkdir(parents=True, exist_ok=True)
    start = last_note = time.monotonic()
    while True:
        for index, name in enumerate(names):
            handle = open(folder / f"gpu-{name.replace('/', '_')}.lock", "a+")  # noqa: SIM115 - held open
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                handle.close()
                if err.errno in (errno.EAGAIN, errno.EACCES):
                    continue
                raise
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            _held_locks.append(handle)
            print(f"claimed GPU {name} (index {index} of {len(names)}; lock {handle.name})", file=sys.stderr)
            return index
        now = time.monotonic()
        if wait_s is not None and now - start >= wait_s:
            raise TimeoutError(f"all {len(names)} GPUs ({', '.join(names)}) are claimed by other jobs "
                               f"(locks in {folder}); waited {now - start:.0f} s")
        if now - last_note >= 60:
            print(f"waiting for a free GPU: all {len(names)} are claimed by other jobs (locks in {folder})",
                  file=sys.stderr)
            last_note = now
        time.sleep(poll_s)


def release_gpus() -> None:
    """Give back every GPU this process claimed (the process's exit does it too)."""
    while _held_locks:
        _held_locks.pop().close()


def set_threads(threads: int) -> None:
    """Match torch's intra-op threads to what the scheduler gave the job."""
    torch.set_num_threads(max(1, int(threads)))
