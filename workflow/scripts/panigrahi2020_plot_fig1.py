# Panigrahi et al. (2020) Figure 1 from its panel tables (no training here).
import pandas as pd

from overparam.papers import panigrahi2020
from overparam.runtime import start_job

start_job("panigrahi2020_plot_fig1", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
tables = {panel: pd.read_csv(path, dtype={"run": str}) for panel, path in zip(snakemake.params.panels, snakemake.input)}
panigrahi2020.plot_fig1(tables, snakemake.params.cfg, snakemake.params.profile, snakemake.output.png,
                        snakemake.output.pdf)
