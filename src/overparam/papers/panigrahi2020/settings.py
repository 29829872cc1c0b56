"""Panigrahi et al. 2020: the settings every stage shares (Figure 2's data source, the eigenvalue floor) and the
config keys each stage reads."""
from __future__ import annotations

import numpy as np

from ...cifar10_facts import STAND_IN_LABEL
from ...inputs import read_run
from .registry import PAPER as REGISTERED

PAPER = "panigrahi2020"
FIGURE2 = "panigrahi2020-fig2"
TRAIN_DTYPE = "float32"
EPS64 = float(np.finfo(np.float64).eps)  # eigenvalues below n * eps * lambda_max are eigvalsh round-off
SOURCES = ("download", "synthetic")
DELTA = 0.1  # the paper: "the assumptions hold for CIFAR10, with delta at least 0.1"
# Figure 2(d)'s network: a fan-in parametrisation for unit-norm inputs, or DZPS (both have eq. (2)'s G^inf)
FIG2_PARAMETRIZATIONS = ("unit_fanin", "dzps")
FIRST_FEW = 10  # "only in the first few iterations of SGD": iterations 1..10 ("a few" is at most ten)
TOP_SHARE, TOP_CLUSTER = 0.9, 0.01  # top eigenspace of G(0): 90 % of its trace, clusters within 1 % kept whole

def panel_names(figure_id: str) -> list[str]:
    """The figure's panels in the registry's order (the order of the rules' panel tables)."""
    return [panel.name for figure in REGISTERED.figures if figure.id == figure_id for panel in figure.panels]


# ---------------------------------------------------------------- config keys each stage reads
# (plain strings: the workflow reads them from the source, overparam.jobs)
# Figure 1's data and initial weights (train and spectra redraw them; spectra at its own width)
FIG1_DATA_KEYS = ("panigrahi2020.seed", "panigrahi2020.fig1.d", "panigrahi2020.fig1.arc", "panigrahi2020.fig1.runs",
                  "panigrahi2020.fig1.output_weights")
FIG1_TRAIN_KEYS = (*FIG1_DATA_KEYS, "panigrahi2020.fig1.train", "device")
FIG1_SPECTRA_KEYS = (*FIG1_DATA_KEYS, "panigrahi2020.fig1.spectra", "device")
FIG1_TABLE_KEYS = ("panigrahi2020.fig1.ns",)
FIG1_CLAIM_KEYS = ("panigrahi2020.fig1.ns", "panigrahi2020.fig1.arc", "panigrahi2020.fig1.output_weights",
                   "panigrahi2020.fig1.train.width", "panigrahi2020.fig1.train.eta", "panigrahi2020.fig1.train.epochs",
                   "panigrahi2020.fig1.spectra.width", "profile")
FIG1_PLOT_KEYS = ("panigrahi2020.fig1.ns", "panigrahi2020.fig1.d", "panigrahi2020.fig1.arc", "panigrahi2020.fig1.runs",
                  "panigrahi2020.fig1.train.width", "panigrahi2020.fig1.train.eta", "panigrahi2020.fig1.train.epochs",
                  "panigrahi2020.fig1.train.log_every", "panigrahi2020.fig1.train.activations",
                  "panigrahi2020.fig1.spectra.width",
                  "panigrahi2020.fig1.spectra.activations", "profile")
FIG2_DATA_KEYS = ("cifar10_source", "cifar10_root", "panigrahi2020.fig2.images", "panigrahi2020.fig2.subset_seed")
FIG2_GEOMETRY_KEYS = ("panigrahi2020.fig2.histogram_bins", "device")
FIG2_SPECTRA_KEYS = ("panigrahi2020.seed", "panigrahi2020.fig2.spectra", "device")
FIG2_TRAIN_KEYS = ("panigrahi2020.seed", "panigrahi2020.fig2.train", "device")
FIG2_CLAIM_KEYS = ("cifar10_source", "profile")
FIG2_PLOT_KEYS = ("cifar10_source", "panigrahi2020.fig2.images", "panigrahi2020.fig2.subset_seed",
                  "panigrahi2020.fig2.histogram_bins", "panigrahi2020.fig2.spectra.width",
                  "panigrahi2020.fig2.train.width", "panigrahi2020.fig2.train.parametrization",
                  "panigrahi2020.fig2.train.lr", "panigrahi2020.fig2.train.batch_size",
                  "panigrahi2020.fig2.train.epochs", "panigrahi2020.fig2.spectra.activations",
                  "panigrahi2020.fig2.train.activations", "profile")


def clip_floor(eigenvalues: np.ndarray) -> np.ndarray:
    """Clip at n * eps * lambda_max (per spectrum, last axis): eigvalsh cannot resolve anything below."""
    top = np.max(eigenvalues, axis=-1, keepdims=True)
    return np.maximum(eigenvalues, eigenvalues.shape[-1] * EPS64 * top)


def load_fig1_runs(job) -> tuple[dict[int, dict], dict[int, dict]]:
    """{n: train run file}, {n: spectra run file} from a job's inputs train and spectra (n ascending)."""
    ns = sorted(job.config["panigrahi2020"]["fig1"]["ns"])
    train = {n: read_run(p) for n, p in zip(ns, job.input.train)}
    spectra = {n: read_run(p) for n, p in zip(ns, job.input.spectra)}
    return train, spectra


# ---------------------------------------------------------------- Figure 2: CIFAR-10 or the stand-in

def data_label(source: str) -> str:
    if source not in SOURCES:
        raise ValueError(f"cifar10_source must be one of {SOURCES}, got {source!r}")
    return "CIFAR-10" if source == "download" else STAND_IN_LABEL


def load_fig2_runs(job) -> tuple[dict, dict, dict]:
    """The geometry, spectra and train run files, from a job's named inputs."""
    return read_run(job.input.geometry), read_run(job.input.spectra), read_run(job.input.train)
