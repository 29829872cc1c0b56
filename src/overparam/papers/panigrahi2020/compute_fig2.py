"""Panigrahi et al. 2020 Figure 2: the n images (CIFAR-10 via torchvision, or the labelled stand-in), their
geometry (pairwise distances, covariance spectrum), G(0) spectra and SGD of a two-layer classifier with both layers
trained."""
from __future__ import annotations

import math
import sys

import numpy as np
import torch

from ... import cifar10
from ...activations import activation
from ...data import section2_preprocess
from ...gram import gram_matrix
from ...io import load_npz, save_npz
from ...jobs import JobContext, entry
from ...kernels import dphi_second_moment, g_infinity_from_inner
from ...seeding import rng
from ...sgd import train_classifier
from ...weights import init_network
from .settings import FIG2_DATA_KEYS, FIG2_GEOMETRY_KEYS, FIG2_SPECTRA_KEYS, FIG2_TRAIN_KEYS, data_label

DISTANCE_BLOCK = 1024  # rows of the Gram matrix per block: the n x n distance matrix is never held


# ---------------------------------------------------------------- Figure 2: data

def prepare_images(source: str, root, n: int, subset_seed: int, dataset_cls=None) -> dict[str, np.ndarray]:
    """The n images of the figure (uint8, C-H-W rows) and their labels, from CIFAR-10 or the stand-in."""
    data_label(source)
    if source == "synthetic":
        images, labels = cifar10.synthetic_images(rng(subset_seed, "cifar10-stand-in"), n)
        index = np.arange(n)
    else:
        all_images, all_labels = cifar10.load_training_images(root, download=True, dataset_cls=dataset_cls)
        images, labels, index = cifar10.random_subset(rng(subset_seed, "cifar10-subset"), all_images, all_labels, n)
    return {"images": images, "labels": labels, "index": index, "source": np.array(source)}


def features(images: np.ndarray) -> np.ndarray:
    """Pixels scaled to [0, 1], then the Section-2 preprocessing: unit-norm float64 rows, d = D + 2."""
    return section2_preprocess(cifar10.to_unit_interval(images))


@entry(*FIG2_DATA_KEYS, torch=True)
def fig2_data(job: JobContext) -> None:
    """A random subset of CIFAR-10's training set, or the stand-in. Offline, it fails with a message saying
    what to do (the workflow prints its line; every other figure still builds)."""
    source = job.config["cifar10_source"]
    fig2 = job.config["panigrahi2020"]["fig2"]
    try:
        data = prepare_images(source, job.config["cifar10_root"], fig2["images"], fig2["subset_seed"])
    except cifar10.CIFAR10Error as err:
        print(f"CIFAR-10 UNAVAILABLE: {err}", file=sys.stderr)
        sys.exit(1)
    save_npz(job.output[0], **data)
    print(f"{len(data['images'])} images from {data_label(source)}", file=sys.stderr)


# ---------------------------------------------------------------- Figure 2: (a) distances, (b) covariance spectrum

