"""Panigrahi et al. 2020: the settings every stage shares (Figure 1's data and initial weights, Figure 2's data
source) and the config keys each stage reads."""
from __future__ import annotations

import numpy as np

from ...data import STAND_IN_LABEL, lifted_circle, rademacher_labels
from ...io import load_npz
from ...seeding import rng
from ...weights import init_fixed_output
from .registry import PAPER as REGISTERED

PAPER = "panigrahi2020"
FIGURE2 = "panigrahi2020-fig2"
TRAIN_DTYPE = "float32"
EPS64 = float(np.finfo(np.float64).eps)  # eigenvalues below n * eps * lambda_max are eigvalsh round-off
SOURCES = ("download", "synthetic")
DELTA = 0.1  # the paper: "the assumptions hold for CIFAR10, with delta at least 0.1"

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
                  "panigrahi2020.fig1.train.activations", "panigrahi2020.fig1.spectra.width",
                  "panigrahi2020.fig1.spectra.activations", "profile")
FIG2_DATA_KEYS = ("cifar10_source", "cifar10_root", "panigrahi2020.fig2.images", "panigrahi2020.fig2.subset_seed")
FIG2_GEOMETRY_KEYS = ("panigrahi2020.fig2.histogram_bins", "device")
FIG2_SPECTRA_KEYS = ("panigrahi2020.seed", "panigrahi2020.fig2.spectra", "device")
FIG2_TRAIN_KEYS = ("panigrahi2020.seed", "panigrahi2020.fig2.train", "device")
FIG2_CLAIM_KEYS = ("cifar10_source", "panigrahi2020.fig2.train.width", "profile")
FIG2_PLOT_KEYS = ("cifar10_source", "panigrahi2020.fig2.images", "panigrahi2020.fig2.subset_seed",
                  "panigrahi2020.fig2.histogram_bins", "panigrahi2020.fig2.spectra.width",
                  "panigrahi2020.fig2.train.width", "panigrahi2020.fig2.train.parametrization",
                  "panigrahi2020.fig2.train.lr", "panigrahi2020.fig2.train.batch_size",
                  "panigrahi2020.fig2.train.epochs", "profile")


# ---------------------------------------------------------------- Figure 1: synthetic circle data

def dataset(cfg: dict, seed: int, n: int, run: int) -> tuple[np.ndarray, np.ndarray]:
    """Run ``run``'s n points on the lifted circle and their labels U{-1, 1}; shared by every activation."""
    g = rng(seed, "panigrahi2020-fig1-data", n, run)
    return lifted_circle(g, n, cfg["d"], cfg["arc"]), rademacher_labels(g, n)


def initial_weights(cfg: dict, seed: int, n: int, run: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """w ~ N(0, I_d), a ~ N(0, 1) (or unif{-1, 1}), float32; shared by every activation of the run."""
    return init_fixed_output(rng(seed, "panigrahi2020-fig1-init", n, run, m), m, cfg["d"], cfg["output_weights"])


def clip_floor(eigenvalues: np.ndarray) -> np.ndarray:
    """Clip at n * eps * lambda_max (per spectrum, last axis): eigvalsh cannot resolve anything below."""
    top = np.max(eigenvalues, axis=-1, keepdims=True)
    return np.maximum(eigenvalues, eigenvalues.shape[-1] * EPS64 * top)


def load_fig1_runs(job) -> tuple[dict[int, dict], dict[int, dict]]:
    """{n: train run file}, {n: spectra run file} from a job's inputs train and spectra (n ascending)."""
    ns = sorted(job.config["panigrahi2020"]["fig1"]["ns"])
    train = {n: load_npz(p) for n, p in zip(ns, job.input.train)}
    spectra = {n: load_npz(p) for n, p in zip(ns, job.input.spectra)}
    return train, spectra


# ---------------------------------------------------------------- Figure 2: CIFAR-10 or the stand-in

def data_label(source: str) -> str:
    if source not in SOURCES:
        raise ValueError(f"cifar10_source must be one of {SOURCES}, got {source!r}")
    return "CIFAR-10" if source == "download" else STAND_IN_LABEL


def load_fig2_runs(job) -> tuple[dict, dict, dict]:
    """The geometry, spectra and train run files, from a job's named inputs."""
    return load_npz(job.input.geometry), load_npz(job.input.spectra), load_npz(job.input.train)
