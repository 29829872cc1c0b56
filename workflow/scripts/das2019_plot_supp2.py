# Das & Golikov (2019), supplementary figure 2, from its panel CSVs only (no training, no torch).
from pathlib import Path

import pandas as pd

from overparam.papers import das2019_plots
from overparam.runtime import start_job

start_job("das2019_plot_supp2", snakemake.log[0], uses_torch=False)
tables = {Path(path).stem: pd.read_csv(path) for path in snakemake.input}
das2019_plots.plot_supp2(tables, snakemake.params.cfg, snakemake.params.profile, snakemake.output.png,
                          snakemake.output.pdf)
