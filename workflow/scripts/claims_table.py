# Aggregate the per-figure claim files into results/{profile}/claims.csv.
import sys

import pandas as pd

from overparam.claims import aggregate, summary
from overparam.io import write_csv
from overparam.runtime import start_job

start_job("claims", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
table = aggregate([pd.read_csv(path) for path in snakemake.input])
write_csv(table, snakemake.output[0])
print(summary(table), file=sys.stderr)
checked = table[table["passed"].notna()]
for row in checked[checked["passed"].astype(str) != "True"].itertuples():
    print(f"FAILED {row.claim_id}: value {row.value} not in [{row.lower}, {row.upper}]", file=sys.stderr)
