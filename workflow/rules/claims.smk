# The claims table: every per-paper claim file of the profile, stacked, with each paper row's robustness to the
# readings of the sensitivity table (the papers' sensitivity files, stacked, each default reading given the
# ledger's verdict from the claim files, and their figure). The papers' sensitivity jobs read no claim file, so
# they run beside the main runs.
# Included last, after every paper has registered its claim and sensitivity files.


# Tiny, and they read every claim (sensitivity) file: on a cluster they run where Snakemake runs, not queued.
localrules:
    claims,
    sensitivity,


rule sensitivity:
    input:
        readings=SENSITIVITY_FILES,
        claims=CLAIM_FILES,
    output:
        csv=f"{RESULTS}/sensitivity.csv",
        png=f"{FIGURES}/sensitivity.png",
    log:
        f"{LOGS}/sensitivity.log",
    benchmark:
        f"{BENCHMARKS}/sensitivity.tsv"
    params:
        **job_params("sensitivity"),
    script:
        "../scripts/run_job.py"


rule claims:
    input:
        claims=CLAIM_FILES,
        sensitivity=f"{RESULTS}/sensitivity.csv",
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
