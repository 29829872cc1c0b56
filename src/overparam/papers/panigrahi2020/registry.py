"""Panigrahi, Shetty, Goyal 2020 in the registry: its figures, panel tables and jobs."""
from ...registry import Figure, Job, Paper, Panel

LOSS = ("activation", "run", "epoch", "loss", "normalized_loss", "lin_loss", "diverged_at")
SPECTRUM = ("activation", "kind", "run", "index", "eigenvalue")
PACKAGE = "overparam.papers.panigrahi2020"


def _per_n(rule):
    return lambda config: [f"{rule}/n{n}" for n in sorted(config["panigrahi2020"]["fig1"]["ns"])]


PAPER = Paper(
    name="panigrahi2020",
    citation="Panigrahi, Shetty, Goyal. Effect of activation functions on the training of overparametrized neural "
             "nets. ICLR 2020",
    figures=(
        Figure("panigrahi2020-fig1", (
            Panel("panigrahi2020-fig1a", LOSS),
            Panel("panigrahi2020-fig1b", LOSS),
            Panel("panigrahi2020-fig1c", SPECTRUM),
            Panel("panigrahi2020-fig1d", SPECTRUM),
        )),
        Figure("panigrahi2020-fig2", (
            Panel("panigrahi2020-fig2a", ("bin_left", "bin_right", "count")),
            Panel("panigrahi2020-fig2b", ("k", "cumulative_ratio")),
            Panel("panigrahi2020-fig2c", ("activation", "kind", "index", "eigenvalue")),
            Panel("panigrahi2020-fig2d", ("activation", "epoch", "loss", "diverged_at")),
        )),
    ),
    claim_files=("panigrahi2020-fig1", "panigrahi2020-fig2"),
    sensitivity_files=("panigrahi2020-fig1", "panigrahi2020-fig2"),
    jobs=(
        Job("panigrahi2020_fig1_train", f"{PACKAGE}.compute_fig1:fig1_train", gpu=True,
            instances=_per_n("panigrahi2020_fig1_train")),
        Job("panigrahi2020_fig1_spectra", f"{PACKAGE}.compute_fig1:fig1_spectra", gpu=True,
            instances=_per_n("panigrahi2020_fig1_spectra")),
        Job("panigrahi2020_fig1_tables", f"{PACKAGE}.tables:fig1_tables_job"),
        Job("panigrahi2020_fig1_claims", f"{PACKAGE}.claims:fig1_claims_job"),
        Job("panigrahi2020_plot_fig1", f"{PACKAGE}.plots:plot_fig1_job"),
        Job("panigrahi2020_fig2_data", f"{PACKAGE}.compute_fig2:fig2_data", gpu=False),
        Job("panigrahi2020_fig2_geometry", f"{PACKAGE}.compute_fig2:fig2_geometry", gpu=True),
        Job("panigrahi2020_fig2_spectra", f"{PACKAGE}.compute_fig2:fig2_spectra", gpu=True),
        Job("panigrahi2020_fig2_train", f"{PACKAGE}.compute_fig2:fig2_train", gpu=True),
        Job("panigrahi2020_fig2_tables", f"{PACKAGE}.tables:fig2_tables_job"),
        Job("panigrahi2020_fig2_claims", f"{PACKAGE}.claims:fig2_claims_job"),
        Job("panigrahi2020_plot_fig2", f"{PACKAGE}.plots:plot_fig2_job"),
        Job("panigrahi2020_fig1_sensitivity", f"{PACKAGE}.compute_sensitivity:fig1_sensitivity", gpu=True),
        Job("panigrahi2020_fig2_sensitivity", f"{PACKAGE}.compute_sensitivity:fig2_sensitivity", gpu=True),
    ),
)
