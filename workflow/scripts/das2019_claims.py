# Check Das & Golikov's claims and the errata on the run files (no torch).
from overparam.claims import claims_frame
from overparam.io import load_npz, write_csv
from overparam.papers import das2019_analysis
from overparam.runtime import start_job

start_job("das2019_claims", snakemake.log[0], uses_torch=False,
          config=snakemake.config, inputs=snakemake.input)
cx = load_npz(snakemake.input.counterexample)
train = {ds: load_npz(path) for ds, path in zip(snakemake.params.datasets, snakemake.input.train)}
claims = das2019_analysis.claims(load_npz(snakemake.input.supp1), train, cx, snakemake.params.cfg,
                                 snakemake.params.profile)
write_csv(claims_frame(claims), snakemake.output[0])
