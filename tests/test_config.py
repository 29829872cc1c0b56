"""Profiles validate; bad values are rejected with a message that names the key."""
import copy

import pytest
import yaml

from conftest import REPO, load_profile
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
    ("panigrahi2020.fig2.spectra.activations", ["relu", "gelu"], "panigrahi2020.fig2.spectra.activations[1]"),
]


@pytest.mark.parametrize("path,value,key", BAD, ids=[f"{p}={v}" for p, v, _ in BAD])
def test_bad_values_name_the_key(path, value, key):
    cfg = copy.deepcopy(load_profile("quick"))
    edit(cfg, path, value)
    errors = config_errors(cfg, SCHEMA)
    assert errors and any(f"config key '{key}'" in e for e in errors), errors


# Through Snakemake (nothing computed, message names the problem): tests/test_bad_inputs.py.
