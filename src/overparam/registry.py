"""The registry: per paper, its figures, each panel's CSV and columns, its claim files and its jobs.

One source for everything that lists figures or jobs: the Snakefile's targets (``workflow/rules/common.smk``,
``get_targets``), the end-to-end tests, the Slurm profile test and ``bench/paper_cost.py`` iterate it, so a
figure or job missing from it, or listed here and never built, fails a test. Each paper declares itself in
``overparam/papers/<paper>/registry.py``; adding a paper adds its name to ``PAPER_NAMES``.
No torch, no Snakemake: the workflow imports this module when it parses.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

PAPER_NAMES = ("du2019", "panigrahi2020", "oymak2019", "das2019")


COLUMN_TYPES = ("int", "float", "str", "bool")


@dataclass(frozen=True)
class Grid:
    """Rows a panel table must hold for a config: among the rows whose columns have the ``where`` values, every
    combination of ``values`` ({column: values}), and no other value in those columns; exactly once, or with
    ``once=False`` at least once (a curve: the other columns, time or step, vary within a combination)."""

    values: Mapping[str, Sequence]
    where: Mapping[str, object] = field(default_factory=dict)
    once: bool = True


@dataclass(frozen=True)
class Panel:
    """One tidy CSV, ``results/{profile}/{name}.csv``: exactly what one panel plots.

    What a job that reads it checks (``overparam.inputs.read_panel``): the ``columns`` in order; each column's
    type (``types``: a mapping that may hold other panels' columns too; a column it does not name is ``float``);
    the ``finite`` columns finite in every row whose run did not diverge (``diverged_at`` = -1), or in every row
    of a panel without ``diverged_at``; and, with ``grid``, the rows it returns for the reading job's config: a
    ``Grid`` or a tuple of them, or {column: values} for every combination exactly once. ``grid`` reads the
    config through the job's declared keys, so the reading job declares the keys it needs.
    """

    name: str
    columns: tuple[str, ...]
    types: Mapping[str, str] | tuple = field(default=(), compare=False)
    finite: tuple[str, ...] = ()
    grid: Callable[[dict], "dict[str, list] | Grid | tuple[Grid, ...]"] | None = field(default=None, compare=False)

    def __post_init__(self):
        given = dict(self.types)
        types = tuple((column, given.get(column, "float")) for column in self.columns)
        unknown = [kind for _, kind in types if kind not in COLUMN_TYPES]
        if unknown or not set(self.finite) <= set(self.columns):
            raise ValueError(f"panel {self.name}: types must be among {COLUMN_TYPES} and finite columns among its "
                             f"columns")
        object.__setattr__(self, "types", types)


@dataclass(frozen=True)
class Figure:
    """``figures/{profile}/{id}.png|pdf``, captioned by ``workflow/report/{id}.rst``."""

    id: str
    panels: tuple[Panel, ...]
    supplementary: bool = False  # a figure the paper does not have (tests one of its statements)


@dataclass(frozen=True)
class Job:
    """One rule of the workflow and the library function it runs (``module:function``, see ``overparam.jobs``).

    ``instances(config)`` names the rule's jobs when it has wildcards, as its benchmark files are named
    (``benchmarks/{profile}/{instance}.tsv``, e.g. ``panigrahi2020_fig1_train/n10``); ``None``: one job,
    ``{rule}.tsv``.
    """

    rule: str
    entry: str
    gpu: bool = False
    instances: Callable[[dict], list[str]] | None = None
    # (config, benchmark name) -> overparam.memory.MemoryNeed: checked against the machine before any job starts
    memory: Callable[[dict, str], object] | None = None

    def benchmark_names(self, config: dict) -> list[str]:
        return [self.rule] if self.instances is None else list(self.instances(config))


@dataclass(frozen=True)
class Paper:
    name: str
    citation: str
    figures: tuple[Figure, ...]
    claim_files: tuple[str, ...]  # results/{profile}/claims/{name}.csv
    jobs: tuple[Job, ...] = field(default=())
    # results/{profile}/sensitivity/{name}.csv: its paper claims under other readings (overparam.sensitivity)
    sensitivity_files: tuple[str, ...] = field(default=())


# Jobs of the workflow itself, not of a paper: the claims table, the sensitivity table and figure, the report pages.
WORKFLOW_JOBS = (
    Job("claims", "overparam.claims:claims_table_job"),
    Job("sensitivity", "overparam.sensitivity_figure:sensitivity_job"),
    Job("report_pages", "overparam.report_pages:report_pages_job"),
)


def papers() -> list[Paper]:
    return [importlib.import_module(f"overparam.papers.{name}.registry").PAPER for name in PAPER_NAMES]


def figures() -> list[Figure]:
    return [figure for paper in papers() for figure in paper.figures]


def panels() -> dict[str, Panel]:
    return {panel.name: panel for figure in figures() for panel in figure.panels}


def figure(figure_id: str) -> Figure:
    found = [f for f in figures() if f.id == figure_id]
    if not found:
        raise KeyError(f"figure {figure_id!r} is not in the registry (overparam/papers/*/registry.py)")
    return found[0]


def sensitivity_files() -> list[str]:
    return [name for paper in papers() for name in paper.sensitivity_files]


def jobs() -> dict[str, Job]:
    out = {}
    for job in [job for paper in papers() for job in paper.jobs] + list(WORKFLOW_JOBS):
        if job.rule in out:
            raise ValueError(f"job {job.rule!r} is registered twice")
        out[job.rule] = job
    return out


def job(rule: str) -> Job:
    try:
        return jobs()[rule]
    except KeyError:
        raise KeyError(f"rule {rule!r} is not a job of the registry (overparam/papers/*/registry.py)") from None


def gpu_rules() -> list[str]:
    return sorted(rule for rule, j in jobs().items() if j.gpu)
