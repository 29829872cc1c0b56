# Das & Golikov (2019), supplementary figures 1-4, from their panel CSVs only (no training, no torch).
from pathlib import Path

import pandas as pd

from overparam.papers import das2019_plots
from overparam.runtime import start_job

start_job("das2019_plots", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
tables = {Path(path).stem: pd.read_csv(path) for path in snakemake.input}
for figure in snakemake.params.figures:
    key = figure.split("-")[1]  # supp1 ... supp4
    getattr(das2019_plots, f"plot_{key}")(tables, snakemake.params.cfg, snakemake.params.profile,
                                           snakemake.output[f"{key}_png"], snakemake.output[f"{key}_pdf"])
