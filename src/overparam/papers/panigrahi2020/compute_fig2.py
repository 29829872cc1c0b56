"""Panigrahi et al. 2020 Figure 2: the n images (CIFAR-10 via torchvision, or the labelled stand-in), their
geometry (pairwise distances, covariance spectrum), G(0) spectra of (d)'s network at initialisation, and SGD of
that two-layer classifier with both layers trained, with its G-matrix followed during training."""
from __future__ import annotations

import math
import sys

import numpy as np
import torch

from ... import cifar10
from ...activations import activation
from ...data import section2_preprocess
from ...gram import gram_matrix
from ...inputs import read_run
from ...io import save_npz
from ...jobs import JobContext, entry
from ...kernels import dphi_second_moment, g_infinity_from_inner
from ...seeding import rng
from ...sgd import gram_and_loss, train_classifier
from ...weights import init_network
from .settings import (DELTA, FIG2_DATA_KEYS, FIG2_GEOMETRY_KEYS, FIG2_PARAMETRIZATIONS, FIG2_SPECTRA_KEYS,
                       FIG2_TRAIN_KEYS, FIRST_FEW, TOP_CLUSTER, TOP_SHARE, data_label)

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
    """Counts of ||x_i - x_j|| over i < j in ``bins`` equal bins on [0, 1], from Gram blocks in float64; the
    number of pairs closer than DELTA, the extremes and Assumption 2's min sqrt(1 - rho^2).

    Distances above 1 (impossible for non-negative pixels) are counted apart, not dropped.
    """
    Xt = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float64)).to(device)
    n = Xt.shape[0]
    counts = torch.zeros(bins, dtype=torch.int64, device=device)
    above, below, d_min, d_max, a2_min = 0, 0, math.inf, 0.0, math.inf
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
        below += int((dist < DELTA).sum())
        index = torch.clamp((dist[inside] * bins).long(), max=bins - 1)
        counts += torch.bincount(index, minlength=bins)
        d_min = min(d_min, float(dist.min()))
        d_max = max(d_max, float(dist.max()))
        a2_min = min(a2_min, float(torch.sqrt(torch.clamp(1.0 - rho**2, min=0.0)).min()))
    edges = np.linspace(0.0, 1.0, bins + 1)
    return {"counts": counts.cpu().numpy(), "edges": edges, "above_one": np.array(above),
            "below_delta": np.array(below),
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

NETWORK_STREAM = "panigrahi2020-fig2-network"  # (c) and (d) draw their network from one stream
SPECTRA_LAW = "dzps"  # G(0) of (d)'s network: the same for every Figure-2 parametrisation (``g_spectra``)


def check_network_law(param: str, allowed=FIG2_PARAMETRIZATIONS) -> None:
    """(c)'s G(0) and G^inf are those of a first layer w ~ N(0, I_d) without bias: unit_fanin's and dzps's (the
    sensitivity runs allow the other readings of (d)'s network, ``allowed``)."""
    if param not in allowed:
        raise ValueError(f"Figure 2 trains one of {FIG2_PARAMETRIZATIONS}, got {param!r} (App. D's literal "
                         f"standard_fanin has pre-activations of std 1/sqrt(d) on unit-norm inputs)")


def g_spectra(X: np.ndarray, cfg: dict, seed: int, device: torch.device) -> dict[str, np.ndarray]:
    """Sorted eigenvalues of G(0) of (d)'s network at initialisation, drawn at (c)'s width, and of G^inf, per
    activation. G per eq. (2) (``overparam.sgd.gram_and_loss``); with 10 outputs the mean of the diagonal blocks,
    a_k^2 = mean_q (sqrt(m) A_kq)^2 for unit_fanin and mean_q A_kq^2 for dzps: the same numbers from the same
    draws (W ~ N(0, I) in both), so one G(0) serves both, and at (d)'s width it is (d)'s G(0). E a_k^2 = 1, so
    G^inf is eq. (2)'s.

    Pre-activations in float32 (their range is modest), products and sums in float64, eigenvalues in float64.
    """
    sp = cfg["spectra"]
    m, names = sp["width"], sp["activations"]
    acts = [activation(name) for name in names]
    init = init_network(SPECTRA_LAW, m, X.shape[1], cifar10.CLASSES, rng(seed, NETWORK_STREAM, m))
    params = {k: torch.from_numpy(v).to(device) for k, v in init.items()}
    Xt = torch.from_numpy(X.astype(np.float32)).to(device)
    inner = X @ X.T
    n = len(X)
    finite, infinite = np.zeros((len(acts), n)), np.zeros((len(acts), n))
    second_moment = np.array([dphi_second_moment(act) for act in acts])  # E phi'(z)^2 = tr(G^inf)/n
    trace_dev, frob_error = np.zeros(len(acts)), np.zeros(len(acts))
    for i, act in enumerate(acts):
        G, _ = gram_and_loss(params, Xt, None, act, SPECTRA_LAW)
        finite[i] = torch.linalg.eigvalsh(G).flip(0).cpu().numpy()
        trace_dev[i] = float(torch.trace(G)) / n - second_moment[i]
        Ginf = torch.from_numpy(g_infinity_from_inner(inner, act)).to(device)
        infinite[i] = torch.linalg.eigvalsh(Ginf).flip(0).cpu().numpy()
        frob_error[i] = float(torch.linalg.norm(G - Ginf) / torch.linalg.norm(Ginf))
        del G, Ginf
    return {"activations": np.array(names), "finite": finite, "infinite": infinite, "width": np.array(m),
            "dphi_second_moment": second_moment, "trace_deviation": trace_dev, "frob_error": frob_error}


# ---------------------------------------------------------------- Figure 2: (d) SGD, both layers trained

def top_k(eigenvalues: np.ndarray, share: float = TOP_SHARE, cluster: float = TOP_CLUSTER) -> int:
    """The smallest K whose leading eigenvalues (descending) hold ``share`` of the trace, enlarged to every
    eigenvalue within ``cluster`` (relative) of lambda_K, so that a degenerate cluster is never split."""
    lam = np.clip(np.asarray(eigenvalues, dtype=np.float64), 0.0, None)
    K = min(int(np.searchsorted(np.cumsum(lam) / lam.sum(), share - 1e-12) + 1), len(lam))
    edge = lam[K - 1]
    while K < len(lam) and lam[K] >= (1.0 - cluster) * edge:
        K += 1
    return K


def largest_principal_sine(U: torch.Tensor, V: torch.Tensor) -> float:
    """sin of the largest principal angle between the column spaces of U and V (orthonormal, same width):
    the spectral norm of (I - U U^T) V."""
    return float(torch.linalg.matrix_norm(V - U @ (U.T @ V), ord=2).clamp(max=1.0))


class GramTracker:
    """G(t) of the trained network (``overparam.sgd.gram_and_loss``) on a fixed subsample of the images, at the
    SGD iterations ``iterations``: its sorted spectrum, the sine of the largest principal angle between the
    top-K eigenspaces of G(0) and G(t) (K from G(0), ``top_k``), and the mean cross-entropy on the subsample."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, acts, param: str, iterations: list[int]):
        self.X, self.y, self.acts, self.param = X, y, acts, param
        self.inner = X.to(torch.float64) @ X.to(torch.float64).T
        self.iterations = set(iterations)
        self.column = {it: j for j, it in enumerate(sorted(iterations))}
        shape = (len(acts), len(iterations))
        self.eigenvalues = np.full((*shape, len(X)), np.nan)
        self.sine, self.loss = np.full(shape, np.nan), np.full(shape, np.nan)
        self.k = np.zeros(len(acts), dtype=np.int64)
        self.initial: dict[int, torch.Tensor] = {}  # act -> top-K eigenvectors of G(0)
        self.initial_gram: dict[int, np.ndarray] = {}

    def __call__(self, i: int, iteration: int, params: dict[str, torch.Tensor]) -> None:
        j = self.column[iteration]
        G, loss = gram_and_loss(params, self.X, self.y, self.acts[i], self.param, inner=self.inner)
        self.loss[i, j] = loss
        if not bool(torch.isfinite(G).all()):
            return  # NaN stays: a diverged run
        lam, vec = torch.linalg.eigh(G)
        lam, vec = lam.flip(0), vec.flip(1)
        self.eigenvalues[i, j] = lam.cpu().numpy()
        if iteration == 0:
            self.k[i] = top_k(self.eigenvalues[i, j])
            self.initial[i] = vec[:, : self.k[i]]
            self.initial_gram[i] = G.cpu().numpy()
        if i in self.initial:
            self.sine[i, j] = largest_principal_sine(self.initial[i], vec[:, : self.k[i]])


def gram_subsample(n: int, size: int, seed: int) -> np.ndarray:
    """The rows on which G(t) is followed: ``size`` of the n images, drawn before training (sorted)."""
    if size >= n:
        return np.arange(n)
    return np.sort(rng(seed, "panigrahi2020-fig2-gram-subsample").choice(n, size=size, replace=False))


def logged_iterations(n: int, batch_size: int, epochs: int) -> tuple[list[int], int]:
    """SGD iterations at which G(t) is logged: 0, the first few (1..FIRST_FEW) and every epoch's end (none
    after the last), and the number of iterations per epoch."""
    steps = math.ceil(n / batch_size)
    first = set(range(min(FIRST_FEW, steps * epochs) + 1))
    return sorted(first | {steps * e for e in range(1, epochs + 1)}), steps


def train_sgd(X: np.ndarray, labels: np.ndarray, cfg: dict, seed: int, device: torch.device,
              progress: bool = True, allowed=FIG2_PARAMETRIZATIONS) -> dict[str, np.ndarray]:
    """Training cross-entropy on the whole subset at init and after every epoch, per activation
    (``overparam.sgd``): every activation starts from the same weights and sees the same minibatch order. G(t)
    is followed on a fixed subsample (``GramTracker``)."""
    tr = cfg["train"]
    m, epochs, param = tr["width"], tr["epochs"], tr["parametrization"]
    check_network_law(param, allowed)
    classes = int(max(labels.max() + 1, cifar10.CLASSES))
    init = init_network(param, m, X.shape[1], classes, rng(seed, NETWORK_STREAM, m))
    orders = [rng(seed, "panigrahi2020-fig2-shuffle", e).permutation(len(X)) for e in range(epochs)]
    acts = [activation(name) for name in tr["activations"]]
    rows = gram_subsample(len(X), tr["gram_images"], seed)
    iterations, steps = logged_iterations(len(X), tr["batch_size"], epochs)
    tracker = GramTracker(torch.from_numpy(X[rows].astype(np.float32)).to(device),
                          torch.from_numpy(labels[rows].astype(np.int64)).to(device), acts, param, iterations)
    out = train_classifier(X, labels, init, acts, param, tr["lr"], tr["batch_size"], orders, device,
                           progress_label="panigrahi2020 fig2d" if progress else None, monitor=tracker)
    # (c)'s kernel on the subsample: G(0) of (d)'s network concentrates around it (relative Frobenius error)
    inner = X[rows] @ X[rows].T
    init_error = np.full(len(acts), np.nan)
    for i, act in tracker.initial_gram.items():
        Ginf = g_infinity_from_inner(inner, acts[i])
        init_error[i] = np.linalg.norm(tracker.initial_gram[i] - Ginf) / np.linalg.norm(Ginf)
    return {"activations": np.array(tr["activations"]), "epochs": np.arange(epochs + 1), "loss": out["loss"],
            "first_nonfinite_epoch": out["first_nonfinite_epoch"], "width": np.array(m),
            "parametrization": np.array(param), "lr": np.array(tr["lr"]), "batch_size": np.array(tr["batch_size"]),
            "steps_per_epoch": np.array(steps),
            "gram_rows": rows, "gram_iterations": np.array(iterations), "gram_eigenvalues": tracker.eigenvalues,
            "gram_sine": tracker.sine, "gram_top_k": tracker.k, "gram_loss": tracker.loss,
            "gram_init_error": init_error}


def _fig2_part(job: JobContext, compute) -> None:
    """Features of the subset (images.npz), one computation on them, its run file (with the data's source)."""
    data = read_run(job.input[0])
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
