"""The paper profile on a CPU: the GPU jobs that fit run; one that would take hours stops at once, saying so."""
from types import SimpleNamespace

import pytest

from conftest import load_profile, snakemake
from overparam import cost, registry
from overparam.runtime import refuse_slow_cpu_job


def fake_job(rule: str, name: str, profile: str = "paper", threads: int = 2, **overrides) -> SimpleNamespace:
    config = {**load_profile(profile), **overrides}
    return SimpleNamespace(rule=rule, config=config, threads=threads, log=[f"logs/{profile}/{name}.log"])


def cpu_only(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


def test_a_gpu_job_projected_over_the_limit_refuses_naming_its_time(monkeypatch):
    cpu_only(monkeypatch)
    job = fake_job("panigrahi2020_fig1_train", "panigrahi2020_fig1_train/n50")
    projected, _ = cost.cpu_floor_s(job.config, "panigrahi2020_fig1_train/n50", 2)
    assert projected > 3600
    with pytest.raises(SystemExit) as stop:
        refuse_slow_cpu_job(job, uses_device=True)
    message = str(stop.value)
    assert "panigrahi2020_fig1_train/n50 needs a GPU" in message and cost.duration(projected) in message
    assert "cpu_job_limit_minutes" in message


def test_the_limit_is_the_config_key(monkeypatch):
    cpu_only(monkeypatch)
    name = "panigrahi2020_fig1_train/n50"
    projected, _ = cost.cpu_floor_s(load_profile("paper"), name, 2)
    refuse_slow_cpu_job(fake_job("panigrahi2020_fig1_train", name, cpu_job_limit_minutes=projected / 60 + 1), True)
    with pytest.raises(SystemExit):
        refuse_slow_cpu_job(fake_job("panigrahi2020_fig1_train", name, cpu_job_limit_minutes=projected / 60 - 1), True)


def test_jobs_that_fit_and_non_gpu_jobs_start(monkeypatch):
    cpu_only(monkeypatch)
    refuse_slow_cpu_job(fake_job("du2019_train", "du2019_train"), True)  # about 8 min on 2 cores
    refuse_slow_cpu_job(fake_job("du2019_tables", "du2019_tables"), False)
    for profile in ("smoke", "quick"):  # no job of the small profiles is refused
        config = load_profile(profile)
        for rule, job in registry.jobs().items():
            if job.gpu:
                for name in job.benchmark_names(config):
                    refuse_slow_cpu_job(fake_job(rule, name, profile), True)


def test_paper_gpu_jobs_refused_on_two_cores_are_the_long_ones(monkeypatch):
    config = load_profile("paper")
    refused = {name for name in cost.jobs(config) if cost.cpu_floor_s(config, name, 2)[0] > 60 * 60}
    assert {"panigrahi2020_fig1_train/n10", "panigrahi2020_fig1_train/n50", "panigrahi2020_fig2_train",
            "das2019_compute"} <= refused
    assert "du2019_train" not in refused and "das2019_counterexample" not in refused


def test_the_workflow_stops_such_a_job_before_it_computes(workflow_copy):
    target = "results/paper/panigrahi2020/fig1/train_n10.npz"
    proc = snakemake(workflow_copy, "--cores", "2", "--configfile", "config/paper.yaml", "--config", "device=cpu",
                     "--", target, check=False, timeout=300)
    assert proc.returncode != 0
    assert "panigrahi2020_fig1_train/n10 needs a GPU" in proc.stdout + proc.stderr
    assert not (workflow_copy / target).exists()
