# Train every width of one seed (Du et al. 2019, Figure 1); writes the run file.
from overparam.io import save_npz
from overparam.papers import du2019
from overparam.runtime import start_job

device = start_job("du2019_train", snakemake.log[0], snakemake.threads, snakemake.params.device)
run = du2019.run_seed(snakemake.params.cfg, int(snakemake.wildcards.seed), device)
save_npz(snakemake.output[0], **run)
