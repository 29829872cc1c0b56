"""Panigrahi, Shetty, Goyal 2020 in the registry: its figures, panel tables and jobs."""
from ...cifar10_facts import CIFAR10_CLASSES, CIFAR10_PIXELS
from ...memory import estimate
from ...registry import Figure, Grid, Job, Paper, Panel

LOSS = ("activation", "run", "epoch", "loss", "normalized_loss", "lin_loss", "diverged_at")
SPECTRUM = ("activation", "kind", "run", "index", "eigenvalue")
PACKAGE = "overparam.papers.panigrahi2020"
TYPES = {"activation": "str", "kind": "str", "run": "str", "epoch": "int", "index": "int", "diverged_at": "int",
         "count": "int", "k": "int"}


def _per_n(rule):
    return lambda config: [f"{rule}/n{n}" for n in sorted(config["panigrahi2020"]["fig1"]["ns"])]


def _runs(f1):
    return [str(r) for r in range(f1["runs"])] + ["mean"]


def _fig1_loss_grid(config):
    """Every training activation, run (and their mean) and logged epoch (panels (a) and (b) alike)."""
    f1 = config["panigrahi2020"]["fig1"]
    return {"activation": list(f1["train"]["activations"]), "run": _runs(f1),
            "epoch": list(range(0, f1["train"]["epochs"] + 1, f1["train"]["log_every"]))}


def _fig1_spectrum_grid(which):
    """Every spectra activation: each run's and the mean finite-width spectrum, and the exact infinite-width one,
    all n eigenvalues, at the smaller (c, which=min) or larger (d, which=max) n."""
    def grid(config):
        f1 = config["panigrahi2020"]["fig1"]
        acts, index = list(f1["spectra"]["activations"]), list(range(1, which(f1["ns"]) + 1))
        return (Grid({"kind": ["finite", "infinite"]}, once=False),
                Grid({"activation": acts, "run": _runs(f1), "index": index}, where={"kind": "finite"}),
                Grid({"activation": acts, "run": ["exact"], "index": index}, where={"kind": "infinite"}))
    return grid


# Figure 2's rows for the config ((a)'s histogram bins are floats: not gridded)
def _fig2b_grid(config):
    """k = 1..images."""
    return {"k": list(range(1, config["panigrahi2020"]["fig2"]["images"] + 1))}


def _fig2c_grid(config):
    """Every activation's finite and infinite spectrum of all images."""
    f2 = config["panigrahi2020"]["fig2"]
    return {"activation": list(f2["spectra"]["activations"]), "kind": ["finite", "infinite"],
            "index": list(range(1, f2["images"] + 1))}


def _fig2d_grid(config):
    """Every activation's loss at epochs 0..epochs."""
    train = config["panigrahi2020"]["fig2"]["train"]
    return {"activation": list(train["activations"]), "epoch": list(range(train["epochs"] + 1))}


FEATURES = CIFAR10_PIXELS + 2  # compute_fig2.features: the pixels and two coordinates
GRAM_CHUNK = 8192  # overparam.gram.DEFAULT_CHUNK: neurons per block of a Gram matrix


def _fig1_train_memory(config, name):
    """compute_fig1.fig1_train: one GD bank of runs x width neurons, float32 (overparam.training.train_fixed_output's
    buffers: W, W0 and the gradient with d each; the pre-activations, the buffer for the error, and phi(Z) with
    phi'(Z) or ReLU's mask, n each)."""
    f1 = config["panigrahi2020"]["fig1"]
    return estimate("float32 weights and pre-activations of runs x width neurons",
                    lambda runs, width, n, d: runs * width * (12 * d + 16 * n),
                    {"panigrahi2020.fig1.runs": f1["runs"], "panigrahi2020.fig1.train.width": f1["train"]["width"],
                     "panigrahi2020.fig1.ns": int(name.rsplit("/n", 1)[1]), "panigrahi2020.fig1.d": f1["d"]})


def _fig1_spectra_memory(config, name):
    """compute_fig1.fig1_spectra: W in float64 (width x d) and a float64 block of phi'(Z) (n x chunk, twice)."""
    f1 = config["panigrahi2020"]["fig1"]
    return estimate("float64 weights and a block of phi'(Z)",
                    lambda width, n, d: 8 * width * d + 16 * n * min(width, GRAM_CHUNK),
                    {"panigrahi2020.fig1.spectra.width": f1["spectra"]["width"],
                     "panigrahi2020.fig1.ns": int(name.rsplit("/n", 1)[1]), "panigrahi2020.fig1.d": f1["d"]})


def _fig1_sensitivity_memory(config, name):
    """compute_sensitivity.fig1_sensitivity: one training run or spectrum at a time, at the largest n."""
    n = max(config["panigrahi2020"]["fig1"]["ns"])
    needs = [_fig1_train_memory(config, f"panigrahi2020_fig1_train/n{n}"),
             _fig1_spectra_memory(config, f"panigrahi2020_fig1_spectra/n{n}")]
    return max(needs, key=lambda need: need.bytes)


def _fig2_data_memory(config, name):
    """compute_fig2.fig2_data: the uint8 images and their float64 features."""
    return estimate("uint8 images and float64 features", lambda images: 9 * images * FEATURES,
                    {"panigrahi2020.fig2.images": config["panigrahi2020"]["fig2"]["images"]})


