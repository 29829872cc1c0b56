"""Bad configurations and inputs, one table: each stops before any computation with a message naming the problem.

Every case goes through the real entry point: ``snakemake`` on a copy of the workflow (a bad config, a bad
output folder, a device without a GPU, a corrupted CIFAR-10 archive) or, where Snakemake would need the
network, the library function the data rule calls (a missing CIFAR-10 archive, offline). For the workflow
cases nothing may have been computed: no result, figure, log or benchmark file, no job started.
(`test_config.py` checks 20 more schema violations directly through the validator.)
"""
from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import torch
import yaml

from cifar10_fixture import write_fixture
from conftest import copy_workflow, load_profile, snakemake
from overparam import cifar10

OUTPUT_ROOTS = ["results", "figures", "logs", "benchmarks"]


@dataclass
class Case:
    id: str
    expect: list[str]  # fragments of the message, all required
    edits: dict = field(default_factory=dict)  # "a.b[0].c" -> value on the smoke profile; KeyError deletes
    setup: Callable[[Path], list[str]] | None = None  # prepares the workflow copy; returns extra arguments
    library: Callable[[Path], None] | None = None  # no Snakemake: calls the library, which must raise
    failing_job: str | None = None  # the one job allowed to start (it fails before computing anything)
    skip: Callable[[], str | None] = lambda: None


def _set(cfg: dict, path: str, value) -> None:
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node = cfg
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value


def results_is_a_file(repo: Path) -> list[str]:
    (repo / "results").write_text("not a folder\n")
    return []


def results_is_read_only(repo: Path) -> list[str]:
    (repo / "results").symlink_to("/sys")  # sysfs: no file can be created there, not even by root
    return []


def corrupted_archive(repo: Path) -> list[str]:
    (repo / "cifar").mkdir()
    (repo / "cifar/cifar-10-python.tar.gz").write_bytes(b"not the CIFAR-10 archive")
    return ["--config", "cifar10_source=download", "cifar10_root=cifar", "--",
            "results/smoke/panigrahi2020/fig2/images.npz"]


def missing_archive(tmp_path: Path) -> None:
    cls, _, _ = write_fixture(tmp_path / "fixture")  # its URL points at 127.0.0.1:9, where nothing listens
    root = tmp_path / "empty"
    root.mkdir()
    cifar10.ensure_dataset(root, dataset_cls=cls)


def duplicate_key(repo: Path) -> list[str]:
    text = (repo / "bad.yaml").read_text()
    assert "\ndevice: " in text
    (repo / "bad.yaml").write_text(text + "device: cuda\n")  # a second top-level 'device'
    return []


def outside_the_root(repo: Path) -> list[str]:
    (repo / "elsewhere").mkdir()
    return ["--directory", "elsewhere", "--snakefile", str(repo / "Snakefile")]


def sys_is_writable() -> str | None:
    try:
        with tempfile.TemporaryFile(dir="/sys"):
            return "/sys is writable here"
    except OSError:
        return None


