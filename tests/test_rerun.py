"""A rule reruns exactly when its code or the config keys it reads change (a dry run's list of jobs).

The workflow and a copy of the library run from a temporary folder (PYTHONPATH points at the copy), so the
tests can edit library modules without touching this checkout.
"""
import os
import re
import shutil

import pytest
import yaml

from conftest import REPO, copy_workflow, snakemake
from overparam import jobs, registry

pytestmark = pytest.mark.slow
SMOKE = ("--cores", "2", "--configfile", "config/smoke.yaml")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    repo = copy_workflow(tmp_path_factory.mktemp("rerun") / "repo")
    shutil.copytree(REPO / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    snakemake(repo, *SMOKE, env=env)
    return repo, env


def planned(repo, env, *extra) -> dict[str, str]:
    """rule -> reason of every job a dry run would run (one entry per rule)."""
    out = snakemake(repo, *SMOKE, "-n", *extra, env=env).stdout
    plan = {rule: reason for rule, reason in
            re.findall(r"^(?:local)?rule (\w+):\n(?:    .*\n)*?    reason: (.*)$", out, re.M) if rule != "all"}
    assert plan or "Nothing to be done" in out, out[-2000:]  # an empty plan must be Snakemake's own "nothing to do"
    return plan


def downstream_only(plan: dict[str, str], changed: set[str]) -> None:
    """Every planned rule is either one whose own identity changed or one fed by another planned job (Snakemake
    names one reason per job: a job both changed and fed by a changed job shows the latter)."""
    params_changed = {rule for rule, reason in plan.items() if "Params have changed" in reason}
    assert params_changed and params_changed <= changed, (params_changed, changed)
    for rule, reason in plan.items():
        if rule not in params_changed:
            assert reason.startswith("Input files updated by another job"), (rule, reason)


def users_of(module: str) -> set[str]:
    return {rule for rule, job in registry.jobs().items() if module in jobs.entry_code(job.entry)[0]}


class edited:
    """Context manager: replace a file's text, put it back afterwards."""

    def __init__(self, path, change):
        self.path, self.change = path, change

    def __enter__(self):
        self.original = self.path.read_text()
        self.path.write_text(self.change(self.original))

    def __exit__(self, *exc):
        self.path.write_text(self.original)


def test_nothing_to_do_after_a_run(built):
    repo, env = built
    assert planned(repo, env) == {}


def test_a_core_module_edit_reruns_exactly_the_jobs_that_use_it(built):
    repo, env = built
    training = repo / "src/overparam/training.py"
    body_edit = lambda text: text.replace('    unbatched = X.dim() == 2\n', '    unbatched = X.dim() == 2\n    _ = 0\n')
    with edited(training, body_edit):
        assert "    _ = 0\n" in training.read_text()
        plan = planned(repo, env)
    users = users_of("overparam.training")
    # Written out, so that a change in how users are found cannot pass unnoticed: the GD runs of three papers and the
    # sensitivity reruns of the first two.
    assert users == {"du2019_train", "panigrahi2020_fig1_train", "das2019_compute", "das2019_counterexample",
                     "du2019_sensitivity", "panigrahi2020_fig1_sensitivity"}
    downstream_only(plan, users)
    assert users <= set(plan)
    # Not Panigrahi's spectra (same module, never calls training), Figure 2 or Oymak's jobs
    assert not {"panigrahi2020_fig1_spectra", "panigrahi2020_fig2_train", "oymak2019_phase_transition",
                "oymak2019_plot_fig1"} & set(plan)
    assert planned(repo, env) == {}  # the edit undone: nothing to do again


def test_a_comment_or_docstring_edit_reruns_nothing(built):
    repo, env = built
    training = repo / "src/overparam/training.py"
    with edited(training, lambda text: text.replace("    unbatched = X.dim() == 2\n",
                                                    "    # a new comment\n    unbatched = X.dim() == 2\n")
                .replace('"""Full-batch gradient descent', '"""Full-batch (edited docstring) gradient descent')):
        assert planned(repo, env) == {}


def test_a_plot_module_edit_reruns_only_plot_jobs(built):
    repo, env = built
    plots = repo / "src/overparam/papers/du2019/plots.py"
    # A helper both plots call: both replot; a function only Figure 1's entry reaches: only Figure 1 replots.
    with edited(plots, lambda text: text.replace('def _mark_diverged(ax, frame, x, y, palette):\n',
                                                 'def _mark_diverged(ax, frame, x, y, palette):\n    _ = 0\n', 1)):
        plan = planned(repo, env)
    downstream_only(plan, {"du2019_plot_fig1", "du2019_plot_supp1"})
    assert set(plan) == {"du2019_plot_fig1", "du2019_plot_supp1", "report_pages"}  # the report shows the figures
    with edited(plots, lambda text: text.replace('    plotting.apply_style()\n', '    plotting.apply_style()\n    _ = 0\n', 1)):
        assert "    _ = 0\n" in plots.read_text().split("def plot_supp1")[0]
        plan = planned(repo, env)
    downstream_only(plan, {"du2019_plot_fig1"})
    assert set(plan) == {"du2019_plot_fig1", "report_pages"}


def test_a_plot_only_key_reruns_only_the_plots(built):
    repo, env = built
    smoke = repo / "config/smoke.yaml"
    config = yaml.safe_load(smoke.read_text())
    assert config["du2019"]["figure_seed"] == 0 and config["du2019"]["seeds"] > 1
    with edited(smoke, lambda text: text.replace("  figure_seed: 0", "  figure_seed: 1")):
        plan = planned(repo, env)
    downstream_only(plan, {"du2019_plot_fig1", "du2019_plot_supp1"})
    assert set(plan) == {"du2019_plot_fig1", "du2019_plot_supp1", "report_pages"}


def test_a_compute_key_reruns_its_paper_from_the_compute_job(built):
    repo, env = built
    smoke = repo / "config/smoke.yaml"
    with edited(smoke, lambda text: text.replace("  eta: 0.1              # UNSTATED", "  eta: 0.05             # UNSTATED")):
        plan = planned(repo, env)
    changed = {rule for rule, job in registry.jobs().items() if "du2019.eta" in jobs.declared_keys(job.entry)}
    assert "du2019_train" in changed and "du2019_tables" not in changed
    downstream_only(plan, changed)
    assert all(rule.startswith("du2019") or rule in ("claims", "sensitivity", "report_pages") for rule in plan)


def test_one_activations_setting_reruns_only_its_panels(built):
    repo, env = built
    smoke = repo / "config/smoke.yaml"
    with edited(smoke, lambda text: text.replace("    - {name: relu, eta: 0.1}", "    - {name: relu, eta: 0.09}")):
        out = snakemake(repo, *SMOKE, "-n", env=env).stdout
    panels = re.findall(r"^rule oymak2019_phase_transition:\n(?:    .*\n)*?    wildcards: (.*)$", out, re.M)
    ns = yaml.safe_load(smoke.read_text())["oymak2019"]["ns"]
    assert sorted(panels) == sorted(f"activation=relu, n={n}" for n in ns)


def test_a_figure_in_the_registry_without_a_rule_fails(built):
    repo, env = built
    registry_file = repo / "src/overparam/papers/du2019/registry.py"
    new_figure = '''        Figure("du2019-fig9", (Panel("du2019-fig9a", ("m", "loss")),)),\n    ),\n    claim_files'''
    with edited(registry_file, lambda text: text.replace("    ),\n    claim_files", new_figure, 1)):
        out = snakemake(repo, *SMOKE, "-n", env=env, check=False)
    assert out.returncode != 0
    assert "figures/smoke/du2019-fig9.png" in out.stdout + out.stderr
