# Oymak & Soltanolkotabi (2019): Figure 1 (diagram, no data) and Figure 2 (a-d) phase transitions.
# One compute job per (activation, n) panel: one thread and one process per core on CPU (the spec's
# measured setting), the whole panel in one padded batch on a GPU.

OY = config["oymak2019"]
OY_ACTS = [a["name"] for a in OY["activations"]]
OY_NS = sorted(OY["ns"])
OY_PANELS = {(a, n): f"oymak2019-fig2{letter}" for (a, n), letter in zip(
    [(a, n) for a in OY_ACTS for n in OY_NS], "abcd")}
OY_TRIALS = [f"{RESULTS}/oymak2019/trials_{a}_n{n}.csv" for a, n in OY_PANELS]
OY_CELLS = [f"{RESULTS}/{panel}.csv" for panel in OY_PANELS.values()]


rule oymak2019_phase_transition:
    output:
        f"{RESULTS}/oymak2019/trials_{{activation}}_n{{n}}.csv",
    log:
        f"{LOGS}/oymak2019_phase_transition/{{activation}}_n{{n}}.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_phase_transition/{{activation}}_n{{n}}.tsv"
    params:
        cfg=OY,
        device=config["device"],
    wildcard_constraints:
        activation="|".join(OY_ACTS),
        n=r"\d+",
    threads: 1
    resources:
        gpu=1,
    script:
        "../scripts/oymak2019_phase_transition.py"


rule oymak2019_tables:
    input:
        OY_TRIALS,
    output:
        OY_CELLS,
    log:
        f"{LOGS}/oymak2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_tables.tsv"
    script:
        "../scripts/oymak2019_tables.py"


rule oymak2019_claims:
    input:
        OY_CELLS,
    output:
        f"{RESULTS}/claims/oymak2019-fig2.csv",
    log:
        f"{LOGS}/oymak2019_claims.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_claims.tsv"
    params:
        cfg=OY,
        panel_keys=list(OY_PANELS),
        profile=PROFILE,
    script:
        "../scripts/oymak2019_claims.py"


rule oymak2019_plot_fig2:
    input:
        OY_CELLS,
    output:
        png=report(f"{FIGURES}/oymak2019-fig2.png", caption="../report/oymak2019-fig2.rst",
                   category="Oymak & Soltanolkotabi 2019"),
        pdf=f"{FIGURES}/oymak2019-fig2.pdf",
    log:
        f"{LOGS}/oymak2019_plot_fig2.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_plot_fig2.tsv"
    params:
        cfg=OY,
        panels=list(OY_PANELS.values()),
        profile=PROFILE,
    script:
        "../scripts/oymak2019_plot_fig2.py"


rule oymak2019_plot_fig1:
    output:
        png=report(f"{FIGURES}/oymak2019-fig1.png", caption="../report/oymak2019-fig1.rst",
                   category="Oymak & Soltanolkotabi 2019"),
        pdf=f"{FIGURES}/oymak2019-fig1.pdf",
    log:
        f"{LOGS}/oymak2019_plot_fig1.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_plot_fig1.tsv"
    params:
        profile=PROFILE,
    script:
        "../scripts/oymak2019_plot_fig1.py"
