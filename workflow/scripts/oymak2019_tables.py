# Per-cell success probabilities: exactly what each heatmap panel plots.
import pandas as pd

from overparam.io import write_csv
from overparam.papers import oymak2019
from overparam.runtime import start_job

start_job("oymak2019_tables", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
for trials_path, cells_path in zip(snakemake.input, snakemake.output):
    write_csv(oymak2019.cell_table(pd.read_csv(trials_path)), cells_path)
