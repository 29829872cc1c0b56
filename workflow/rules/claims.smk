# The claims table: every per-paper claim file of the profile, stacked.
# Included last, after every paper has registered its claim files.


# Tiny, and it reads every claim file: on a cluster it runs where Snakemake runs, not as a queued job.
localrules:
    claims,


rule claims:
    input:
        CLAIM_FILES,
    output:
        f"{RESULTS}/claims.csv",
    log:
        f"{LOGS}/claims.log",
    benchmark:
        f"{BENCHMARKS}/claims.tsv"
    params:
        **job_params("claims"),
    script:
        "../scripts/run_job.py"


# A failed job (offline CIFAR-10): write the claims table and the report pages of what was built (common.smk).
onerror:
    write_partial_claims()
    write_partial_report_pages()
    report_cifar10()
