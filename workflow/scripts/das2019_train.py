# GD runs on D_ref and D_tiny for das2019-supp2 and supp3, with C(t) logged at every step; one file per data set.
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_train", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
for dataset, path in zip(snakemake.params.datasets, snakemake.output):
    save_npz(path, **das2019.train_dataset(snakemake.params.cfg, dataset, device))
