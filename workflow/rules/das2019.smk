# Das & Golikov (2019): supplementary figures das2019-supp1 ... supp4 (the paper has no figures).
# Compute rules (torch, one thread each: the spec measured 1 thread 15x faster than 2 for these small problems)
# write run files; one tables rule turns them into the panel CSVs, one claims rule checks the paper's claims and
# the errata; one plot rule draws the four figures from the CSVs only (a cosmetic change re-renders them in
# seconds, never retrains). The tables, claims and plot jobs never import torch. Few, larger jobs (two compute jobs
# of similar cost, five jobs in all): each Python start-up costs 3-5 s of CPU, which on 2 cores is most of the
# smoke profile's time.

DAS = config["das2019"]
DAS_PANELS = {
    "das2019-supp1": ["a", "b"],
    "das2019-supp2": ["a", "b", "c", "d"],
    "das2019-supp3": ["a", "b", "c", "d", "e"],
    "das2019-supp4": ["a", "b", "c"],
}
DAS_TABLES = [f"{RESULTS}/{fig}{p}.csv" for fig, panels in DAS_PANELS.items() for p in panels]
DAS_DATASETS = ["ref", "tiny"]
DAS_RUNS = {
    "supp1": f"{RESULTS}/das2019/supp1.npz",
    "train": expand(f"{RESULTS}/das2019/train_{{dataset}}.npz", dataset=DAS_DATASETS),
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
    params:
        cfg=DAS,
        datasets=DAS_DATASETS,
        device=config["device"],
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/das2019_compute.py"


rule das2019_counterexample:
    # supp4: spectra of H^inf on the antipodal data, GD on A (6e4 steps: its slow mode), B and B'.
    output:
        DAS_RUNS["counterexample"],
    log:
        f"{LOGS}/das2019_counterexample.log",
    benchmark:
        f"{BENCHMARKS}/das2019_counterexample.tsv"
    params:
        cfg=DAS,
        device=config["device"],
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/das2019_counterexample.py"


rule das2019_tables:
    input:
        **DAS_RUNS,
    output:
        DAS_TABLES,
    log:
        f"{LOGS}/das2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/das2019_tables.tsv"
    params:
        cfg=DAS,
        datasets=DAS_DATASETS,
    script:
        "../scripts/das2019_tables.py"


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
        cfg=DAS,
        datasets=DAS_DATASETS,
        profile=PROFILE,
    script:
        "../scripts/das2019_claims.py"


rule das2019_plots:
    input:
        DAS_TABLES,
    output:
        **{
            f"{fig.split('-')[1]}_png": report(
                f"{FIGURES}/{fig}.png", caption=f"../report/{fig}.rst", category="Das & Golikov 2019"
            )
            for fig in DAS_PANELS
        },
        **{f"{fig.split('-')[1]}_pdf": f"{FIGURES}/{fig}.pdf" for fig in DAS_PANELS},
    log:
        f"{LOGS}/das2019_plots.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plots.tsv"
    params:
        cfg=DAS,
        figures=list(DAS_PANELS),
        profile=PROFILE,
    script:
        "../scripts/das2019_plots.py"
