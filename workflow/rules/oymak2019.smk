# Oymak & Soltanolkotabi (2019): Figure 1 (diagram, no data) and Figure 2 (a-d) phase transitions.
# One compute job per (activation, n) panel: one thread and one process per core on CPU (the spec's
# measured setting), the whole panel in one padded batch on a GPU. Each rule runs the library function
# that the registry names for it (overparam/papers/oymak2019/registry.py).

OY = config["oymak2019"]
OY_ACTS = [a["name"] for a in OY["activations"]]
# In the panels' order (a, b, c, d): activations, then n ascending, as panel_csvs("oymak2019-fig2").
OY_TRIALS = [f"{RESULTS}/oymak2019/trials_{a}_n{n}.csv" for a in OY_ACTS for n in sorted(OY["ns"])]


rule oymak2019_phase_transition:
    output:
        f"{RESULTS}/oymak2019/trials_{{activation}}_n{{n}}.csv",
    log:
        f"{LOGS}/oymak2019_phase_transition/{{activation}}_n{{n}}.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_phase_transition/{{activation}}_n{{n}}.tsv"
    wildcard_constraints:
        activation="|".join(OY_ACTS),
        n=r"\d+",
    threads: 1
    resources:
        gpu=1,
    params:
        **job_params("oymak2019_phase_transition"),
    script:
        "../scripts/run_job.py"


rule oymak2019_tables:
    input:
        OY_TRIALS,
    output:
        panel_csvs("oymak2019-fig2"),
    log:
        f"{LOGS}/oymak2019_tables.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_tables.tsv"
    params:
        **job_params("oymak2019_tables"),
    script:
        "../scripts/run_job.py"


rule oymak2019_claims:
    input:
        panel_csvs("oymak2019-fig2"),
    output:
        f"{RESULTS}/claims/oymak2019-fig2.csv",
    log:
        f"{LOGS}/oymak2019_claims.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_claims.tsv"
    params:
        **job_params("oymak2019_claims"),
    script:
        "../scripts/run_job.py"


rule oymak2019_plot_fig2:
    input:
        panel_csvs("oymak2019-fig2"),
    output:
        png=figure_report("oymak2019-fig2", category="Oymak & Soltanolkotabi 2019"),
        pdf=f"{FIGURES}/oymak2019-fig2.pdf",
    log:
        f"{LOGS}/oymak2019_plot_fig2.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_plot_fig2.tsv"
    params:
        **job_params("oymak2019_plot_fig2"),
    script:
        "../scripts/run_job.py"


rule oymak2019_plot_fig1:
    output:
        png=figure_report("oymak2019-fig1", category="Oymak & Soltanolkotabi 2019"),
        pdf=f"{FIGURES}/oymak2019-fig1.pdf",
    log:
        f"{LOGS}/oymak2019_plot_fig1.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_plot_fig1.tsv"
    params:
        **job_params("oymak2019_plot_fig1"),
    script:
        "../scripts/run_job.py"


# The paper claims under the other reading of the loss scale (overparam.sensitivity).
# No input: the default reading's verdicts are the ledger's, joined in by rule sensitivity (claims.smk).
rule oymak2019_sensitivity:
    output:
        f"{RESULTS}/sensitivity/oymak2019.csv",
    log:
        f"{LOGS}/oymak2019_sensitivity.log",
    benchmark:
        f"{BENCHMARKS}/oymak2019_sensitivity.tsv"
    threads: 1
    resources:
        gpu=1,
    params:
        **job_params("oymak2019_sensitivity"),
    script:
        "../scripts/run_job.py"
