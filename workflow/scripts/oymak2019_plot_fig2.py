# Oymak & Soltanolkotabi Figure 2 from the per-cell tables (no training here).
import pandas as pd

from overparam.papers import oymak2019
from overparam.runtime import start_job

start_job("oymak2019_plot_fig2", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
cells = {panel: pd.read_csv(path) for panel, path in zip(snakemake.params.panels, snakemake.input)}
oymak2019.plot_fig2(cells, snakemake.params.cfg, snakemake.params.profile, snakemake.output.png, snakemake.output.pdf)
