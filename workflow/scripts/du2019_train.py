# Train every width of every seed (Du et al. 2019, Figure 1); one run file per seed.
from overparam.io import save_npz
from overparam.papers import du2019
from overparam.runtime import start_job

device = start_job("du2019_train", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
cfg = snakemake.params.cfg
runs = du2019.run_seeds(cfg, list(range(cfg["seeds"])), device)
for seed, path in enumerate(snakemake.output):
    save_npz(path, **runs[seed])
