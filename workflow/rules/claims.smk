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


# With keep-going, a failed job (offline CIFAR-10) leaves the claims rule unrun: the claims table then
# aggregates what was built, with one NOT BUILT row per missing claim file, and the run ends by saying
# what to do about CIFAR-10 when that was the cause.
def write_partial_claims():
    import pandas as pd

    from overparam.claims import aggregate, not_built_row, summary
    from overparam.io import write_csv

    if not any(Path(path).exists() for path in CLAIM_FILES):
        return
    frames = [pd.read_csv(path) if Path(path).exists()
              else not_built_row(path, "a job it needs failed (see the log above)", PROFILE)
              for path in CLAIM_FILES]
    table = aggregate(frames)
    write_csv(table, f"{RESULTS}/claims.csv")
    print(f"Partial claims table {RESULTS}/claims.csv: {summary(table)}.", file=sys.stderr)


def report_cifar10():
    data_log = Path(f"{LOGS}/panigrahi2020_fig2_data.log")
    if config["cifar10_source"] == "download" and not Path(f"{RESULTS}/panigrahi2020/fig2/images.npz").exists() \
            and data_log.exists():
        lines = [line for line in data_log.read_text().splitlines() if line.startswith("CIFAR-10 UNAVAILABLE")]
        if lines:
            print("\nPanigrahi et al. Figure 2 was not built; every other figure was.\n" + lines[-1], file=sys.stderr)


onerror:
    write_partial_claims()
    report_cifar10()
