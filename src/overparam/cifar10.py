"""CIFAR-10 training images for Panigrahi et al. Figure 2: the real data set, or a labelled stand-in.

Real data go through torchvision: ``download_url`` checks the archive's md5 and
``CIFAR10`` checks every batch file's md5 before loading. Our own checks run
first, so a corrupted archive is reported as such (torchvision would quietly
try the network again) and an offline machine gets a message saying what to do.
Tests pass a subclass of ``CIFAR10`` with their fixture's file list and checksums.

The stand-in (``synthetic_images``) is NOT CIFAR-10: Gaussian images with a
power-law spectrum, clipped to [0, 1] and quantised like CIFAR's uint8 pixels.
Everything made from it says so.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from pathlib import Path

import numpy as np
from scipy.fft import idct
from torchvision.datasets import CIFAR10
from torchvision.datasets import utils as tv_utils  # called through the module: tests replace download_url

from .cifar10_facts import CIFAR10_CLASSES as CLASSES  # noqa: F401 - the facts torch-free stages read
from .cifar10_facts import CIFAR10_PIXELS as PIXELS
from .cifar10_facts import STAND_IN_LABEL  # noqa: F401

DOWNLOAD_TIMEOUT_S = 60

# Stand-in: pixel mean 0.45 and a covariance spectrum ~ k^-1.1 in an orthonormal DCT basis (spec 4.1);
# the total pixel variance 0.06 (std ~0.25) is roughly CIFAR's; class means are offsets with half that scale.
STAND_IN_MEAN = 0.45
STAND_IN_DECAY = 1.1
STAND_IN_VARIANCE = 0.06
STAND_IN_CLASS_SCALE = 0.5


class CIFAR10Error(RuntimeError):
    """CIFAR-10 could not be provided; the message says what to do."""


class CIFAR10Unavailable(CIFAR10Error):
    pass


class CIFAR10Corrupted(CIFAR10Error):
    pass


def how_to_provide(root: Path, dataset_cls=None) -> str:
    dataset_cls = dataset_cls or CIFAR10
    return (
        f"To build Panigrahi et al. Figure 2 on the real data, either put CIFAR-10's python archive "
        f"'{dataset_cls.filename}' (md5 {dataset_cls.tgz_md5}, from {dataset_cls.url}) into {root}/, "
        f"or point the config key cifar10_root at a folder that holds it or its extracted "
        f"'{dataset_cls.base_folder}/' folder. To run offline on a labelled stand-in instead, use "
        f"--config cifar10_source=synthetic (figures and claims then say '{STAND_IN_LABEL}')."
    )


def _batches_ok(root: Path, dataset_cls) -> bool:
    files = dataset_cls.train_list + dataset_cls.test_list + [[dataset_cls.meta["filename"], dataset_cls.meta["md5"]]]
    return all(tv_utils.check_integrity(str(root / dataset_cls.base_folder / name), md5) for name, md5 in files)


def ensure_dataset(root, download: bool = True, dataset_cls=None) -> Path:
    """Make ``root`` hold verified, extracted batch files; raise CIFAR10Error with a remedy otherwise.

    Order: extracted files that pass their md5 are used as they are; else a local archive is checked
    against its md5 (a mismatch is an error, never a silent re-download) and extracted; else, if allowed,
    the archive is downloaded into a temporary folder, verified, moved into place and extracted, so an
    interrupted download never leaves a complete-looking archive.
    """
    dataset_cls = dataset_cls or CIFAR10
    root = Path(root)
    if _batches_ok(root, dataset_cls):
        return root
    archive = root / dataset_cls.filename
    if not archive.exists():
        folder = root / dataset_cls.base_folder
        if folder.exists() and any(folder.iterdir()):
            raise CIFAR10Corrupted(
                f"{folder} exists but its batch files fail torchvision's md5 checks (corrupted or not CIFAR-10's "
                f"python version) and there is no archive to restore them from: delete {folder} and rerun. "
                + how_to_provide(root, dataset_cls))
        if not download:
            raise CIFAR10Unavailable(f"no CIFAR-10 in {root}. " + how_to_provide(root, dataset_cls))
        _download(root, dataset_cls)
    actual = tv_utils.calculate_md5(str(archive))
    if actual != dataset_cls.tgz_md5:
        raise CIFAR10Corrupted(
            f"{archive} has md5 {actual}, expected {dataset_cls.tgz_md5}: the archive is corrupted or is not "
            f"CIFAR-10's python version. Delete it (it is downloaded again when online) or replace it. "
            + how_to_provide(root, dataset_cls))
    tv_utils.extract_archive(str(archive), str(root))
    if not _batches_ok(root, dataset_cls):
        raise CIFAR10Corrupted(f"the batch files extracted from {archive} fail their md5 checks. "
                               + how_to_provide(root, dataset_cls))
    return root


def _download(root: Path, dataset_cls) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".download-", dir=root))
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)
    try:
        tv_utils.download_url(dataset_cls.url, str(tmp), filename=dataset_cls.filename, md5=dataset_cls.tgz_md5)
        os.replace(tmp / dataset_cls.filename, root / dataset_cls.filename)
    except Exception as err:  # network errors come as URLError, OSError, RuntimeError, HTTPError
        raise CIFAR10Unavailable(
            f"could not download CIFAR-10 from {dataset_cls.url} ({type(err).__name__}: {err}); this machine is "
            f"probably offline. " + how_to_provide(root, dataset_cls)) from err
    finally:
        socket.setdefaulttimeout(previous)
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)


def load_training_images(root, download: bool = True, dataset_cls=None) -> tuple[np.ndarray, np.ndarray]:
    """All training images as uint8 rows in torchvision's ToTensor order (C, H, W flattened), and labels."""
    dataset_cls = dataset_cls or CIFAR10
    root = ensure_dataset(root, download, dataset_cls)
    data = dataset_cls(str(root), train=True, download=False)  # torchvision's loader re-checks every md5
    images = np.ascontiguousarray(data.data.transpose(0, 3, 1, 2).reshape(len(data.data), -1))
    return images, np.asarray(data.targets, dtype=np.int64)


