# Check Panigrahi et al.'s Figure 2 claims (the CIFAR-10 ones only on real CIFAR-10).
from overparam.claims import claims_frame
from overparam.io import load_npz, write_csv
from overparam.papers import panigrahi2020_fig2 as fig2
from overparam.runtime import start_job

start_job("panigrahi2020_fig2_claims", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
inp, p = snakemake.input, snakemake.params
rows = fig2.claims(load_npz(inp.geometry), load_npz(inp.spectra), load_npz(inp.train), p.cfg, p.source, p.profile)
write_csv(claims_frame(rows), snakemake.output[0])
