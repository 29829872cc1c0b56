# Supplementary figure du2019-supp1 from its panel tables (no training here).
import pandas as pd

from overparam.papers import du2019
from overparam.runtime import start_job

start_job("du2019_plot_supp1", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
i, o = snakemake.input, snakemake.output
du2019.plot_supp1(pd.read_csv(i.curves), pd.read_csv(i.rho), snakemake.params.cfg, snakemake.params.profile,
                  o.png, o.pdf)
