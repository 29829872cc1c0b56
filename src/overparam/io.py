"""Atomic file writes: a killed job never leaves a complete-looking partial file.

Every result file is written to a hidden temporary file in the same folder, named
``.{name}.XXXXXXXX.tmp``, and renamed into place only when complete (``os.replace`` is atomic on
POSIX within one file system). A job killed mid-write (SIGKILL, power loss) can leave such a
temporary file behind, but never a file with a result's name, and the temporary name ends in
``.tmp``, never in ``.csv``/``.npz``/``.png``/``.pdf``, so no glob for results picks it up.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import provenance

CSV_FLOAT_FORMAT = "%.10g"
TEMP_SUFFIX = ".tmp"
# What a leftover temporary file of atomic_path looks like (hidden, the target's name, 8 random characters).
TEMP_PATTERN = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


_UMASK = os.umask(0o022)  # read it (the only way) and put it back at once
os.umask(_UMASK)


def is_temporary(path) -> bool:
    """True for a temporary file of ``atomic_path`` (left behind only by a hard kill)."""
    return bool(TEMP_PATTERN.match(Path(path).name))


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path next to ``path``; rename it into place only if the block succeeds.

    The temporary file is ``.{name}.XXXXXXXX.tmp`` (see ``TEMP_PATTERN``): writers that pick a format
    from the suffix must be told the format explicitly (``plotting.save`` passes ``format=``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # Data on disk before the name: after a crash the result is either complete or absent.
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it 0600; results get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text)


def write_csv(frame: pd.DataFrame, path) -> None:
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")
    provenance.write_sidecar(path)


def save_npz(path, **arrays) -> None:
    """Like numpy.savez, but byte-reproducible: fixed member timestamps, sorted names."""
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            for name in sorted(arrays):
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                with zf.open(info, "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
    provenance.write_sidecar(path)


def load_npz(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}
