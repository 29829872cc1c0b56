# Shared settings, checks the schema cannot express, the registry's targets, and each rule's identity.
from overparam import jobs, registry

PROFILE = config["profile"]
RESULTS = f"results/{PROFILE}"
FIGURES = f"figures/{PROFILE}"
LOGS = f"logs/{PROFILE}"
BENCHMARKS = f"benchmarks/{PROFILE}"


def config_error(key, message):
    raise WorkflowError(f"config key '{key}': {message}")


def check_config(cfg):
    du = cfg["du2019"]
    if du["figure_seed"] >= du["seeds"]:
        config_error("du2019.figure_seed", f"{du['figure_seed']} is not below du2019.seeds = {du['seeds']}")
    overlap = set(du["widths"]) & set(du["small_widths"])
    if overlap:
        config_error("du2019.small_widths", f"{sorted(overlap)} also in du2019.widths")
    das = cfg["das2019"]
    ref = das["train"]["ref"]
    if not (ref["widths"] and ref["seeds"]):
        config_error("das2019.train.ref", "needs widths and seeds (supp2 and supp3 plot its runs)")
    if das["train"]["small_eta_width"] not in ref["widths"]:
        config_error("das2019.train.small_eta_width",
                     f"{das['train']['small_eta_width']} is not in das2019.train.ref.widths = {ref['widths']}")
    missing = sorted(set(das["train"]["supp2_widths"]) - set(ref["widths"]))
    if missing:
        config_error("das2019.train.supp2_widths", f"{missing} not in das2019.train.ref.widths = {ref['widths']}")
    tiny = das["train"]["tiny"]
    if bool(tiny["widths"]) != bool(tiny["seeds"]):
        config_error("das2019.train.tiny", "widths and seeds must be both empty/zero or both set")


check_config(config)


# Output folders. A file where a folder should be: checked now, before Snakemake scans them (its own scan
# fails with a traceback). Writability and device: cuda when a run starts (onstart: not in dry runs or
# --unlock). On a cluster (non-local executor) the submit host may have no GPU: each job then checks its
# own device when it starts (overparam.device.resolve_device).
OUTPUT_FOLDERS = [RESULTS, FIGURES, LOGS, BENCHMARKS]


def check_output_folders(write):
    from overparam.checks import output_folder_problem

    problems = [problem for folder in OUTPUT_FOLDERS if (problem := output_folder_problem(folder, write))]
    if problems:
        raise WorkflowError("\n".join([*problems, "No job was started."]))


def check_before_any_job():
    check_output_folders(write=True)
    if config["device"] == "cuda" and workflow.local_exec:
        from overparam.checks import cuda_problem

        problem = cuda_problem()
        if problem:
            raise WorkflowError(problem)


check_output_folders(write=False)


onstart:
    check_before_any_job()


def figure_files(figure_id):
    return [f"{FIGURES}/{figure_id}.png", f"{FIGURES}/{figure_id}.pdf"]


def panel_csvs(*figure_ids):
    """The panel tables of these figures, in the registry's order (overparam/papers/*/registry.py)."""
    return [f"{RESULTS}/{panel.name}.csv" for figure_id in figure_ids for panel in registry.figure(figure_id).panels]


FIGURE_IDS = [figure.id for figure in registry.figures()]
CLAIM_FILES = [f"{RESULTS}/claims/{name}.csv" for paper in registry.papers() for name in paper.claim_files]
SENSITIVITY_FILES = [f"{RESULTS}/sensitivity/{name}.csv" for name in registry.sensitivity_files()]


def get_targets():
    """Every figure of the registry (PNG and PDF), the claims table, the sensitivity table and figure, and the
    report pages."""
    targets = [path for figure_id in FIGURE_IDS for path in figure_files(figure_id)]
    return [*targets, f"{RESULTS}/claims.csv", f"{RESULTS}/sensitivity.csv", f"{FIGURES}/sensitivity.png",
            *REPORT_PAGES.values()]


REPORT_PAGES = {page: f"{RESULTS}/report/{page}.html" for page in ("claims", "provenance", "deviations")}


# A rule's identity (overparam.jobs): the library function it runs, only the config keys that function declares
# in its @entry(...), and a hash of its module and every overparam module that one imports. Snakemake reruns a
# job when its params change (a key it reads, or code it runs; not a comment or a docstring).
#   params: **job_params("du2019_train"),
def job_params(rule_name):
    return jobs.rule_params(config, registry.job(rule_name).entry)


# With keep-going, a failed job (offline CIFAR-10) never runs the claims job, so the claims table then
# aggregates what was built, with one NOT BUILT row per missing claim file, and the run ends by saying
# what to do about CIFAR-10 when that was the cause.
def write_partial_claims():
    import pandas as pd

    from overparam.claims import aggregate, not_built_row, summary
    from overparam.io import write_csv

    if not any(Path(path).exists() for path in CLAIM_FILES):
        return
    frames = [pd.read_csv(path) if Path(path).exists()
              else not_built_row(path, "a job it needs failed (see the log above)", PROFILE)
              for path in CLAIM_FILES]
    table = aggregate(frames)
    write_csv(table, f"{RESULTS}/claims.csv")
    print(f"Partial claims table {RESULTS}/claims.csv: {summary(table)}.", file=sys.stderr)


def report_cifar10():
    data_log = Path(f"{LOGS}/panigrahi2020_fig2_data.log")
    if config["cifar10_source"] == "download" and not Path(f"{RESULTS}/panigrahi2020/fig2/images.npz").exists() \
            and data_log.exists():
        lines = [line for line in data_log.read_text().splitlines() if line.startswith("CIFAR-10 UNAVAILABLE")]
        if lines:
            print(f"\nPanigrahi et al. Figure 2 was not built; every other figure was.\n{lines[-1]}", file=sys.stderr)
