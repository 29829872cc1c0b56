# One panel of Oymak & Soltanolkotabi Figure 2: every (k, d, trial) problem, batched and padded.
import torch

from overparam.io import write_csv
from overparam.papers import oymak2019
from overparam.runtime import start_job

device = start_job("oymak2019_phase_transition", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
torch.set_flush_denormal(True)  # softplus tails turn denormal as weights grow: 2.5-3x slower without (spec 2.3)
trials = oymak2019.run_panel(snakemake.params.cfg, snakemake.wildcards.activation, int(snakemake.wildcards.n), device)
write_csv(trials, snakemake.output[0])
