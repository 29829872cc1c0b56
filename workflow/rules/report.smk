# Pages of Snakemake's report beside the figures: the claims scorecard, the provenance of every result
# table and the deviations page (docs/deviations.rst). `snakemake --report report.html` collects them.

localrules:
    report_pages,  # tiny, reads every result table's provenance: no queued cluster job


rule report_pages:
    input:
        claims=f"{RESULTS}/claims.csv",
        deviations="docs/deviations.rst",
        figures=[path for figure_id in FIGURE_IDS for path in figure_files(figure_id)],
    output:
        claims=report(REPORT_PAGES["claims"], caption="../report/claims.rst", category="Claims and provenance"),
        provenance=report(REPORT_PAGES["provenance"], caption="../report/provenance.rst",
                          category="Claims and provenance"),
        deviations=report(REPORT_PAGES["deviations"], caption="../report/deviations.rst",
                          category="Claims and provenance"),
    log:
        f"{LOGS}/report_pages.log",
    benchmark:
        f"{BENCHMARKS}/report_pages.tsv"
    params:
        **job_params("report_pages"),
    script:
        "../scripts/run_job.py"
