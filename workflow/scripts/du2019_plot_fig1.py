# Du et al. (2019) Figure 1 from its panel tables (no training here).
import pandas as pd

from overparam.papers import du2019
from overparam.runtime import start_job

start_job("du2019_plot_fig1", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
i, o = snakemake.input, snakemake.output
du2019.plot_fig1(pd.read_csv(i.loss), pd.read_csv(i.patterns), pd.read_csv(i.distance),
                 snakemake.params.cfg, snakemake.params.profile, o.png, o.pdf)
