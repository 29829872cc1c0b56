# The one script of the workflow: every rule runs the library function named in its params (overparam.jobs).
from overparam.runtime import run_job

run_job(snakemake)  # noqa: F821 - provided by Snakemake's script directive