def distance_histogram(X: np.ndarray, bins: int, device: torch.device, block: int = DISTANCE_BLOCK) -> dict:
    """Counts of ||x_i - x_j|| over i < j in ``bins`` equal bins on [0, 1], from Gram blocks in float64.

    Distances above 1 (impossible for non-negative pixels) are counted apart, not dropped.
    """
    Xt = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float64)).to(device)
    n = Xt.shape[0]
    counts = torch.zeros(bins, dtype=torch.int64, device=device)
    above, d_min, d_max, a2_min = 0, math.inf, 0.0, math.inf
    for start in range(0, n, block):
        stop = min(start + block, n)
        rho = Xt[start:stop] @ Xt[start:].T  # rows start..stop against columns start..n
        upper = torch.ones_like(rho, dtype=torch.bool).triu(diagonal=1)  # j > i inside this block of columns
        rho = rho[upper]
        dist = torch.sqrt(torch.clamp(2.0 - 2.0 * rho, min=0.0))
        if dist.numel() == 0:
            continue
        inside = dist <= 1.0
        above += int((~inside).sum())
        index = torch.clamp((dist[inside] * bins).long(), max=bins - 1)
        counts += torch.bincount(index, minlength=bins)
        d_min = min(d_min, float(dist.min()))
        d_max = max(d_max, float(dist.max()))
        a2_min = min(a2_min, float(torch.sqrt(torch.clamp(1.0 - rho**2, min=0.0)).min()))
    edges = np.linspace(0.0, 1.0, bins + 1)
    return {"counts": counts.cpu().numpy(), "edges": edges, "above_one": np.array(above),
            "pairs": np.array(n * (n - 1) // 2), "min_distance": np.array(d_min), "max_distance": np.array(d_max),
            "min_a2_separation": np.array(a2_min)}


def covariance_spectrum(X: np.ndarray, device: torch.device) -> np.ndarray:
    """Eigenvalues (descending, >= 0) of the centred data covariance; the smaller of the two Gram forms."""
    Xt = torch.from_numpy(np.asarray(X, dtype=np.float64)).to(device)
    Xc = Xt - Xt.mean(0, keepdim=True)
    n, d = Xc.shape
    C = (Xc @ Xc.T if n < d else Xc.T @ Xc) / n
    eig = torch.linalg.eigvalsh(0.5 * (C + C.T)).flip(0)
    return torch.clamp(eig, min=0.0).cpu().numpy()


def geometry(X: np.ndarray, cfg: dict, device: torch.device) -> dict[str, np.ndarray]:
    out = distance_histogram(X, cfg["histogram_bins"], device)
    eig = covariance_spectrum(X, device)
    norms = np.linalg.norm(X, axis=1)
    out.update(covariance_eigenvalues=eig, cumulative_ratio=np.cumsum(eig) / eig.sum(), n=np.array(len(X)),
               max_norm_error=np.array(np.max(np.abs(norms - 1.0))),
               max_last_coordinate_error=np.array(np.max(np.abs(X[:, -1] - np.sqrt(0.5)))))
    return out


# ---------------------------------------------------------------- Figure 2: (c) G-matrix spectra

def g_spectra(X: np.ndarray, cfg: dict, seed: int, device: torch.device) -> dict[str, np.ndarray]:
    """Sorted eigenvalues of G(0) (DZPS: w ~ N(0, I_d), a ~ N(0, 1), 1/sqrt(m)) and of G^inf, per activation.

    Pre-activations in float32 (their range is modest), products and sums in float64, eigenvalues in float64.
    """
    sp = cfg["spectra"]
    m, names = sp["width"], sp["activations"]
    acts = [activation(name) for name in names]
    g = rng(seed, "panigrahi2020-fig2-init", m)
    W = torch.from_numpy(g.standard_normal((m, X.shape[1]), dtype=np.float32)).to(device)
    a = torch.from_numpy(g.standard_normal(m)).to(device)
    Xt = torch.from_numpy(X).to(device)
    inner = X @ X.T
    n = len(X)
    finite, infinite = np.zeros((len(acts), n)), np.zeros((len(acts), n))
    second_moment = np.array([dphi_second_moment(act) for act in acts])  # E phi'(z)^2 = tr(G^inf)/n
    trace_dev, frob_error = np.zeros(len(acts)), np.zeros(len(acts))
    for i, act in enumerate(acts):
        G = gram_matrix(Xt, W, a, act)
        finite[i] = torch.linalg.eigvalsh(G).flip(0).cpu().numpy()
        trace_dev[i] = float(torch.trace(G)) / n - second_moment[i]
        Ginf = torch.from_numpy(g_infinity_from_inner(inner, act)).to(device)
        infinite[i] = torch.linalg.eigvalsh(Ginf).flip(0).cpu().numpy()
        frob_error[i] = float(torch.linalg.norm(G - Ginf) / torch.linalg.norm(Ginf))
        del G, Ginf
    return {"activations": np.array(names), "finite": finite, "infinite": infinite, "width": np.array(m),
            "dphi_second_moment": second_moment,
            "trace_deviation": trace_dev, "frob_error": frob_error}


# ---------------------------------------------------------------- Figure 2: (d) SGD, both layers trained

def train_sgd(X: np.ndarray, labels: np.ndarray, cfg: dict, seed: int, device: torch.device,
              progress: bool = True) -> dict[str, np.ndarray]:
    """Training cross-entropy on the whole subset at init and after every epoch, per activation
    (``overparam.sgd``): every activation starts from the same weights and sees the same minibatch order."""
    tr = cfg["train"]
    m, epochs = tr["width"], tr["epochs"]
    classes = int(max(labels.max() + 1, cifar10.CLASSES))
    init = init_network(tr["parametrization"], m, X.shape[1], classes, rng(seed, "panigrahi2020-fig2-train-init", m))
    orders = [rng(seed, "panigrahi2020-fig2-shuffle", e).permutation(len(X)) for e in range(epochs)]
    out = train_classifier(X, labels, init, [activation(name) for name in tr["activations"]],
                           tr["parametrization"], tr["lr"], tr["batch_size"], orders, device,
                           progress_label="panigrahi2020 fig2d" if progress else None)
    return {"activations": np.array(tr["activations"]), "epochs": np.arange(epochs + 1), "loss": out["loss"],
            "first_nonfinite_epoch": out["first_nonfinite_epoch"], "width": np.array(m)}


def _fig2_part(job: JobContext, compute) -> None:
    """Features of the subset (images.npz), one computation on them, its run file (with the data's source)."""
    data = load_npz(job.input[0])
    save_npz(job.output[0], source=data["source"], **compute(features(data["images"]), data))


@entry(*FIG2_GEOMETRY_KEYS, device=True)
def fig2_geometry(job: JobContext) -> None:
    """Panels (a, b): pairwise distances and the covariance spectrum."""
    cfg = job.config["panigrahi2020"]["fig2"]
    _fig2_part(job, lambda X, data: geometry(X, cfg, job.device))


@entry(*FIG2_SPECTRA_KEYS, device=True)
def fig2_spectra(job: JobContext) -> None:
    """Panel (c): G(0) and G^inf spectra per activation."""
    pan = job.config["panigrahi2020"]
    _fig2_part(job, lambda X, data: g_spectra(X, pan["fig2"], pan["seed"], job.device))


@entry(*FIG2_TRAIN_KEYS, device=True)
def fig2_train(job: JobContext) -> None:
    """Panel (d): SGD training loss per activation."""
    pan = job.config["panigrahi2020"]
    _fig2_part(job, lambda X, data: train_sgd(X, data["labels"], pan["fig2"], pan["seed"], job.device))