def random_subset(rng: np.random.Generator, images: np.ndarray, labels: np.ndarray, n: int):
    """n images drawn uniformly without replacement."""
    if n > len(images):
        raise ValueError(f"asked for {n} images, the data set has {len(images)}")
    index = np.sort(rng.choice(len(images), size=n, replace=False))
    return images[index], labels[index], index


def synthetic_images(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The stand-in: uint8 images (n, 3072) and labels in 0..9. NOT CIFAR-10.

    x = clip(0.45 + B (s * g) + B (s_c * g_class), 0, 1), quantised to 1/255, where B is the orthonormal
    inverse DCT over the 3072 pixels and s_k^2 ~ k^-1.1 (k = 1..3072) sums to a pixel variance of 0.06.
    """
    k = np.arange(1, PIXELS + 1, dtype=np.float64)
    scale = np.sqrt(k ** -STAND_IN_DECAY * (STAND_IN_VARIANCE * PIXELS / np.sum(k ** -STAND_IN_DECAY)))
    class_means = idct(STAND_IN_CLASS_SCALE * scale * rng.standard_normal((CLASSES, PIXELS)), norm="ortho", axis=1)
    labels = rng.integers(0, CLASSES, size=n)
    pixels = idct(scale * rng.standard_normal((n, PIXELS)), norm="ortho", axis=1)
    pixels += STAND_IN_MEAN + class_means[labels]
    images = np.rint(np.clip(pixels, 0.0, 1.0) * 255).astype(np.uint8)
    return images, labels.astype(np.int64)


def to_unit_interval(images: np.ndarray) -> np.ndarray:
    """uint8 pixels to float64 in [0, 1], as torchvision's ToTensor does."""
    return images.astype(np.float64) / 255.0
