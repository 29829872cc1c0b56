# overparam-repro: every figure of four papers on GD in over-parameterised two-layer networks.
#   uv run snakemake --cores all                                   # quick profile (default)
#   uv run snakemake --cores all --configfile config/paper.yaml    # the papers' exact settings
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/quick.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/du2019.smk"


ALL_TARGETS = [path for figure_id in FIGURE_IDS for path in figure_files(figure_id)]
ALL_TARGETS.append(f"{RESULTS}/claims.csv")


rule all:
    input:
        ALL_TARGETS,
    default_target: True
