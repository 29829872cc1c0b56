"""Reading inputs (overparam.inputs) and the memory bounds (overparam.memory), without Snakemake.

The end-to-end cases (a damaged file of a finished run, a config too large) are in test_bad_inputs.py.
"""
import ast
import json
import os

import numpy as np
import pandas as pd
import pytest

from conftest import REPO, load_profile
from overparam import inputs, memory, registry
from overparam.io import save_npz, write_csv
from overparam.jobs import DeclaredConfig, UndeclaredConfigKey, declared_keys, select
from overparam.provenance import Job, sidecar_path

JOB_MODULES = sorted((REPO / "src/overparam/papers").glob("*/*.py")) + [
    REPO / "src/overparam/claims.py", REPO / "src/overparam/report_pages.py"]
READERS = {"read_csv", "load_npz", "load", "loadtxt", "genfromtxt"}  # pandas/numpy/io readers of a file


@pytest.mark.parametrize("path", JOB_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_jobs_read_files_only_through_overparam_inputs(path):
    """One reader: a job module never calls pandas.read_csv, numpy.load or io.load_npz itself."""
    calls = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
             for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)}
    assert not calls & READERS, calls & READERS


def test_every_panel_column_is_typed_and_every_compute_job_has_a_memory_bound():
    for panel in registry.panels().values():
        assert [c for c, _ in panel.types] == list(panel.columns), panel.name
    for rule, job in registry.jobs().items():
        if job.gpu:
            assert job.memory is not None, rule


@pytest.mark.parametrize("profile", ["smoke", "quick", "paper"])
def test_every_grid_reads_only_keys_its_readers_declare(profile, tmp_path):
    """A panel's grid, evaluated with each reading job's declared keys (an undeclared key raises)."""
    config = load_profile(profile)
    readers = {"du2019-fig1": ["du2019_plot_fig1"], "du2019-supp1": ["du2019_plot_supp1"],
               "oymak2019-fig2": ["oymak2019_claims", "oymak2019_plot_fig2"],
               "panigrahi2020-fig1": ["panigrahi2020_plot_fig1"], "panigrahi2020-fig2": ["panigrahi2020_plot_fig2"],
               "das2019-supp": ["das2019_plots"]}
    ungridded = {"panigrahi2020-fig2a"}  # a histogram's float bin edges
    for panel in registry.panels().values():
        assert panel.grid is not None or panel.name in ungridded, panel.name
        rules = [rule for prefix, rules in readers.items() if panel.name.startswith(prefix) for rule in rules]
        assert rules or panel.grid is None, panel.name
        for rule in rules:
            declared = DeclaredConfig(select(config, declared_keys(registry.job(rule).entry)))
            grid = panel.grid(declared) if panel.grid else ()
            for block in grid if isinstance(grid, tuple) else (grid,):
                values = block.values if isinstance(block, registry.Grid) else block
                assert all(values.values()) or panel.name.startswith("das2019-supp2d"), (rule, panel.name, block)


def finished(tmp_path, name, frame) -> str:
    path = tmp_path / "results/smoke" / f"{name}.csv"
    write_csv(frame, path)
    Job("du2019_tables", "cpu").write_records([path])
    return str(path)


def fig1a(widths=(20, 40), seeds=2, steps=3) -> pd.DataFrame:
    rows = [(m, s, t, 1.0 / (t + 1), -1) for m in widths for s in range(seeds) for t in range(steps + 1)]
    return pd.DataFrame(rows, columns=["m", "seed", "iteration", "loss", "diverged_at"])


CONFIG = {"du2019": {"widths": [20, 40], "small_widths": [5], "seeds": 2, "steps": 3}}


