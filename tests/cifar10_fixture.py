"""A tiny data set in CIFAR-10's own on-disk layout, and a CIFAR10 subclass that knows its checksums.

The layout is the real one: a gzipped tar holding cifar-10-batches-py/ with pickled dicts
(data: uint8 (N, 3072) rows in R, G, B plane order; labels: list of ints) in data_batch_1..5 and
test_batch, and batches.meta with label_names. torchvision's own loader reads it.
"""
from __future__ import annotations

import hashlib
import pickle
import tarfile
from pathlib import Path

import numpy as np
from torchvision.datasets import CIFAR10

BATCHES = [f"data_batch_{i}" for i in range(1, 6)]
PER_BATCH = 8  # 40 training images


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def write_fixture(folder: Path, seed: int = 0) -> tuple[type, np.ndarray, np.ndarray]:
    """Write folder/cifar-10-python.tar.gz; return (its CIFAR10 subclass, training images as rows, labels)."""
    rng = np.random.default_rng(seed)
    staging = folder / "staging" / CIFAR10.base_folder
    staging.mkdir(parents=True)
    rows, labels, files = [], [], []
    for name in BATCHES + ["test_batch"]:
        data = rng.integers(0, 256, size=(PER_BATCH, 3072), dtype=np.uint8)
        batch_labels = rng.integers(0, 10, size=PER_BATCH).tolist()
        with open(staging / name, "wb") as f:
            pickle.dump({"batch_label": name, "data": data, "labels": batch_labels, "filenames": []}, f, protocol=2)
        files.append([name, _md5(staging / name)])
        if name != "test_batch":
            rows.append(data)
            labels += batch_labels
    with open(staging / "batches.meta", "wb") as f:
        pickle.dump({"label_names": [f"class{i}" for i in range(10)], "num_cases_per_batch": PER_BATCH}, f, protocol=2)
    archive = folder / CIFAR10.filename
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(staging, arcname=CIFAR10.base_folder)

    class TinyCIFAR10(CIFAR10):
        url = "http://127.0.0.1:9/cifar-10-python.tar.gz"  # nothing listens there: no network is ever used
        tgz_md5 = _md5(archive)
        train_list = files[:5]
        test_list = files[5:]
        meta = {"filename": "batches.meta", "key": "label_names", "md5": _md5(staging / "batches.meta")}

    return TinyCIFAR10, np.concatenate(rows), np.array(labels)
