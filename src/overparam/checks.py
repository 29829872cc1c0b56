"""Checks made before any job runs, so that a bad setup stops the workflow with a message, not a traceback.

Used by ``workflow/rules/common.smk``: the output folders when the workflow is parsed (a file where a folder
should be makes Snakemake's own scan fail with a traceback) and, when a run starts, whether they are
writable and whether ``device: cuda`` has a GPU to run on.
"""
from __future__ import annotations

import tempfile
from pathlib import Path


def output_folder_problem(folder, write: bool = True) -> str | None:
    """Why ``folder`` could not receive outputs, or None.

    Every existing part of the path must be a folder; with ``write``, a file is created (and removed at
    once) in the deepest existing part, which also catches read-only file systems, where ``os.access``
    would say yes to root.
    """
    path = Path(folder)
    deepest = Path(".")
    for part in reversed([path, *path.parents][:-1]):  # results, results/quick
        if part.is_symlink() and not part.exists():
            return f"output folder '{folder}' cannot be created: '{part}' is a broken symbolic link"
        if not part.exists():
            break
        if not part.is_dir():
            return (f"output folder '{folder}' cannot be created: '{part}' exists and is not a folder "
                    f"(move it away or delete it)")
        deepest = part
    if write:
        try:
            with tempfile.TemporaryFile(dir=deepest, prefix=".write-check-"):
                pass
        except OSError as err:
            where = "" if deepest == path else f" (it would be created in '{deepest}')"
            return f"output folder '{folder}' is not writable{where}: {err.strerror or err}"
    return None


def cuda_problem() -> str | None:
    """Why ``device: cuda`` cannot run here, or None."""
    import torch

    if torch.cuda.is_available():
        return None
    return ("config key 'device' is 'cuda' but torch sees no CUDA GPU on this machine "
            f"(torch {torch.__version__}, CUDA build {torch.version.cuda or 'none'}); no job was started. "
            "Use device: auto (the GPU when there is one, else the CPU) or device: cpu.")
