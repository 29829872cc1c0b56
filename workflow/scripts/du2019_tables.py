# Tidy CSV of exactly what each Du et al. panel plots.
from overparam.io import load_npz, write_csv
from overparam.papers import du2019
from overparam.runtime import start_job

start_job("du2019_tables", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
runs = {seed: load_npz(path) for seed, path in enumerate(snakemake.input)}
tables = du2019.tables(runs, snakemake.params.cfg)
for panel, path in zip(snakemake.params.panels, snakemake.output):
    write_csv(tables[panel], path)
