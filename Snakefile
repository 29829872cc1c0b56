# overparam-repro: every figure of four papers on GD in over-parameterised two-layer networks.
#   uv run snakemake --cores all                                   # quick profile (default)
#   uv run snakemake --cores all --configfile config/paper.yaml    # the papers' exact settings
import sys
from pathlib import Path

from snakemake.utils import min_version, validate

from overparam.config import ConfigError, check_config_files, check_duplicate_keys, validate_config

min_version("9.0")

# Paths below are relative to the repository root: started elsewhere, say so before Snakemake's own errors.
if not Path("config/quick.yaml").is_file():
    raise WorkflowError(
        f"run snakemake from the repository root (the folder with the Snakefile and config/): "
        f"{Path.cwd()} has no config/quick.yaml. Use: cd {workflow.basedir} && snakemake ..., or "
        f"snakemake --directory {workflow.basedir} ..."
    )


configfile: "config/quick.yaml"


# Our validator first: one line per bad key, all of them at once; then Snakemake's own. The --configfile
# files must hold every key between them (else quick.yaml's values would leak into another profile's run).
try:
    check_duplicate_keys(["config/quick.yaml", *workflow.overwrite_configfiles])
    validate_config(config, workflow.source_path("workflow/schemas/config.schema.yaml"))
    check_config_files(workflow.overwrite_configfiles, workflow.source_path("workflow/schemas/config.schema.yaml"))
except ConfigError as err:
    raise WorkflowError(str(err)) from None
validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"


# One rule file per paper of the registry (overparam/registry.py: PAPER_NAMES).
for paper_name in registry.PAPER_NAMES:

    include: f"workflow/rules/{paper_name}.smk"


include: "workflow/rules/claims.smk"
include: "workflow/rules/report.smk"


# The front page: the claims scorecard the last run wrote; before any run, a page that says so.
report: REPORT_FRONT if Path(REPORT_FRONT).exists() else "workflow/report/workflow.rst"


rule all:
    default_target: True
    input:
        get_targets(),
