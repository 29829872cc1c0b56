# Das & Golikov (2019): supplementary figures das2019-supp1 ... supp4 (the paper has no figures).
# Compute rules (torch, one thread each: the spec measured 1 thread 15x faster than 2 for these small problems)
# write run files; one tables rule turns them into the panel CSVs, one claims rule checks the paper's claims and
# the errata; one plot rule draws the four figures from the CSVs only (a cosmetic change re-renders them in
# seconds, never retrains). The tables, claims and plot jobs never import torch. Few, larger jobs (two compute jobs
# of similar cost, five jobs in all): each Python start-up costs 3-5 s of CPU, which on 2 cores is most of the
# smoke profile's time. Each rule runs the library function that the registry names for it
# (overparam/papers/das2019/registry.py).

DAS_FIGURES = ["das2019-supp1", "das2019-supp2", "das2019-supp3", "das2019-supp4"]
DAS_RUNS = {
    "supp1": f"{RESULTS}/das2019/supp1.npz",
    # one run file per data set, in the order of overparam.papers.das2019.settings.DATASETS
    "train": expand(f"{RESULTS}/das2019/train_{{dataset}}.npz", dataset=["ref", "tiny"]),
    "counterexample": f"{RESULTS}/das2019/counterexample.npz",
}


rule das2019_compute:
    # supp1 (lambda0(n), m_B*, m_GD*) and the supp2/supp3 runs on D_ref and D_tiny: ~20 s in quick, balanced
    # against das2019_counterexample so that the two run side by side on 2 cores.
    output:
        supp1=DAS_RUNS["supp1"],
        train=DAS_RUNS["train"],
    log:
        f"{LOGS}/das2019_compute.log",
    benchmark:
        f"{BENCHMARKS}/das2019_compute.tsv"
    threads: 1
    resources:
        gpu=1,
    params:
        **job_params("das2019_compute"),
    script:
        "../scripts/run_job.py"


rule das2019_counterexample:
    # supp4: spectra of H^inf on the antipodal data, GD on A (6e4 steps: its slow mode), B and B'.
    output:
        DAS_RUNS["counterexample"],
    log:
        f"{LOGS}/das2019_counterexample.log",
    benchmark:
        f"{BENCHMARKS}/das2019_counterexample.tsv"
    threads: 1
    resources:
        gpu=1,
    params:
        **job_params("das2019_counterexample"),
    script:
        "../scripts/run_job.py"


rule das2019_tables:
    input:
        **DAS_RUNS,
    output:
        panel_csvs(*DAS_FIGURES),
    log:
        f"{LOGS}/das2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/das2019_tables.tsv"
    params:
        **job_params("das2019_tables"),
    script:
        "../scripts/run_job.py"


rule das2019_claims:
    input:
        **DAS_RUNS,
    output:
        f"{RESULTS}/claims/das2019.csv",
    log:
        f"{LOGS}/das2019_claims.log",
    benchmark:
        f"{BENCHMARKS}/das2019_claims.tsv"
    params:
        **job_params("das2019_claims"),
    script:
        "../scripts/run_job.py"


rule das2019_plots:
    input:
        panel_csvs(*DAS_FIGURES),
    output:
        **{f"{fig.split('-')[1]}_png": figure_report(fig, category="Das & Golikov 2019") for fig in DAS_FIGURES},
        **{f"{fig.split('-')[1]}_pdf": f"{FIGURES}/{fig}.pdf" for fig in DAS_FIGURES},
    log:
        f"{LOGS}/das2019_plots.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plots.tsv"
    params:
        **job_params("das2019_plots"),
    script:
        "../scripts/run_job.py"
