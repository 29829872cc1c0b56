"""Atomic result files: complete or absent, and a leftover temporary file never looks like a result."""
import os
import signal
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from overparam import plotting
from overparam.io import TEMP_SUFFIX, atomic_path, is_temporary, load_npz, save_npz, write_csv

CHILD = textwrap.dedent("""
    import sys, time
    from overparam.io import atomic_path
    from overparam.runtime import start_job

    start_job("writer", sys.argv[2])  # installs the SIGTERM handler every job script has
    with atomic_path(sys.argv[1]) as tmp:
        tmp.write_text("a,b\\n1,")  # half a table
        print("writing", flush=True)
        time.sleep(60)
""")


def test_temporary_name_and_permissions(tmp_path):
    target = tmp_path / "panel.csv"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".panel.csv.") and tmp.name.endswith(TEMP_SUFFIX)
        assert is_temporary(tmp) and not tmp.name.endswith(".csv")
        assert not target.exists()
        tmp.write_text("x\n")
    assert target.read_text() == "x\n" and not is_temporary(target)
    assert [p.name for p in tmp_path.iterdir()] == ["panel.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_a_failed_write_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "run.npz") as tmp:
            tmp.write_bytes(b"partial")
            raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_writer_never_leaves_a_result(tmp_path, sig):
    target = tmp_path / "panel.csv"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(tmp_path / "job.log")],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert not target.exists()
    left = [p for p in tmp_path.iterdir() if p.name != "job.log"]
    if sig == signal.SIGTERM:  # the job unwinds and removes its temporary file
        assert proc.returncode == 128 + signal.SIGTERM and left == []
        assert "terminated by signal SIGTERM" in (tmp_path / "job.log").read_text()
    else:  # SIGKILL: a temporary file may stay, recognisably one
        assert len(left) == 1 and is_temporary(left[0]) and left[0].suffix == TEMP_SUFFIX


def test_every_writer_goes_through_the_temporary_name(tmp_path):
    write_csv(pd.DataFrame({"a": [1.0, 2.5]}), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text() == "a\n1\n2.5\n"
    save_npz(tmp_path / "r.npz", x=np.arange(3))
    np.testing.assert_array_equal(load_npz(tmp_path / "r.npz")["x"], np.arange(3))
    plotting.apply_style()
    fig, axes = plotting.panels(1)
    axes[0].plot([0, 1], [0, 1])
    plotting.stamp(fig, "title", "note", "test", diverged=["a run at iteration 3"])
    plotting.save(fig, tmp_path / "f.png", tmp_path / "f.pdf")  # the format comes from format=, not the suffix
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "f.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.pdf", "f.png", "r.npz", "t.csv"]
