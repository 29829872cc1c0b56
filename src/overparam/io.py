"""Result files: CSV tables and byte-reproducible NPZ run files, written atomically (``overparam.atomic``).

Provenance records are written by the job runner at job end for every declared output
(``overparam.provenance``), not here.
"""
from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd

from .atomic import TEMP_PATTERN, TEMP_SUFFIX, atomic_path, is_temporary, write_text  # noqa: F401 - re-exported

CSV_FLOAT_FORMAT = "%.10g"


def write_csv(frame: pd.DataFrame, path) -> None:
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")


def save_npz(path, **arrays) -> None:
    """Like numpy.savez, but byte-reproducible: fixed member timestamps, sorted names."""
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            for name in sorted(arrays):
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                with zf.open(info, "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)


def load_npz(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}
