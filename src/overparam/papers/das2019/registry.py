"""Das & Golikov 2019 in the registry: its supplementary figures (the paper has none), panel tables and jobs."""
from ...registry import Figure, Job, Paper, Panel

PACKAGE = "overparam.papers.das2019"

PAPER = Paper(
    name="das2019",
    citation="Das, Golikov. Optimization of overparameterized two-layer networks (v2). 2019",
    figures=(
        Figure("das2019-supp1", (
            Panel("das2019-supp1a", ('n', 'activation', 'method', 'lambda0')),
            Panel("das2019-supp1b", ('n', 'series', 'width')),
        ), supplementary=True),
        Figure("das2019-supp2", (
            Panel("das2019-supp2a", ('m', 'seed', 't', 'ratio', 'envelope', 'asymptote', 'flow', 'diverged_at')),
            Panel("das2019-supp2b", ('m', 'seed', 't', 'lmin_over_lambda0', 'diverged_at')),
            Panel("das2019-supp2c", ('eta_scale', 'seed', 't', 'ratio', 'diverged_at')),
            Panel("das2019-supp2d", ('dataset', 'm', 'seed', 't', 'ratio', 'envelope', 'lmin_over_lambda0', 'diverged_at')),
        ), supplementary=True),
        Figure("das2019-supp3", (
            Panel("das2019-supp3a", ('dataset', 'm', 'seed', 'value', 'bound_printed', 'bound_corrected', 'diverged_at')),
            Panel("das2019-supp3b", ('dataset', 'm', 'seed', 'value', 'ntk', 'bound_printed', 'radius', 'diverged_at')),
            Panel("das2019-supp3c", ('dataset', 'm', 'seed', 'value', 'bound_printed', 'bound_e3', 'diverged_at')),
            Panel("das2019-supp3d", ('dataset', 'm', 'seed', 'value', 'bound', 'diverged_at')),
            Panel("das2019-supp3e", ('dataset', 'm', 'seed', 'value', 'diverged_at')),
        ), supplementary=True),
        Figure("das2019-supp4", (
            Panel("das2019-supp4a", ('dataset', 'activation', 'index', 'eigenvalue', 'is_exact_zero')),
            Panel("das2019-supp4b", ('dataset', 'm', 'seed', 'step', 't', 'loss', 'L_inf', 'excess', 'diverged_at')),
            Panel("das2019-supp4c", ('m', 'seed', 'step', 't', 'abs_alpha_u', 'diverged_at')),
        ), supplementary=True),
    ),
    claim_files=("das2019",),
    jobs=(
        Job("das2019_compute", f"{PACKAGE}.compute:compute", gpu=True),
        Job("das2019_counterexample", f"{PACKAGE}.compute:counterexample_job", gpu=True),
        Job("das2019_tables", f"{PACKAGE}.tables:tables_job"),
        Job("das2019_claims", f"{PACKAGE}.claims:claims_job"),
        Job("das2019_plots", f"{PACKAGE}.plots:plots_job"),
    ),
)
