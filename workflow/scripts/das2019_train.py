# GD runs on one data set (D_ref or D_tiny) for das2019-supp2 and supp3, with C(t) logged at every step.
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_train", snakemake.log[0], snakemake.threads, snakemake.params.device)
save_npz(snakemake.output[0], **das2019.train_dataset(snakemake.params.cfg, snakemake.wildcards.dataset, device))