def test_a_clean_table_passes_and_a_record_holds_its_checksum(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = finished(tmp_path, "du2019-fig1a", fig1a())
    record = json.loads(sidecar_path(path).read_text())
    assert record["sha256"] == inputs.file_sha256(path) and record["bytes"] == (tmp_path / path).stat().st_size
    inputs.verify_inputs([path], CONFIG)
    pd.testing.assert_frame_equal(inputs.read_table(path), pd.read_csv(path))


@pytest.mark.parametrize(("edit", "fragment"), [
    (lambda f: f.drop(index=[3]), "1 of the 16 rows of the m x seed x iteration grid are missing, first m=20, seed=0, "
                                  "iteration=3"),
    (lambda f: f.assign(loss=f["loss"].astype(object).where(f.index != 6, "oops")),
     "row 7 (line 8), column 'loss': 'oops' is not a number"),
    (lambda f: f.assign(loss=f["loss"].where(f.index != 2, np.inf)),
     "row 3 (line 4), column 'loss': inf where a finite number is needed"),
    (lambda f: f.drop(columns=["diverged_at"]), "missing ['diverged_at']"),
    (lambda f: f[f["m"] != 40], "column 'm': [40] missing"),
    (lambda f: pd.concat([f, f.iloc[[0]]]), "row 17 (line 18): m=20, seed=0, iteration=0 repeats row 1 (line 2)"),
])
def test_a_damaged_panel_is_named_by_row_and_column(tmp_path, monkeypatch, edit, fragment):
    monkeypatch.chdir(tmp_path)
    path = "results/smoke/du2019-fig1a.csv"
    write_csv(edit(fig1a()), path)  # written as the job would (no record: content checks only)
    with pytest.raises(inputs.InputError) as err:
        inputs.verify_inputs([path], CONFIG)
    assert fragment in str(err.value), str(err.value)
    assert str(err.value).endswith(f"Regenerate: rm {path} && snakemake --cores all --configfile config/smoke.yaml")


def test_a_diverged_run_may_hold_non_finite_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frame = fig1a()
    frame.loc[frame["m"] == 40, "diverged_at"] = 2
    frame.loc[(frame["m"] == 40) & (frame["iteration"] >= 2), "loss"] = np.nan
    write_csv(frame, "results/smoke/du2019-fig1a.csv")
    inputs.verify_inputs(["results/smoke/du2019-fig1a.csv"], CONFIG)


def test_a_grid_key_the_job_did_not_declare_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(fig1a(), "results/smoke/du2019-fig1a.csv")
    with pytest.raises(UndeclaredConfigKey):
        inputs.verify_inputs(["results/smoke/du2019-fig1a.csv"],
                             DeclaredConfig({"du2019": {"widths": [20, 40]}}, entry="a plot"))


def test_a_damaged_run_file_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = "results/smoke/du2019/train/seed0.npz"
    save_npz(path, loss=np.arange(10.0))
    Job("du2019_train", "cpu").write_records([path])
    data = (tmp_path / path).read_bytes()
    (tmp_path / path).write_bytes(data[:50])
    with pytest.raises(inputs.InputError, match="was changed after job du2019_train wrote it: it has 50 of the"):
        inputs.verify_inputs([path])
    sidecar_path(path).unlink()
    with pytest.raises(inputs.InputError, match="is not a readable run file .BadZipFile"):
        inputs.read_run(path)
    (tmp_path / path).write_bytes(data[:-1] + b"x")
    inputs.verify_inputs([path])  # no record: nothing to compare with (a note)


def test_memory_names_the_key_that_makes_it_large(monkeypatch):
    config = load_profile("smoke")
    config["du2019"]["widths"] = [20, 40, 10**9]
    monkeypatch.setenv(memory.ENV, "24")
    lines = memory.memory_problems(config)
    assert lines[0].startswith("config key 'du2019.widths': job du2019_train needs at least") and len(lines) == 3
    assert lines[1].startswith("config key 'du2019.widths': job du2019_sensitivity needs at least")  # widths x 2
    config["du2019"]["widths"], config["du2019"]["seeds"] = [20], 10**8
    assert memory.memory_problems(config)[0].startswith("config key 'du2019.seeds'")
    monkeypatch.setenv(memory.ENV, "0")
    assert memory.memory_problems(config) == []
    monkeypatch.setenv(memory.ENV, "lots")
    with pytest.raises(ValueError, match="OVERPARAM_MEMORY_GIB"):
        memory.memory_problems(config)


def test_gpu_jobs_are_checked_against_the_smallest_gpu_unless_the_config_says_cpu(tmp_path, monkeypatch):
    """A stand-in nvidia-smi reports two GPUs of 16 and 8 GiB: the training job that needs 10 GiB does not fit the
    8 GiB one; device: cpu, or OVERPARAM_MEMORY_GIB set, leaves only the machine's limit."""
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\necho 16384; echo 8192\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.delenv(memory.ENV, raising=False)
    monkeypatch.setattr(memory, "available", lambda: (10**15, "available on this machine"))
    config = {**load_profile("smoke"), "device": "auto"}
    du = config["du2019"]
    du["seeds"], du["widths"], du["small_widths"] = 1, [10 * 1024**3 // (12 * du["d"] + 24 * du["n"])], []
    assert memory.gpu_available(config) == (8192 * 1024**2, "of the GPU (nvidia-smi memory.total)")
    lines = memory.memory_problems(config)
    assert lines[0].startswith("config key 'du2019.widths': job du2019_train needs at least 10.0 GiB")
    assert lines[0].endswith("more than the 8.0 GiB of the GPU (nvidia-smi memory.total)"), lines[0]
    assert memory.memory_problems({**config, "device": "cpu"}) == []
    monkeypatch.setenv(memory.ENV, "24")
    assert memory.gpu_available(config)[0] is None


@pytest.mark.parametrize("profile", ["smoke", "quick", "paper"])
def test_the_profiles_fit_in_24_gib(profile, monkeypatch):
    monkeypatch.setenv(memory.ENV, "24")
    assert memory.memory_problems(load_profile(profile)) == []


def test_a_grid_block_checks_only_its_rows_and_curves_need_each_combination_once_or_more():
    frame = pd.DataFrame({"dataset": ["A"] * 4 + ["B"] * 2, "m": [1, 1, 2, 2, 7, 7], "t": [0, 1, 0, 1, 0, 1]})
    curves = registry.Grid({"m": [1, 2]}, where={"dataset": "A"}, once=False)
    assert inputs.grid_problems(frame, curves) == []  # B's m = 7 is not A's business; m repeats along t
    assert inputs.grid_problems(frame, registry.Grid({"m": [1, 2]}, where={"dataset": "A"})) == [
        "row 2 (line 3): m=1 repeats row 1 (line 2)", "row 4 (line 5): m=2 repeats row 3 (line 4)"]
    assert inputs.grid_problems(frame.drop(index=[2, 3]), curves) == [
        "column 'm' among the rows with dataset=A: [2] missing (the config implies [1, 2])"]
    assert inputs.grid_problems(frame.assign(m=[1, 1, 3, 3, 7, 7]), registry.Grid({"m": [1, 3]}, once=False)) == [
        "row 5 (line 6), column 'm': 7 is not among the values the config implies ([1, 3])"]


def _block_combinations(frame, block):
    """The rows of one combination of a block (its first column's last value): what a lost width or seed drops."""
    block = block if isinstance(block, registry.Grid) else registry.Grid(block)
    selected = np.ones(len(frame), dtype=bool)
    for column, value in block.where.items():
        selected &= (frame[column] == value).to_numpy()
    column = next(iter(block.values))
    return selected & (frame[column] == sorted(block.values[column])[-1]).to_numpy()


@pytest.mark.parametrize("paper", ["panigrahi2020", "das2019", "du2019", "oymak2019"])
def test_every_gridded_panel_of_a_smoke_run_passes_and_names_a_lost_width_seed_or_step(paper, smoke_run, tmp_path):
    """The smoke run's own tables pass their grids under the plot job's declared keys; each block of each grid
    loses one value of its first column (a width, seed, n, activation or epoch) and the check names the panel."""
    config = load_profile("smoke")
    for panel in registry.panels().values():
        if not panel.name.startswith(paper) or panel.grid is None:
            continue
        figure = panel.name.split("-")[1][:-1]  # das2019-supp2c -> supp2
        rule = "das2019_plots" if paper == "das2019" else f"{paper}_plot_{figure}"
        declared = DeclaredConfig(select(config, declared_keys(registry.job(rule).entry)))
        path = smoke_run / f"results/smoke/{panel.name}.csv"
        frame = inputs.read_panel(path, declared)
        grid = panel.grid(declared)
        for block in grid if isinstance(grid, tuple) else (grid,):
            lost = _block_combinations(frame, block)
            if not lost.any():
                continue  # an empty block (no data set run at the threshold width in this profile)
            damaged = tmp_path / f"{panel.name}.csv"
            write_csv(frame[~lost], damaged)
            with pytest.raises(inputs.InputError, match="missing"):
                inputs.read_panel(damaged, declared)
