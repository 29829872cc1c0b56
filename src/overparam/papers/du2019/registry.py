"""Du et al. 2019 in the registry: its figures, panel tables and jobs."""
from ...memory import estimate
from ...registry import Figure, Job, Paper, Panel

TRAINING = ("m", "seed", "iteration")
TYPES = {"m": "int", "seed": "int", "iteration": "int", "diverged_at": "int"}


def _training_grid(widths_of):
    """Every width, seed and step of the config (the reading job declares du2019.seeds, .steps and the widths)."""
    return lambda config: {"m": widths_of(config["du2019"]), "seed": list(range(config["du2019"]["seeds"])),
                           "iteration": list(range(config["du2019"]["steps"] + 1))}


def _main(cfg):
    return sorted(cfg["widths"])


def _every(cfg):
    return sorted(set(cfg["widths"]) | set(cfg["small_widths"]))


def _panel(name, value_columns, widths_of=_main):
    return Panel(name, (*TRAINING, *value_columns, "diverged_at"), TYPES, finite=value_columns,
                 grid=_training_grid(widths_of))


def _train_memory(config, name):
    """compute.train: one bank of seeds x (all widths) neurons (overparam.training.train_fixed_output's buffers):
    W, W0 and W - W0 or the gradient (float32, d each); the pre-activations, |Z(0)|, the buffer for phi(Z) and
    the back-propagated error, and three 0/1 masks (float32, n each)."""
    du = config["du2019"]
    main, small = sum(du["widths"]), sum(du["small_widths"])
    key = "du2019.widths" if main >= small else "du2019.small_widths"
    return estimate("float32 weights and pre-activations of seeds x all widths' neurons",
                    lambda seeds, neurons, n, d: seeds * neurons * (12 * d + 24 * n),
                    {"du2019.seeds": du["seeds"], key: main + small, "du2019.n": du["n"], "du2019.d": du["d"]})


def _sensitivity_memory(config, name):
    """compute_sensitivity.sensitivity: the training job once per reading, one at a time; the largest is the widths
    times the largest width factor."""
    du = config["du2019"]
    factor = max([1, *du["sensitivity"]["width_factors"]])
    return _train_memory({"du2019": {**du, "widths": [round(w * factor) for w in du["widths"]]}}, name)


PAPER = Paper(
    name="du2019",
    citation="Du, Zhai, Poczos, Singh. Gradient descent provably optimizes over-parameterized neural networks. ICLR 2019",
    figures=(
        Figure("du2019-fig1", (
            _panel("du2019-fig1a", ("loss",)),
            _panel("du2019-fig1b", ("pattern_change_fraction",)),
            _panel("du2019-fig1c", ("max_distance",)),
        )),
        Figure("du2019-supp1", (
            _panel("du2019-supp1a", ("normalized_loss", "lin_normalized_loss"), _every),
            Panel("du2019-supp1b", ("m", "seed", "rho", "diverged_at"), TYPES, finite=("rho",),
                  grid=lambda config: {"m": _every(config["du2019"]), "seed": list(range(config["du2019"]["seeds"]))}),
        ), supplementary=True),
    ),
    claim_files=("du2019",),
    sensitivity_files=("du2019",),
    jobs=(
        Job("du2019_train", "overparam.papers.du2019.compute:train", gpu=True, memory=_train_memory),
        Job("du2019_tables", "overparam.papers.du2019.tables:tables_job"),
        Job("du2019_claims", "overparam.papers.du2019.claims:claims_job"),
        Job("du2019_plot_fig1", "overparam.papers.du2019.plots:plot_fig1_job"),
        Job("du2019_plot_supp1", "overparam.papers.du2019.plots:plot_supp1_job"),
        Job("du2019_sensitivity", "overparam.papers.du2019.compute_sensitivity:sensitivity", gpu=True,
            memory=_sensitivity_memory),
    ),
)
