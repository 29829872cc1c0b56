# lambda0(n) (Hermite series, ReLU closed form, Monte Carlo), m_B* and m_GD* data for das2019-supp1.
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_supp1_compute", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
save_npz(snakemake.output[0], **das2019.supp1_compute(snakemake.params.cfg, device))
