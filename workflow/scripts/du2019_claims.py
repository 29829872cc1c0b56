# Check Du et al.'s claims on the run files.
from overparam.claims import claims_frame
from overparam.io import load_npz, write_csv
from overparam.papers import du2019
from overparam.runtime import start_job

start_job("du2019_claims", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
runs = {seed: load_npz(path) for seed, path in enumerate(snakemake.input)}
write_csv(claims_frame(du2019.claims(runs, snakemake.params.cfg, snakemake.params.profile)), snakemake.output[0])
