# Loss curves of every activation and run at one n (Panigrahi et al. 2020, Figure 1a/b).
from overparam.io import save_npz
from overparam.papers import panigrahi2020
from overparam.runtime import start_job

device = start_job("panigrahi2020_fig1_train", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
save_npz(snakemake.output[0], **panigrahi2020.train_runs(snakemake.params.cfg, int(snakemake.wildcards.n), device))
