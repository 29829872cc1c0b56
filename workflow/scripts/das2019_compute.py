# das2019-supp1 (lambda0(n), m_B*, m_GD*) and the GD runs of supp2/supp3 on D_ref and D_tiny (C(t) at every step).
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_compute", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
cfg = snakemake.params.cfg
save_npz(snakemake.output.supp1, **das2019.supp1_compute(cfg, device))
for dataset, path in zip(snakemake.params.datasets, snakemake.output.train):
    save_npz(path, **das2019.train_dataset(cfg, dataset, device))
