# The one script of the workflow: every rule runs the library function named in its params (overparam.jobs).
from overparam.jobs import run

run(snakemake)  # noqa: F821 - provided by Snakemake's script directive