CASES = [
    Case("unknown activation", ["config key 'du2019.activation'", "'sigmoidal' is not one of"],
         {"du2019.activation": "sigmoidal"}),
    Case("unknown activation in a list", ["config key 'panigrahi2020.fig1.train.activations[1]'", "'sigmoidal'"],
         {"panigrahi2020.fig1.train.activations": ["relu", "sigmoidal"]}),
    Case("negative width", ["config key 'du2019.widths[0]'", "-20 is less than the minimum of 1"],
         {"du2019.widths": [-20, 40]}),
    Case("zero width", ["config key 'panigrahi2020.fig2.train.width'", "0 is less than the minimum of 1"],
         {"panigrahi2020.fig2.train.width": 0}),
    Case("empty width list", ["config key 'du2019.widths'", "[] is too short"], {"du2019.widths": []}),
    Case("eta = 0", ["config key 'du2019.eta'", "0 is less than or equal to the minimum of 0"], {"du2019.eta": 0}),
    Case("eta < 0", ["config key 'oymak2019.activations[0].eta'", "-0.15 is less than or equal to the minimum of 0"],
         {"oymak2019.activations[0].eta": -0.15}),
    Case("non-integer seed", ["config key 'du2019.seed'", "1.5 is not of type 'integer'"], {"du2019.seed": 1.5}),
    Case("seed as a string", ["config key 'oymak2019.seed'", "'zero' is not of type 'integer'"],
         {"oymak2019.seed": "zero"}),
    Case("unknown key in a profile section", ["config key 'du2019.stepz': unknown key"], {"du2019.stepz": 100}),
    Case("misspelt top-level key", ["config key 'devise': unknown key"], {"devise": "cpu"}),
    Case("key missing from the profile file", ["do not hold every key", "config key 'du2019': 'n' is a required"],
         {"du2019.n": KeyError}),
    Case("profile name that leaves results/", ["config key 'profile'", "does not match"], {"profile": "../elsewhere"}),
    Case("figure seed not among the seeds", ["config key 'du2019.figure_seed': 5 is not below du2019.seeds = 2"],
         {"du2019.figure_seed": 5}),
    Case("unknown device", ["config key 'device'", "'tpu' is not one of"], {"device": "tpu"}),
    Case("device cuda without a GPU", ["config key 'device' is 'cuda' but torch sees no CUDA GPU", "device: cpu"],
         {"device": "cuda"}, skip=lambda: "a GPU is present" if torch.cuda.is_available() else None),
    Case("output folder is a file", ["output folder 'results/smoke' cannot be created",
                                     "'results' exists and is not a folder"], setup=results_is_a_file),
    Case("output folder not writable", ["output folder 'results/smoke' is not writable"],
         setup=results_is_read_only, skip=sys_is_writable),
    Case("corrupted CIFAR-10 archive", ["Error in rule panigrahi2020_fig2_data", "cifar/cifar-10-python.tar.gz has md5",
                                        "expected c58f30108f718f92721af3b95e74349a", "cifar10_source=synthetic"],
         setup=corrupted_archive, failing_job="panigrahi2020_fig2_data"),
    Case("NaN step size", ["config key 'du2019.eta': nan is not a finite number"], {"du2019.eta": float("nan")}),
    Case("infinite tolerance", ["config key 'oymak2019.tol': inf is not a finite number"],
         {"oymak2019.tol": float("inf")}),
    Case("NaN in a list of step sizes", ["config key 'oymak2019.activations[1].eta': nan is not a finite number"],
         {"oymak2019.activations[1].eta": float("nan")}),
    Case("NaN failure probability", ["config key 'das2019.delta_prime': nan is not a finite number"],
         {"das2019.delta_prime": float("nan")}),
    Case("minus infinite learning rate", ["config key 'panigrahi2020.fig2.train.lr': -inf is not a finite number"],
         {"panigrahi2020.fig2.train.lr": float("-inf")}),
    Case("integral float seed count", ["config key 'du2019.seeds': 2.0 is not an integer (write 2)"],
         {"du2019.seeds": 2.0}),
    Case("integral float width", ["config key 'du2019.widths[1]': 40.0 is not an integer (write 40)"],
         {"du2019.widths": [20, 40.0, 80]}),
    Case("profile name with a trailing newline", ["config key 'profile'", "trailing newline"],
         {"profile": "smoke\n"}),
    Case("duplicate key in a config file", ["config file bad.yaml: key 'device' appears twice"],
         setup=duplicate_key),
    Case("started outside the repository root", ["run snakemake from the repository root", "config/quick.yaml"],
         setup=outside_the_root),
    Case("missing CIFAR-10 archive (offline)", ["could not download CIFAR-10", "cifar-10-python.tar.gz", "md5",
                                                "cifar10_root", "cifar10_source=synthetic"], library=missing_archive),
]


def files_under(repo: Path) -> set[str]:
    return {str(p.relative_to(repo)) for root in OUTPUT_ROOTS
            if (repo / root).is_dir() and not (repo / root).is_symlink()  # never walk the /sys stand-in
            for p in (repo / root).rglob("*") if p.is_file()}


def test_the_table_is_large_enough():
    assert len(CASES) >= 30 and len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_stops_before_computing(case, tmp_path):
    if reason := case.skip():
        pytest.skip(reason)
    if case.library:
        with pytest.raises(Exception) as err:  # noqa: PT011 - the message is what is checked
            case.library(tmp_path)
        for fragment in case.expect:
            assert fragment in str(err.value), (fragment, str(err.value))
        assert not list((tmp_path / "empty").iterdir())  # no partial download left behind
        return
    repo = copy_workflow(tmp_path / "repo")
    cfg = copy.deepcopy(load_profile("smoke"))
    for path, value in case.edits.items():
        _set(cfg, path, value)
    (repo / "bad.yaml").write_text(yaml.safe_dump(cfg))
    extra = case.setup(repo) if case.setup else []
    before = files_under(repo)
    proc = snakemake(repo, "--cores", "1", "--configfile", "bad.yaml", *extra, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-3000:]
    for fragment in case.expect:
        assert fragment in out, (fragment, out[-3000:])
    assert "Traceback (most recent call last)" not in out
    # nothing computed: no new file under results/, figures/, logs/, benchmarks/ except the failing job's log
    new = files_under(repo) - before
    allowed = {f"logs/smoke/{case.failing_job}.log", f"benchmarks/smoke/{case.failing_job}.tsv"} \
        if case.failing_job else set()
    assert new <= allowed, new
    started = out.count("localrule ") + out.count("\nrule ")
    assert started == (1 if case.failing_job else 0), out[-3000:]
    incomplete = repo / ".snakemake/incomplete"
    assert not incomplete.exists() or not list(incomplete.rglob("*"))
