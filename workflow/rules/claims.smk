# The claims table: every per-paper claim file of the profile, stacked.
# Included last, after every paper has registered its claim files.


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
        profile=PROFILE,
    script:
        "../scripts/claims_table.py"
