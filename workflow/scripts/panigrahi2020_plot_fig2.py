# Panigrahi et al. (2020) Figure 2 from its panel tables (no computation here).
import pandas as pd

from overparam.papers import panigrahi2020_fig2 as fig2
from overparam.runtime import start_job

start_job("panigrahi2020_plot_fig2", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
p = snakemake.params
tables = {panel: pd.read_csv(path) for panel, path in zip(p.panels, snakemake.input)}
fig2.plot_fig2(tables, p.cfg, p.source, p.profile, snakemake.output.png, snakemake.output.pdf)
