"""Atomic file writes: a killed job never leaves a complete-looking partial file.

Standard library only, and no imports of this package: every writer (tables, run files, figures, provenance
records, report pages) goes through ``atomic_path``.

A file is written to a hidden temporary file in the same folder, named ``.{name}.XXXXXXXX.tmp``, and renamed
into place only when complete (``os.replace`` is atomic on POSIX within one file system). A job killed
mid-write (SIGKILL, power loss) can leave such a temporary file behind, but never a file with a result's
name, and the temporary name ends in ``.tmp``, never in ``.csv``/``.npz``/``.png``/``.pdf``, so no glob for
results picks it up.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

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
