# Panigrahi, Shetty, Goyal (ICLR 2020): Figure 1 (a-d) on synthetic circle data.
# Compute: one training job and one spectra job per n. Tables, claims and the plot only read their files.

PAN1 = config["panigrahi2020"]["fig1"] | {"seed": config["panigrahi2020"]["seed"]}
PAN1_NS = sorted(PAN1["ns"])
PAN1_PANELS = ["panigrahi2020-fig1a", "panigrahi2020-fig1b", "panigrahi2020-fig1c", "panigrahi2020-fig1d"]
PAN1_TRAIN = expand(f"{RESULTS}/panigrahi2020/fig1/train_n{{n}}.npz", n=PAN1_NS)
PAN1_SPECTRA = expand(f"{RESULTS}/panigrahi2020/fig1/spectra_n{{n}}.npz", n=PAN1_NS)


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


# ---------------------------------------------------------------- Figure 2: CIFAR-10 (or the labelled stand-in)
# The data rule is the only one that needs CIFAR-10; offline it fails with a message saying what to do and,
# with keep-going (profiles/default), every other figure still builds. cifar10_source=synthetic runs offline.

PAN2 = config["panigrahi2020"]["fig2"]
PAN2_SEED = config["panigrahi2020"]["seed"]
PAN2_DIR = f"{RESULTS}/panigrahi2020/fig2"
PAN2_PANELS = ["panigrahi2020-fig2a", "panigrahi2020-fig2b", "panigrahi2020-fig2c", "panigrahi2020-fig2d"]
PAN2_COMPUTE = {"geometry": f"{PAN2_DIR}/geometry.npz", "spectra": f"{PAN2_DIR}/spectra.npz",
                "train": f"{PAN2_DIR}/train.npz"}


# On a cluster the download runs where Snakemake runs (compute nodes often have no network).
localrules:
    panigrahi2020_fig2_data,


rule panigrahi2020_fig2_data:
    output:
        f"{PAN2_DIR}/images.npz",
    log:
        f"{LOGS}/panigrahi2020_fig2_data.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig2_data.tsv"
    params:
        source=config["cifar10_source"],
        root=config["cifar10_root"],
        images=PAN2["images"],
        subset_seed=PAN2["subset_seed"],
    script:
        "../scripts/panigrahi2020_fig2_data.py"


rule panigrahi2020_fig2_compute:
    input:
        f"{PAN2_DIR}/images.npz",
    output:
        f"{PAN2_DIR}/{{part}}.npz",
    log:
        f"{LOGS}/panigrahi2020_fig2_{{part}}.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig2_{{part}}.tsv"
    params:
        cfg=PAN2,
        seed=PAN2_SEED,
        device=config["device"],
    wildcard_constraints:
        part="geometry|spectra|train",
    threads: 2
    resources:
        gpu=1,
    script:
        "../scripts/panigrahi2020_fig2_compute.py"


rule panigrahi2020_fig2_tables:
    input:
        **PAN2_COMPUTE,
    output:
        [f"{RESULTS}/{panel}.csv" for panel in PAN2_PANELS],
    log:
        f"{LOGS}/panigrahi2020_fig2_tables.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig2_tables.tsv"
    params:
        panels=PAN2_PANELS,
    script:
        "../scripts/panigrahi2020_fig2_tables.py"


rule panigrahi2020_fig2_claims:
    input:
        **PAN2_COMPUTE,
    output:
        f"{RESULTS}/claims/panigrahi2020-fig2.csv",
    log:
        f"{LOGS}/panigrahi2020_fig2_claims.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_fig2_claims.tsv"
    params:
        cfg=PAN2,
        source=config["cifar10_source"],
        profile=PROFILE,
    script:
        "../scripts/panigrahi2020_fig2_claims.py"


rule panigrahi2020_plot_fig2:
    input:
        [f"{RESULTS}/{panel}.csv" for panel in PAN2_PANELS],
    output:
        png=report(f"{FIGURES}/panigrahi2020-fig2.png", caption="../report/panigrahi2020-fig2.rst",
                   category="Panigrahi et al. 2020"),
        pdf=f"{FIGURES}/panigrahi2020-fig2.pdf",
    log:
        f"{LOGS}/panigrahi2020_plot_fig2.log",
    benchmark:
        f"{BENCHMARKS}/panigrahi2020_plot_fig2.tsv"
    params:
        cfg=PAN2,
        source=config["cifar10_source"],
        panels=PAN2_PANELS,
        profile=PROFILE,
    script:
        "../scripts/panigrahi2020_plot_fig2.py"
