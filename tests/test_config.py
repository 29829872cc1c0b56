"""Profiles validate; bad values are rejected with a message that names the key."""
import copy

import pytest
import yaml

from conftest import REPO, load_profile, snakemake
from overparam.config import config_errors

SCHEMA = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
PROFILES = ["smoke", "quick", "paper"]


@pytest.mark.parametrize("profile", PROFILES)
def test_profiles_are_valid_and_complete(profile):
    cfg = load_profile(profile)
    assert config_errors(cfg, SCHEMA) == []
    assert cfg["profile"] == profile


def test_profiles_have_the_same_keys():
    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict) for x in keys(v, f"{prefix}{k}.")}

    ref = keys(load_profile("quick"))
    for profile in PROFILES:
        assert keys(load_profile(profile)) == ref


def edit(cfg, path, value):
    node = cfg
    *parents, last = path.split(".")
    for p in parents:
        node = node[p]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value


BAD = [
    ("du2019.widths", [-200, 400], "du2019.widths[0]"),
    ("du2019.widths", [0, 400], "du2019.widths[0]"),
    ("du2019.widths", [], "du2019.widths"),
    ("du2019.activation", "sigmoidal", "du2019.activation"),
    ("du2019.eta", 0.0, "du2019.eta"),
    ("du2019.eta", -0.1, "du2019.eta"),
    ("du2019.seed", 1.5, "du2019.seed"),
    ("du2019.steps", 0, "du2019.steps"),
    ("du2019.stepz", 100, "du2019.stepz"),
    ("devise", "cpu", "devise"),
    ("device", "tpu", "device"),
    ("du2019.n", KeyError, "du2019"),
    ("du2019.output_weights", "uniform", "du2019.output_weights"),
    ("du2019.widths", [200, 200], "du2019.widths"),
    ("cifar10_source", "internet", "cifar10_source"),
    ("cifar10_root", "", "cifar10_root"),
    ("panigrahi2020.fig2.images", 60000, "panigrahi2020.fig2.images"),
    ("panigrahi2020.fig2.train.parametrization", "ntk", "panigrahi2020.fig2.train.parametrization"),
    ("panigrahi2020.fig2.train.lr", 0, "panigrahi2020.fig2.train.lr"),
    ("panigrahi2020.fig2.spectra.activations", ["relu", "sigmoidal"], "panigrahi2020.fig2.spectra.activations[1]"),
    ("das2019.delta_prime", 1.5, "das2019.delta_prime"),
    ("das2019.supp4.activations", ["softplus", "sigmoidal"], "das2019.supp4.activations[1]"),
    ("das2019.train.ref.widths", [0, 16], "das2019.train.ref.widths[0]"),
    ("das2019.supp4.A.stepz", 100, "das2019.supp4.A.stepz"),
    ("das2019.supp1.gd_eps", 0.0, "das2019.supp1.gd_eps"),
    ("das2019.train", KeyError, "das2019"),
]


@pytest.mark.parametrize("path,value,key", BAD, ids=[f"{p}={v}" for p, v, _ in BAD])
def test_bad_values_name_the_key(path, value, key):
    cfg = copy.deepcopy(load_profile("quick"))
    edit(cfg, path, value)
    errors = config_errors(cfg, SCHEMA)
    assert errors and any(f"config key '{key}'" in e for e in errors), errors


# Through Snakemake (nothing computed, message names the problem): tests/test_bad_inputs.py.
# Cross-key checks of common.smk (not expressible in the schema):
@pytest.mark.parametrize("path,value,key", [
    ("das2019.train.small_eta_width", 999, "das2019.train.small_eta_width"),
    ("das2019.supp1.ns", [16, -32], "das2019.supp1.ns[1]"),
])
def test_snakemake_stops_before_any_job(workflow_copy, path, value, key):
    cfg = copy.deepcopy(load_profile("smoke"))
    edit(cfg, path, value)
    bad = workflow_copy / "bad.yaml"
    bad.write_text(yaml.safe_dump(cfg))
    proc = snakemake(workflow_copy, "--cores", "1", "--configfile", "bad.yaml", check=False)
    assert proc.returncode != 0
    assert f"config key '{key}'" in proc.stdout + proc.stderr
    assert not (workflow_copy / "results").exists()
