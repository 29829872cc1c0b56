"""Oymak & Soltanolkotabi 2019 in the registry: its figures, panel tables and jobs."""
from ...registry import Figure, Job, Paper, Panel

CELLS = ("n", "activation", "k", "d", "trials", "successes", "probability", "diverged", "diverged_at")
PACKAGE = "overparam.papers.oymak2019"


def _panels(config):
    oy = config["oymak2019"]
    return [f"oymak2019_phase_transition/{a['name']}_n{n}" for a in oy["activations"] for n in sorted(oy["ns"])]


PAPER = Paper(
    name="oymak2019",
    citation="Oymak, Soltanolkotabi. Towards moderate overparameterization: global convergence guarantees for "
             "training shallow neural networks. 2019",
    figures=(
        Figure("oymak2019-fig1", ()),  # the network diagram: no data
        Figure("oymak2019-fig2", tuple(Panel(f"oymak2019-fig2{p}", CELLS) for p in "abcd")),
    ),
    claim_files=("oymak2019-fig2",),
    sensitivity_files=("oymak2019",),
    jobs=(
        Job("oymak2019_phase_transition", f"{PACKAGE}.compute:phase_transition", gpu=True, instances=_panels),
        Job("oymak2019_tables", f"{PACKAGE}.tables:tables_job"),
        Job("oymak2019_claims", f"{PACKAGE}.claims:claims_job"),
        Job("oymak2019_plot_fig2", f"{PACKAGE}.plots:plot_fig2_job"),
        Job("oymak2019_plot_fig1", f"{PACKAGE}.plots:plot_fig1_job"),
        Job("oymak2019_sensitivity", f"{PACKAGE}.compute_sensitivity:sensitivity", gpu=True),
    ),
)
