"""Cluster execution: the Slurm workflow profile resolves the whole paper DAG (a dry run: no Slurm needed)."""
import re

import yaml

from conftest import REPO, snakemake
from overparam import registry

GPU_RULES = registry.gpu_rules()
PAPER = ["--configfile", "config/paper.yaml", "--config", "cifar10_source=synthetic"]


def job_stats(stdout: str) -> dict[str, int]:
    block = stdout.split("Job stats:")[1]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", block, re.M) if m.group(1) != "total"}


def job_resources(stdout: str) -> dict[str, list[dict[str, str]]]:
    """rule -> the resources line of each of its jobs, as {name: value}."""
    found = {}
    for rule, line in re.findall(r"^(?:local)?rule (\w+):\n(?:    .*\n)*?    resources: (.*)$", stdout, re.M):
        found.setdefault(rule, []).append(dict(item.split("=", 1) for item in line.split(", ")))
    return found


def test_the_rules_that_declare_a_gpu_are_the_ones_the_profile_maps():
    profile = yaml.safe_load((REPO / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    assert sorted(profile["set-resources"]) == sorted(GPU_RULES)
    declared = set()
    for smk in (REPO / "workflow" / "rules").glob("*.smk"):
        for rule, body in re.findall(r"^rule (\w+):\n((?:[ \t]+.*\n|\n)*)", smk.read_text(), re.M):
            if re.search(r"^\s+gpu=1,", body, re.M):
                declared.add(rule)
    assert declared == set(GPU_RULES)


def test_slurm_profile_dry_run_resolves_the_whole_paper_dag(workflow_copy):
    import snakemake_executor_plugin_slurm  # noqa: F401 - in the dev group: a missing plugin fails, never skips
    local = job_stats(snakemake(workflow_copy, "-n", *PAPER).stdout)
    out = snakemake(workflow_copy, "-n", "--workflow-profile", "profiles/slurm", *PAPER).stdout
    assert job_stats(out) == local  # every job of the paper DAG, none lost or added
    assert set(GPU_RULES) <= set(local)
    profile = yaml.safe_load((REPO / "profiles" / "slurm" / "config.yaml").read_text())
    resources = job_resources(out)
    for rule in GPU_RULES:
        assert len(resources[rule]) == local[rule]
        for job in resources[rule]:
            assert job["gpu"] == "1"  # the plugin's --gpus=1
            assert job["runtime"] == str(profile["set-resources"][rule]["runtime"])
            assert job["mem_mb"] == str(profile["set-resources"][rule]["mem_mb"])
    for job in resources["du2019_plot_fig1"]:
        assert "gpu" not in job and job["runtime"] == str(profile["default-resources"]["runtime"])
