# Du, Zhai, Poczos, Singh (ICLR 2019): Figure 1 (a-c) and supplementary du2019-supp1.
# One training job for all seeds and widths (one batched tensor op per GD step); it writes one run
# file per seed. Tables, claims and plots only read those files. Each rule runs the library function
# that the registry names for it (overparam/papers/du2019/registry.py).

DU_RUNS = expand(f"{RESULTS}/du2019/train/seed{{seed}}.npz", seed=range(config["du2019"]["seeds"]))


rule du2019_train:
    output:
        DU_RUNS,
    log:
        f"{LOGS}/du2019_train.log",
    benchmark:
        f"{BENCHMARKS}/du2019_train.tsv"
    threads: 8
    resources:
        gpu=1,
    params:
        **job_params("du2019_train"),
    script:
        "../scripts/run_job.py"


rule du2019_tables:
    input:
        DU_RUNS,
    output:
        panel_csvs("du2019-fig1", "du2019-supp1"),
    log:
        f"{LOGS}/du2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/du2019_tables.tsv"
    params:
        **job_params("du2019_tables"),
    script:
        "../scripts/run_job.py"


rule du2019_claims:
    input:
        DU_RUNS,
    output:
        f"{RESULTS}/claims/du2019.csv",
    log:
        f"{LOGS}/du2019_claims.log",
    benchmark:
        f"{BENCHMARKS}/du2019_claims.tsv"
    params:
        **job_params("du2019_claims"),
    script:
        "../scripts/run_job.py"


rule du2019_plot_fig1:
    input:
        panel_csvs("du2019-fig1"),
    output:
        png=figure_report("du2019-fig1", category="Du et al. 2019"),
        pdf=f"{FIGURES}/du2019-fig1.pdf",
    log:
        f"{LOGS}/du2019_plot_fig1.log",
    benchmark:
        f"{BENCHMARKS}/du2019_plot_fig1.tsv"
    params:
        **job_params("du2019_plot_fig1"),
    script:
        "../scripts/run_job.py"


rule du2019_plot_supp1:
    input:
        panel_csvs("du2019-supp1"),
    output:
        png=figure_report("du2019-supp1", category="Du et al. 2019"),
        pdf=f"{FIGURES}/du2019-supp1.pdf",
    log:
        f"{LOGS}/du2019_plot_supp1.log",
    benchmark:
        f"{BENCHMARKS}/du2019_plot_supp1.tsv"
    params:
        **job_params("du2019_plot_supp1"),
    script:
        "../scripts/run_job.py"


# The paper claims under other readings of eta, the widths and the output weights (overparam.sensitivity).
# No input: the default reading's verdicts are the ledger's, joined in by rule sensitivity (claims.smk).
rule du2019_sensitivity:
    output:
        f"{RESULTS}/sensitivity/du2019.csv",
    log:
        f"{LOGS}/du2019_sensitivity.log",
    benchmark:
        f"{BENCHMARKS}/du2019_sensitivity.tsv"
    threads: 8
    resources:
        gpu=1,
    params:
        **job_params("du2019_sensitivity"),
    script:
        "../scripts/run_job.py"
