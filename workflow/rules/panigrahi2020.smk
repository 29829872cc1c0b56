# Panigrahi, Shetty, Goyal (ICLR 2020): Figure 1 (a-d) on synthetic circle data.
# Compute: one training job and one spectra job per n. Tables, claims and the plot only read their files.

PAN1 = config["panigrahi2020"]["fig1"] | {"seed": config["panigrahi2020"]["seed"]}
PAN1_NS = sorted(PAN1["ns"])
PAN1_PANELS = ["panigrahi2020-fig1a", "panigrahi2020-fig1b", "panigrahi2020-fig1c", "panigrahi2020-fig1d"]
PAN1_TRAIN = expand(f"{RESULTS}/panigrahi2020/fig1/train_n{{n}}.npz", n=PAN1_NS)
PAN1_SPECTRA = expand(f"{RESULTS}/panigrahi2020/fig1/spectra_n{{n}}.npz", n=PAN1_NS)
FIGURE_IDS.append("panigrahi2020-fig1")
CLAIM_FILES.append(f"{RESULTS}/claims/panigrahi2020-fig1.csv")


rule panigrahi2020_fig1_train:
    output:
        f"{RESULTS}/panigrahi2020/fig1/train_n{{n}}.npz",
    log:
        f"{LOGS}/panigrahi2020_fig1_train/n{{n}}.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig1_train/n{{n}}.tsv"
    params:
        cfg=PAN1,
        device=config["device"],
    wildcard_constraints:
        n=r"\d+",
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/panigrahi2020_fig1_train.py"


rule panigrahi2020_fig1_spectra:
    output:
        f"{RESULTS}/panigrahi2020/fig1/spectra_n{{n}}.npz",
    log:
        f"{LOGS}/panigrahi2020_fig1_spectra/n{{n}}.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig1_spectra/n{{n}}.tsv"
    params:
        cfg=PAN1,
        device=config["device"],
    wildcard_constraints:
        n=r"\d+",
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/panigrahi2020_fig1_spectra.py"


rule panigrahi2020_fig1_tables:
    input:
        train=PAN1_TRAIN,
        spectra=PAN1_SPECTRA,
    output:
        [f"{RESULTS}/{panel}.csv" for panel in PAN1_PANELS],
    log:
        f"{LOGS}/panigrahi2020_fig1_tables.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig1_tables.tsv"
    params:
        cfg=PAN1,
        ns=PAN1_NS,
        panels=PAN1_PANELS,
    script:
        "../scripts/panigrahi2020_fig1_tables.py"


rule panigrahi2020_fig1_claims:
    input:
        train=PAN1_TRAIN,
        spectra=PAN1_SPECTRA,
    output:
        f"{RESULTS}/claims/panigrahi2020-fig1.csv",
    log:
        f"{LOGS}/panigrahi2020_fig1_claims.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig1_claims.tsv"
    params:
        cfg=PAN1,
        ns=PAN1_NS,
        profile=PROFILE,
    script:
        "../scripts/panigrahi2020_fig1_claims.py"


rule panigrahi2020_plot_fig1:
    input:
        [f"{RESULTS}/{panel}.csv" for panel in PAN1_PANELS],
    output:
        png=report(f"{FIGURES}/panigrahi2020-fig1.png", caption="../report/panigrahi2020-fig1.rst",
                   category="Panigrahi et al. 2020"),
        pdf=f"{FIGURES}/panigrahi2020-fig1.pdf",
    log:
        f"{LOGS}/panigrahi2020_plot_fig1.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_plot_fig1.tsv"
    params:
        cfg=PAN1,
        panels=PAN1_PANELS,
        profile=PROFILE,
    script:
        "../scripts/panigrahi2020_plot_fig1.py"
