"""Oymak & Soltanolkotabi 2019 in the registry: its figures, panel tables and jobs."""
from ...memory import estimate
from ...registry import Figure, Job, Paper, Panel

CELLS = ("n", "activation", "k", "d", "trials", "successes", "probability", "diverged", "diverged_at")
PACKAGE = "overparam.papers.oymak2019"
TYPES = {"n": "int", "activation": "str", "k": "int", "d": "int", "trials": "int", "successes": "int",
         "diverged": "int", "diverged_at": "int"}


def _cells(config):
    """Every (k, d) cell of the config's grid (the reading job declares oymak2019.ks and oymak2019.ds)."""
    return {"k": sorted(config["oymak2019"]["ks"]), "d": sorted(config["oymak2019"]["ds"])}


def _panels(config):
    oy = config["oymak2019"]
    return [f"oymak2019_phase_transition/{a['name']}_n{n}" for a in oy["activations"] for n in sorted(oy["ns"])]


def _phase_transition_memory(config, name):
    """compute.phase_transition: a batch of problems padded to the largest (k, d): the data (n x d), the weights
    and their gradient (k x d each) and four n x k arrays (pre-activations, activations, derivatives, residual
    products), float32. ``batch_size`` (per device type; the larger is the bound) 0 runs every problem of the grid
    in one batch."""
    oy = config["oymak2019"]
    n = int(name.rsplit("_n", 1)[1])
    problems = len(oy["ks"]) * len(oy["ds"]) * oy["trials"]
    batch = min(max(size or problems for size in oy["batch_size"].values()), problems)
    batch_key = "oymak2019.batch_size" if batch < problems else "oymak2019.trials"
    return estimate("float32 padded problems of one batch",
                    lambda b, k, d, n: 4 * b * (n * d + 2 * k * d + 4 * n * k),
                    {batch_key: batch, "oymak2019.ks": max(oy["ks"]), "oymak2019.ds": max(oy["ds"]),
                     "oymak2019.ns": n})


PAPER = Paper(
    name="oymak2019",
    citation="Oymak, Soltanolkotabi. Towards moderate overparameterization: global convergence guarantees for "
             "training shallow neural networks. 2019",
    figures=(
        Figure("oymak2019-fig1", ()),  # the network diagram: no data
        Figure("oymak2019-fig2", tuple(Panel(f"oymak2019-fig2{p}", CELLS, TYPES, finite=("probability",), grid=_cells)
                                          for p in "abcd")),
    ),
    claim_files=("oymak2019-fig2",),
    sensitivity_files=("oymak2019",),
    jobs=(
        Job("oymak2019_phase_transition", f"{PACKAGE}.compute:phase_transition", gpu=True, instances=_panels,
            memory=_phase_transition_memory),
        Job("oymak2019_tables", f"{PACKAGE}.tables:tables_job"),
        Job("oymak2019_claims", f"{PACKAGE}.claims:claims_job"),
        Job("oymak2019_plot_fig2", f"{PACKAGE}.plots:plot_fig2_job"),
        Job("oymak2019_plot_fig1", f"{PACKAGE}.plots:plot_fig1_job"),
        Job("oymak2019_sensitivity", f"{PACKAGE}.compute_sensitivity:sensitivity", gpu=True,
            memory=lambda config, name: _phase_transition_memory(config, f"_n{max(config['oymak2019']['ns'])}")),
    ),
)
