# Check the phase-transition claims on the per-cell tables.
import pandas as pd

from overparam.claims import claims_frame
from overparam.io import write_csv
from overparam.papers import oymak2019
from overparam.runtime import start_job

start_job("oymak2019_claims", snakemake.log[0], uses_torch=False,
                   config=snakemake.config, inputs=snakemake.input)
cells = {tuple(key): pd.read_csv(path) for key, path in zip(snakemake.params.panel_keys, snakemake.input)}
write_csv(claims_frame(oymak2019.claims(cells, snakemake.params.cfg, snakemake.params.profile)), snakemake.output[0])
