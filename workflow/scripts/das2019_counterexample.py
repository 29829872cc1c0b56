# The antipodal counterexample (das2019-supp4), one part per job: GD on A | spectra of H^inf and GD on B, B'.
from overparam.io import save_npz
from overparam.papers import das2019
from overparam.runtime import start_job

device = start_job("das2019_counterexample", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
save_npz(snakemake.output[0], **das2019.counterexample(snakemake.params.cfg, snakemake.wildcards.part, device))
