# Tidy CSV of exactly what each panel of Panigrahi et al. Figure 2 plots.
from overparam.io import load_npz, write_csv
from overparam.papers import panigrahi2020_fig2 as fig2
from overparam.runtime import start_job

start_job("panigrahi2020_fig2_tables", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
inp = snakemake.input
tables = fig2.tables(load_npz(inp.geometry), load_npz(inp.spectra), load_npz(inp.train))
for panel, path in zip(snakemake.params.panels, snakemake.output):
    write_csv(tables[panel], path)
