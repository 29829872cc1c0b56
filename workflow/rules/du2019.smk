# Du, Zhai, Poczos, Singh (ICLR 2019): Figure 1 (a-c) and supplementary du2019-supp1.
# One training job for all seeds and widths (one batched tensor op per GD step); it writes one run
# file per seed. Tables, claims and plots only read those files.

DU = config["du2019"]
DU_PANEL_TABLES = ["du2019-fig1a", "du2019-fig1b", "du2019-fig1c", "du2019-supp1a", "du2019-supp1b"]
FIGURE_IDS += ["du2019-fig1", "du2019-supp1"]
CLAIM_FILES.append(f"{RESULTS}/claims/du2019.csv")


DU_RUNS = expand(f"{RESULTS}/du2019/train/seed{{seed}}.npz", seed=range(DU["seeds"]))


rule du2019_train:
    output:
        DU_RUNS,
    log:
        f"{LOGS}/du2019_train.log",
    benchmark:
        f"{BENCHMARKS}/du2019_train.tsv"
    params:
        cfg=DU,
        device=config["device"],
    threads: 8
    resources:
        gpu=1,
    script:
        "../scripts/du2019_train.py"


rule du2019_tables:
    input:
        DU_RUNS,
    output:
        [f"{RESULTS}/{panel}.csv" for panel in DU_PANEL_TABLES],
    log:
        f"{LOGS}/du2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/du2019_tables.tsv"
    params:
        cfg=DU,
        panels=DU_PANEL_TABLES,
    script:
        "../scripts/du2019_tables.py"


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
        cfg=DU,
        profile=PROFILE,
    script:
        "../scripts/du2019_claims.py"


rule du2019_plot_fig1:
    input:
        loss=f"{RESULTS}/du2019-fig1a.csv",
        patterns=f"{RESULTS}/du2019-fig1b.csv",
        distance=f"{RESULTS}/du2019-fig1c.csv",
    output:
        png=report(f"{FIGURES}/du2019-fig1.png", caption="../report/du2019-fig1.rst", category="Du et al. 2019"),
        pdf=f"{FIGURES}/du2019-fig1.pdf",
    log:
        f"{LOGS}/du2019_plot_fig1.log",
    benchmark:
        f"{BENCHMARKS}/du2019_plot_fig1.tsv"
    params:
        cfg=DU,
        profile=PROFILE,
    script:
        "../scripts/du2019_plot_fig1.py"


rule du2019_plot_supp1:
    input:
        curves=f"{RESULTS}/du2019-supp1a.csv",
        rho=f"{RESULTS}/du2019-supp1b.csv",
    output:
        png=report(f"{FIGURES}/du2019-supp1.png", caption="../report/du2019-supp1.rst", category="Du et al. 2019"),
        pdf=f"{FIGURES}/du2019-supp1.pdf",
    log:
        f"{LOGS}/du2019_plot_supp1.log",
    benchmark:
        f"{BENCHMARKS}/du2019_plot_supp1.tsv"
    params:
        cfg=DU,
        profile=PROFILE,
    script:
        "../scripts/du2019_plot_supp1.py"
