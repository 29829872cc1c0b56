# Check Panigrahi et al.'s Figure 1 claims on the run files.
from overparam.claims import claims_frame
from overparam.io import load_npz, write_csv
from overparam.papers import panigrahi2020
from overparam.runtime import start_job

start_job("panigrahi2020_fig1_claims", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
ns = snakemake.params.ns
train = {n: load_npz(p) for n, p in zip(ns, snakemake.input.train)}
spectra = {n: load_npz(p) for n, p in zip(ns, snakemake.input.spectra)}
rows = panigrahi2020.claims(train, spectra, snakemake.params.cfg, snakemake.params.profile)
write_csv(claims_frame(rows), snakemake.output[0])
