# Das & Golikov (2019): supplementary figures das2019-supp1 ... supp4 (the paper has no figures).
# Compute rules (torch, one thread each: the spec measured 1 thread 15x faster than 2 for these small problems)
# write run files; one tables rule turns them into the panel CSVs, one claims rule checks the paper's claims and
# the errata; the plot rules read only the CSVs. The tables, claims and plot jobs never import torch.

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
FIGURE_IDS += list(DAS_PANELS)
CLAIM_FILES.append(f"{RESULTS}/claims/das2019.csv")


def das_panel_tables(figure_id):
    return [f"{RESULTS}/{figure_id}{p}.csv" for p in DAS_PANELS[figure_id]]


rule das2019_supp1_compute:
    output:
        DAS_RUNS["supp1"],
    log:
        f"{LOGS}/das2019_supp1_compute.log",
    benchmark:
        f"{BENCHMARKS}/das2019_supp1_compute.tsv"
    params:
        cfg=DAS,
        device=config["device"],
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/das2019_supp1_compute.py"


rule das2019_train:
    output:
        f"{RESULTS}/das2019/train_{{dataset}}.npz",
    log:
        f"{LOGS}/das2019_train/{{dataset}}.log",
    benchmark:
        f"{BENCHMARKS}/das2019_train/{{dataset}}.tsv"
    params:
        cfg=DAS,
        device=config["device"],
    wildcard_constraints:
        dataset="|".join(DAS_DATASETS),
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/das2019_train.py"


rule das2019_counterexample:
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


rule das2019_plot_supp1:
    input:
        das_panel_tables("das2019-supp1"),
    output:
        png=report(f"{FIGURES}/das2019-supp1.png", caption="../report/das2019-supp1.rst", category="Das & Golikov 2019"),
        pdf=f"{FIGURES}/das2019-supp1.pdf",
    log:
        f"{LOGS}/das2019_plot_supp1.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plot_supp1.tsv"
    params:
        cfg=DAS,
        profile=PROFILE,
    script:
        "../scripts/das2019_plot_supp1.py"


rule das2019_plot_supp2:
    input:
        das_panel_tables("das2019-supp2"),
    output:
        png=report(f"{FIGURES}/das2019-supp2.png", caption="../report/das2019-supp2.rst", category="Das & Golikov 2019"),
        pdf=f"{FIGURES}/das2019-supp2.pdf",
    log:
        f"{LOGS}/das2019_plot_supp2.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plot_supp2.tsv"
    params:
        cfg=DAS,
        profile=PROFILE,
    script:
        "../scripts/das2019_plot_supp2.py"


rule das2019_plot_supp3:
    input:
        das_panel_tables("das2019-supp3"),
    output:
        png=report(f"{FIGURES}/das2019-supp3.png", caption="../report/das2019-supp3.rst", category="Das & Golikov 2019"),
        pdf=f"{FIGURES}/das2019-supp3.pdf",
    log:
        f"{LOGS}/das2019_plot_supp3.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plot_supp3.tsv"
    params:
        cfg=DAS,
        profile=PROFILE,
    script:
        "../scripts/das2019_plot_supp3.py"


rule das2019_plot_supp4:
    input:
        das_panel_tables("das2019-supp4"),
    output:
        png=report(f"{FIGURES}/das2019-supp4.png", caption="../report/das2019-supp4.rst", category="Das & Golikov 2019"),
        pdf=f"{FIGURES}/das2019-supp4.pdf",
    log:
        f"{LOGS}/das2019_plot_supp4.log",
    benchmark:
        f"{BENCHMARKS}/das2019_plot_supp4.tsv"
    params:
        cfg=DAS,
        profile=PROFILE,
    script:
        "../scripts/das2019_plot_supp4.py"
