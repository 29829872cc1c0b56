# The report's pages (overparam.report_pages): its front page (the claims scorecard), each figure's caption
# (written from the figure's own run record), the claims ledger, provenance and deviations pages.
# `snakemake --report report.html` collects them; after a failed run the onerror handler writes them.


localrules:
    report_pages,  # tiny, reads every result table's provenance: no queued cluster job


rule report_pages:
    input:
        claims=f"{RESULTS}/claims.csv",
        deviations="docs/deviations.rst",
        figures=[path for figure_id in FIGURE_IDS for path in figure_files(figure_id)],
        captions=[f"workflow/report/{figure_id}.rst" for figure_id in FIGURE_IDS],
    output:
        claims=report_item(REPORT_PAGES["claims"], "workflow/report/claims.rst", "Claims and provenance"),
        provenance=report_item(
            REPORT_PAGES["provenance"],
            "workflow/report/provenance.rst",
            "Claims and provenance",
        ),
        deviations=report_item(
            REPORT_PAGES["deviations"],
            "workflow/report/deviations.rst",
            "Claims and provenance",
        ),
        front=REPORT_FRONT,
        captions=REPORT_CAPTIONS,
    log:
        f"{LOGS}/report_pages.log",
    benchmark:
        f"{BENCHMARKS}/report_pages.tsv"
    params:
        **job_params("report_pages"),
    script:
        "../scripts/run_job.py"
