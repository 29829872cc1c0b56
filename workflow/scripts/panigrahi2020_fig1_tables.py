# Tidy CSV of exactly what each panel of Panigrahi et al. Figure 1 plots.
from overparam.io import load_npz, write_csv
from overparam.papers import panigrahi2020
from overparam.runtime import start_job

start_job("panigrahi2020_fig1_tables", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
ns = snakemake.params.ns
train = {n: load_npz(p) for n, p in zip(ns, snakemake.input.train)}
spectra = {n: load_npz(p) for n, p in zip(ns, snakemake.input.spectra)}
tables = panigrahi2020.tables(train, spectra, snakemake.params.cfg)
for panel, path in zip(snakemake.params.panels, snakemake.output):
    write_csv(tables[panel], path)
