"""Du et al. 2019 in the registry: its figures, panel tables and jobs."""
from ...registry import Figure, Job, Paper, Panel

TRAINING = ("m", "seed", "iteration")

PAPER = Paper(
    name="du2019",
    citation="Du, Zhai, Poczos, Singh. Gradient descent provably optimizes over-parameterized neural networks. ICLR 2019",
    figures=(
        Figure("du2019-fig1", (
            Panel("du2019-fig1a", (*TRAINING, "loss", "diverged_at")),
            Panel("du2019-fig1b", (*TRAINING, "pattern_change_fraction", "diverged_at")),
            Panel("du2019-fig1c", (*TRAINING, "max_distance", "diverged_at")),
        )),
        Figure("du2019-supp1", (
            Panel("du2019-supp1a", (*TRAINING, "normalized_loss", "lin_normalized_loss", "diverged_at")),
            Panel("du2019-supp1b", ("m", "seed", "rho", "diverged_at")),
        ), supplementary=True),
    ),
    claim_files=("du2019",),
    sensitivity_files=("du2019",),
    jobs=(
        Job("du2019_train", "overparam.papers.du2019.compute:train", gpu=True),
        Job("du2019_tables", "overparam.papers.du2019.tables:tables_job"),
        Job("du2019_claims", "overparam.papers.du2019.claims:claims_job"),
        Job("du2019_plot_fig1", "overparam.papers.du2019.plots:plot_fig1_job"),
        Job("du2019_plot_supp1", "overparam.papers.du2019.plots:plot_supp1_job"),
        Job("du2019_sensitivity", "overparam.papers.du2019.compute_sensitivity:sensitivity", gpu=True),
    ),
)
