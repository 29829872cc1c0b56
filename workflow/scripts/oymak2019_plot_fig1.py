# Oymak & Soltanolkotabi Figure 1: the network diagram, drawn by code (no data, no CSV).
from overparam.papers import oymak2019
from overparam.runtime import start_job

start_job("oymak2019_plot_fig1", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
oymak2019.plot_fig1(snakemake.params.profile, snakemake.output.png, snakemake.output.pdf)