def _fig2_geometry_memory(config, name):
    """compute_fig2.geometry: the float64 features twice and one block of 1024 rows of the Gram matrix (float64,
    its mask and the selected pairs)."""
    return estimate("float64 features and a 1024-row block of pairwise products",
                    lambda images: 16 * images * FEATURES + 25 * min(1024, images) * images,
                    {"panigrahi2020.fig2.images": config["panigrahi2020"]["fig2"]["images"]})


def _fig2_spectra_memory(config, name):
    """compute_fig2.g_spectra: four images x images float64 matrices (X Xᵀ, G(0), G^inf, the eigensolver's copy),
    W (width x d, float32) and a block of phi'(Z) (images x chunk, float32 and float64)."""
    f2 = config["panigrahi2020"]["fig2"]
    return estimate("float64 images x images matrices and the float32 weights",
                    lambda images, width: 32 * images * images + 4 * width * FEATURES
                    + 12 * images * min(width, GRAM_CHUNK),
                    {"panigrahi2020.fig2.images": f2["images"], "panigrahi2020.fig2.spectra.width": f2["spectra"]["width"]})


def _fig2_train_memory(config, name):
    """compute_fig2.fig2_train: the float32 features (images x d), the weights and their gradients (width x (d +
    classes), float32)."""
    f2 = config["panigrahi2020"]["fig2"]
    return estimate("float32 features, weights and gradients",
                    lambda images, width: 4 * images * FEATURES + 8 * width * (FEATURES + CIFAR10_CLASSES),
                    {"panigrahi2020.fig2.images": f2["images"], "panigrahi2020.fig2.train.width": f2["train"]["width"]})


PAPER = Paper(
    name="panigrahi2020",
    citation="Panigrahi, Shetty, Goyal. Effect of activation functions on the training of overparametrized neural "
             "nets. ICLR 2020",
    figures=(
        Figure("panigrahi2020-fig1", (
            Panel("panigrahi2020-fig1a", LOSS, TYPES, finite=LOSS[3:6], grid=_fig1_loss_grid),
            Panel("panigrahi2020-fig1b", LOSS, TYPES, finite=LOSS[3:6], grid=_fig1_loss_grid),
            Panel("panigrahi2020-fig1c", SPECTRUM, TYPES, finite=("eigenvalue",), grid=_fig1_spectrum_grid(min)),
            Panel("panigrahi2020-fig1d", SPECTRUM, TYPES, finite=("eigenvalue",), grid=_fig1_spectrum_grid(max)),
        )),
        Figure("panigrahi2020-fig2", (
            Panel("panigrahi2020-fig2a", ("bin_left", "bin_right", "count"), TYPES,
                  finite=("bin_left", "bin_right")),
            Panel("panigrahi2020-fig2b", ("k", "cumulative_ratio"), TYPES, finite=("cumulative_ratio",),
                  grid=_fig2b_grid),
            Panel("panigrahi2020-fig2c", ("activation", "kind", "index", "eigenvalue"), TYPES,
                  finite=("eigenvalue",), grid=_fig2c_grid),
            Panel("panigrahi2020-fig2d", ("activation", "epoch", "loss", "diverged_at"), TYPES, finite=("loss",),
                  grid=_fig2d_grid),
        )),
    ),
    claim_files=("panigrahi2020-fig1", "panigrahi2020-fig2"),
    sensitivity_files=("panigrahi2020-fig1", "panigrahi2020-fig2"),
    jobs=(
        Job("panigrahi2020_fig1_train", f"{PACKAGE}.compute_fig1:fig1_train", gpu=True,
            instances=_per_n("panigrahi2020_fig1_train"), memory=_fig1_train_memory),
        Job("panigrahi2020_fig1_spectra", f"{PACKAGE}.compute_fig1:fig1_spectra", gpu=True,
            instances=_per_n("panigrahi2020_fig1_spectra"), memory=_fig1_spectra_memory),
        Job("panigrahi2020_fig1_tables", f"{PACKAGE}.tables:fig1_tables_job"),
        Job("panigrahi2020_fig1_claims", f"{PACKAGE}.claims:fig1_claims_job"),
        Job("panigrahi2020_plot_fig1", f"{PACKAGE}.plots:plot_fig1_job"),
        Job("panigrahi2020_fig2_data", f"{PACKAGE}.compute_fig2:fig2_data", gpu=False, memory=_fig2_data_memory),
        Job("panigrahi2020_fig2_geometry", f"{PACKAGE}.compute_fig2:fig2_geometry", gpu=True, memory=_fig2_geometry_memory),
        Job("panigrahi2020_fig2_spectra", f"{PACKAGE}.compute_fig2:fig2_spectra", gpu=True, memory=_fig2_spectra_memory),
        Job("panigrahi2020_fig2_train", f"{PACKAGE}.compute_fig2:fig2_train", gpu=True, memory=_fig2_train_memory),
        Job("panigrahi2020_fig2_tables", f"{PACKAGE}.tables:fig2_tables_job"),
        Job("panigrahi2020_fig2_claims", f"{PACKAGE}.claims:fig2_claims_job"),
        Job("panigrahi2020_plot_fig2", f"{PACKAGE}.plots:plot_fig2_job"),
        Job("panigrahi2020_fig1_sensitivity", f"{PACKAGE}.compute_sensitivity:fig1_sensitivity", gpu=True,
            memory=_fig1_sensitivity_memory),
        Job("panigrahi2020_fig2_sensitivity", f"{PACKAGE}.compute_sensitivity:fig2_sensitivity", gpu=True,
            memory=_fig2_train_memory),  # one (d) training run per reading, one at a time
    ),
)
