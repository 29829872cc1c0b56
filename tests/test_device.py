"""One free GPU per job on a multi-GPU machine, tested with a fake device list (no GPU needed)."""
import select
import subprocess
import sys
import time

import pytest
import torch

from overparam import device as device_mod
from overparam.device import claim_gpu, release_gpus, resolve_device, visible_gpus

HOLDER = """
import sys, time
from overparam.device import claim_gpu
index = claim_gpu({names!r}, folder={folder!r}, wait_s={wait_s!r}, poll_s=0.05)
print(index, flush=True)
time.sleep({hold_s!r})
"""


def start_holder(names, folder, hold_s=30.0, wait_s=10.0):
    code = HOLDER.format(names=names, folder=str(folder), hold_s=hold_s, wait_s=wait_s)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def claimed_index(proc, timeout_s: float = 120) -> int:
    ready, _, _ = select.select([proc.stdout], [], [], timeout_s)  # a hung holder fails the test, never hangs it
    line = proc.stdout.readline() if ready else ""
    if not line:
        proc.kill()
        raise AssertionError(f"holder printed no device within {timeout_s} s: {proc.stderr.read()}")
    return int(line)


def test_concurrent_jobs_claim_distinct_devices_and_a_freed_one_is_reused(tmp_path):
    names = ["0", "1", "2"]
    holders = [start_holder(names, tmp_path) for _ in names]
    try:
        indices = [claimed_index(p) for p in holders]  # which holder wins which device is a race
        assert sorted(indices) == [0, 1, 2]
        # every device is held: a fourth job waits, then gives up with a message naming the lock folder
        with pytest.raises(TimeoutError, match="all 3 GPUs"):
            claim_gpu(names, folder=tmp_path, wait_s=0.3, poll_s=0.05)
        # a job that dies (here: killed, no clean-up of its own) frees its device for the next job
        holders[1].kill()
        holders[1].wait()
        waiting = start_holder(names, tmp_path)
        holders.append(waiting)
        assert claimed_index(waiting) == indices[1]
    finally:
        for p in holders:
            p.kill()
            p.wait()


def test_a_waiting_job_gets_the_device_when_it_is_released(tmp_path):
    holder = start_holder(["0"], tmp_path, hold_s=0.5)
    try:
        assert claimed_index(holder) == 0
        start = time.monotonic()
        assert claim_gpu(["0"], folder=tmp_path, wait_s=20, poll_s=0.05) == 0
        assert time.monotonic() - start < 15
    finally:
        release_gpus()
        holder.kill()
        holder.wait()


def test_the_same_process_claims_different_devices_until_it_releases(tmp_path):
    try:
        assert claim_gpu(["a", "b"], folder=tmp_path) == 0
        assert claim_gpu(["a", "b"], folder=tmp_path) == 1
    finally:
        release_gpus()
    assert claim_gpu(["a", "b"], folder=tmp_path) == 0
    release_gpus()


def test_empty_device_list_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        claim_gpu([], folder=tmp_path)


def test_visible_gpus_are_uuids_where_the_driver_gives_them(monkeypatch):
    class Properties:
        def __init__(self, i):
            self.uuid = f"GPU-fake-{i}"

    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.cuda, "get_device_properties", Properties)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,5")  # a scheduler's numbering: the UUIDs win
    assert visible_gpus() == ["GPU-fake-0", "GPU-fake-1"]


def test_visible_gpus_follow_cuda_visible_devices(monkeypatch):
    def no_driver(i):
        raise RuntimeError("Found no NVIDIA driver on your system")

    monkeypatch.setattr(torch.cuda, "get_device_properties", no_driver)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,GPU-1234abcd")
    assert visible_gpus() == ["3", "GPU-1234abcd"]
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES")
    assert visible_gpus() == ["0", "1"]


def test_workflow_jobs_claim_a_free_gpu_on_a_fake_four_gpu_machine(monkeypatch, tmp_path):
    """resolve_device(claim=True), as every job's start-up calls it, on a machine faked to have 4 GPUs."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 4)
    current = []
    monkeypatch.setattr(torch.cuda, "set_device", current.append)
    monkeypatch.setattr(torch.cuda, "get_device_properties", lambda i: (_ for _ in ()).throw(RuntimeError("no driver")))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "4,5,6,7")
    monkeypatch.setenv(device_mod.LOCK_DIR_ENV, str(tmp_path))
    holders = [start_holder(["4", "5"], tmp_path) for _ in range(2)]  # two other jobs hold physical 4 and 5
    try:
        assert sorted(claimed_index(p) for p in holders) == [0, 1]
        dev = resolve_device("cuda", claim=True)
        assert dev == torch.device("cuda", 2) and current == [2]
        assert (tmp_path / "gpu-6.lock").exists()
        assert resolve_device("auto", claim=True) == torch.device("cuda", 3)
        assert resolve_device("cuda") == torch.device("cuda")  # no claim outside workflow jobs
    finally:
        release_gpus()
        for p in holders:
            p.kill()
            p.wait()


def test_cpu_never_claims(monkeypatch, tmp_path):
    monkeypatch.setenv(device_mod.LOCK_DIR_ENV, str(tmp_path / "locks"))
    assert resolve_device("cpu", claim=True) == torch.device("cpu")
    assert not (tmp_path / "locks").exists()


def test_lock_folder_is_fixed_not_the_jobs_tmpdir(monkeypatch, tmp_path):
    """Snakemake and schedulers set TMPDIR per job; the locks must be shared by every job on the node."""
    monkeypatch.delenv(device_mod.LOCK_DIR_ENV, raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert str(device_mod.lock_dir()).startswith("/tmp/overparam-gpu-locks-")
