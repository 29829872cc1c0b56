# Eigenvalues of G(0) and G^inf at one n (Panigrahi et al. 2020, Figure 1c/d).
from overparam.io import save_npz
from overparam.papers import panigrahi2020
from overparam.runtime import start_job

device = start_job("panigrahi2020_fig1_spectra", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
save_npz(snakemake.output[0], **panigrahi2020.spectra(snakemake.params.cfg, int(snakemake.wildcards.n), device))
