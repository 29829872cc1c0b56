# Tidy CSV of exactly what each das2019-supp panel plots (reads the run files; no torch).
from pathlib import Path

from overparam.io import load_npz, write_csv
from overparam.papers import das2019_analysis
from overparam.runtime import start_job

start_job("das2019_tables", snakemake.log[0], uses_torch=False,
          config=snakemake.config, inputs=snakemake.input)
cx = load_npz(snakemake.input.counterexample)
train = {ds: load_npz(path) for ds, path in zip(snakemake.params.datasets, snakemake.input.train)}
tables = das2019_analysis.tables(load_npz(snakemake.input.supp1), train, cx, snakemake.params.cfg)
for path in snakemake.output:
    write_csv(tables[Path(path).stem], path)
