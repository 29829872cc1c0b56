# Shared settings, checks the schema cannot express, the registry's targets, and each rule's identity.
from overparam import jobs, registry, report_pages

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
        config_error(
            "das2019.train.small_eta_width",
            f"{das['train']['small_eta_width']} is not in das2019.train.ref.widths = {ref['widths']}",
        )
    missing = sorted(set(das["train"]["supp2_widths"]) - set(ref["widths"]))
    if missing:
        config_error("das2019.train.supp2_widths", f"{missing} not in das2019.train.ref.widths = {ref['widths']}")
    tiny = das["train"]["tiny"]
    if bool(tiny["widths"]) != bool(tiny["seeds"]):
        config_error("das2019.train.tiny", "widths and seeds must be both empty/zero or both set")


check_config(config)


# Output folders. A file where a folder should be: checked now, before Snakemake scans them (its own scan
# fails with a traceback). Writability, memory and device: cuda when a run starts (onstart: not in dry runs or
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
    # Each compute job's memory (a lower bound from its arrays) against this machine, or OVERPARAM_MEMORY_GIB
    # where jobs run elsewhere (overparam.memory).
    from overparam.memory import memory_problems

    try:
        too_large = memory_problems(config)
    except ValueError as err:
        raise WorkflowError(str(err))
    if too_large:
        raise WorkflowError("\n".join([*too_large, "No job was started."]))
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
    return [
        *targets,
        f"{RESULTS}/claims.csv",
        f"{RESULTS}/sensitivity.csv",
        f"{FIGURES}/sensitivity.png",
        *REPORT_PAGES.values(),
        REPORT_FRONT,
        *REPORT_CAPTIONS,
    ]


# The report's pages (overparam.report_pages): written by the report_pages job after a complete run and by
# onerror below after a failed one, so that `snakemake --report` works after any run.
REPORT_LAYOUT = report_pages.layout_from_registry(PROFILE)
REPORT_PAGES = {page: str(REPORT_LAYOUT.page(page)) for page in ("claims", "provenance", "deviations")}
REPORT_FRONT = str(REPORT_LAYOUT.front)
REPORT_CAPTIONS = [str(REPORT_LAYOUT.caption(figure_id)) for figure_id in FIGURE_IDS]


def report_item(path, caption, category):
    """An output shown in the report once it exists (a figure the run did not build is listed as not built on
    the front page instead of failing the report). Captions are paths from the repository root."""
    if not Path(path).exists():
        return path
    return report(path, caption=f"../../{caption}", category=category)


def figure_report(figure_id, category):
    """A figure's PNG, captioned by the caption written from its own run record (report_pages)."""
    caption = REPORT_LAYOUT.caption(figure_id)
    return report_item(
        f"{FIGURES}/{figure_id}.png", caption if caption.exists() else "workflow/report/no-caption.rst", category
    )


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
    import os

    from overparam.claims import aggregate, not_built_row, summary
    from overparam.inputs import InputError, integrity_problem, read_table
    from overparam.io import write_csv
    from overparam.provenance import sidecar_path
    from snakemake.io import IOFile

    def claim_file(path):
        """Its rows, or one NOT BUILT row: missing (a job it needs failed) or damaged (named)."""
        if not Path(path).exists():
            return not_built_row(path, "a job it needs failed (see the log above)", PROFILE)
        try:
            if problem := integrity_problem(path):
                raise InputError([problem], [path])
            return read_table(path)
        except InputError as err:
            return not_built_row(path, f"damaged: {err.problems[0]}", PROFILE)

    if not any(Path(path).exists() for path in CLAIM_FILES):
        return
    frames = [claim_file(path) for path in CLAIM_FILES]
    table = aggregate(frames)
    path = f"{RESULTS}/claims.csv"
    write_csv(table, path)
    # Not the claims job's table: drop that job's record (its checksum is of another table) and make the next run
    # redo the job: an old time, and no Snakemake metadata, whose recorded input checksums would let a rerun skip
    # the job when the claim files come back unchanged (after a damaged file was regenerated).
    sidecar_path(path).unlink(missing_ok=True)
    os.utime(path, (0, 0))
    workflow.persistence.cleanup_metadata(IOFile(path))
    print(f"Partial claims table {path}: {summary(table)}.", file=sys.stderr)


def write_partial_report_pages():
    try:
        written = report_pages.write_report_pages(REPORT_LAYOUT)
    except Exception as err:  # the run has already failed: say why the pages are missing, keep its own error
        print(f"The report pages could not be written: {err}", file=sys.stderr)
        return
    print(
        f"Report pages of what was built: {REPORT_LAYOUT.pages} ({len(written)} files); "
        "snakemake --report report.html collects them.",
        file=sys.stderr,
    )


def report_cifar10():
    data_log = Path(f"{LOGS}/panigrahi2020_fig2_data.log")
    if (
        config["cifar10_source"] == "download"
        and not Path(f"{RESULTS}/panigrahi2020/fig2/images.npz").exists()
        and data_log.exists()
    ):
        lines = [line for line in data_log.read_text().splitlines() if line.startswith("CIFAR-10 UNAVAILABLE")]
        if lines:
            print(f"\nPanigrahi et al. Figure 2 was not built; every other figure was.\n{lines[-1]}", file=sys.stderr)
