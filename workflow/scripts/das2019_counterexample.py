# The antipodal counterexample (das2019-supp4): spectra of H^inf per activation, GD on A, B and B'.
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_counterexample", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
out = {}
for part in das2019.COUNTEREXAMPLE_PARTS:
    out.update(das2019.counterexample(snakemake.params.cfg, part, device))
save_npz(snakemake.output[0], **out)
