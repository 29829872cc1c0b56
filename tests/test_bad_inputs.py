"""Bad configurations and inputs, one table: each stops with a message naming the problem.

Every case goes through the real entry point: ``snakemake`` on a copy of the workflow (a bad config, a bad
output folder, a device without a GPU, a corrupted CIFAR-10 archive, a config too large for the machine) or, where
Snakemake would need the network, the library function the data rule calls (a missing CIFAR-10 archive, offline).
For those cases nothing may have been computed: no result, figure, log or benchmark file, no job started.
Damaged intermediate files (a table or run file of a finished smoke run, edited, truncated or cut off from its
record) go through ``snakemake`` on a copy of that finished run: only the jobs that read the file start, each stops
before reading any input, and no result file changes; rerunning the command the message gives restores every
result byte for byte. ``docs/reliability.md`` holds this table (``python tests/test_bad_inputs.py`` writes it).
(`test_config.py` checks 20 more schema violations directly through the validator.)
"""
from __future__ import annotations

import copy
import filecmp
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import torch
import yaml

from cifar10_fixture import write_fixture
from conftest import REPO, copy_workflow, load_profile, snakemake
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
    # damages a finished smoke run (the copy's root); the message must name these jobs as failed, and only them
    damage: Callable[[Path], None] | None = None
    failing_jobs: tuple[str, ...] = ()
    args: tuple[str, ...] = ()  # for a damage that Snakemake alone would not act on (the file itself unchanged)
    before_computing: bool = True  # stopped before any computation (a damaged input: before its job reads it)


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


SMOKE = "results/smoke"


def _edit_csv(repo: Path, name: str, edit) -> None:
    path = repo / SMOKE / f"{name}.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(edit(lines)))


def _set_cell(lines: list[str], row: int, column: str, value: str) -> list[str]:
    header = lines[0].rstrip("\n").split(",")
    cells = lines[row].rstrip("\n").split(",")
    cells[header.index(column)] = value
    return [*lines[:row], ",".join(cells) + "\n", *lines[row + 1:]]


def issue_example(repo: Path) -> None:
    """Rows of one width dropped from du2019-fig1a.csv, a word in a max_distance cell of du2019-fig1c.csv."""
    _edit_csv(repo, "du2019-fig1a", lambda lines: [line for line in lines if not line.startswith("40,")])
    _edit_csv(repo, "du2019-fig1c", lambda lines: _set_cell(lines, 17, "max_distance", "oops"))


def nan_in_finite_column(repo: Path) -> None:
    _edit_csv(repo, "du2019-fig1b", lambda lines: _set_cell(lines, 5, "pattern_change_fraction", "nan"))


def missing_column(repo: Path) -> None:
    def drop(lines):
        header = lines[0].rstrip("\n").split(",")
        i = header.index("probability")
        return [",".join(c for j, c in enumerate(line.rstrip("\n").split(",")) if j != i) + "\n" for line in lines]
    _edit_csv(repo, "oymak2019-fig2a", drop)


def dropped_cell_rows(repo: Path) -> None:
    _edit_csv(repo, "oymak2019-fig2c", lambda lines: lines[:-3])


def float_in_integer_column(repo: Path) -> None:
    _edit_csv(repo, "panigrahi2020-fig1a", lambda lines: _set_cell(lines, 3, "epoch", "2.5"))


RUN_FILE = f"{SMOKE}/du2019/train/seed0.npz"


def truncated_run_file(repo: Path) -> None:
    path = repo / RUN_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def changed_run_file(repo: Path) -> None:
    """One byte changed in the middle, size kept: only the checksum tells."""
    path = repo / RUN_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def truncated_run_file_without_record(repo: Path) -> None:
    truncated_run_file(repo)
    (repo / f"{RUN_FILE}.provenance.json").unlink()


def damaged_record(repo: Path) -> None:
    side = repo / f"{SMOKE}/oymak2019/trials_relu_n30.csv.provenance.json"
    side.write_text(side.read_text()[:100])


def emptied_claims_file(repo: Path) -> None:
    (repo / f"{SMOKE}/claims/du2019.csv").write_text("")


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
    Case("corrupted CIFAR-10 archive", ["cifar/cifar-10-python.tar.gz has md5", "Error in rule panigrahi2020_fig2_data",
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
    Case("width too large for the machine's memory", ["config key 'du2019.widths': job du2019_train needs at least",
                                                      "OVERPARAM_MEMORY_GIB"],
         {"du2019.widths": [20, 40, 1_000_000_000]}),
    Case("panel tables: rows dropped and a word in a number cell",
         ["du2019-fig1a.csv was changed after job du2019_tables wrote it", "column 'm': [40] missing",
          "du2019-fig1c.csv was changed after job du2019_tables wrote it",
          "row 17 (line 18), column 'max_distance': 'oops' is not a number",
          "Regenerate: rm results/smoke/du2019-fig1a.csv results/smoke/du2019-fig1c.csv && snakemake --cores all "
          "--configfile config/smoke.yaml"],
         damage=issue_example, failing_jobs=("du2019_plot_fig1",)),
    Case("panel table: NaN where the panel needs a finite number",
         ["du2019-fig1b.csv was changed", "row 5 (line 6), column 'pattern_change_fraction': nan where a finite number "
                                          "is needed"],
         damage=nan_in_finite_column, failing_jobs=("du2019_plot_fig1",)),
    Case("panel table: a column missing", ["oymak2019-fig2a.csv was changed", "missing ['probability']"],
         damage=missing_column, failing_jobs=("oymak2019_claims", "oymak2019_plot_fig2")),
    Case("panel table: cells of the grid dropped", ["oymak2019-fig2c.csv was changed",
                                                    "3 of the 36 rows of the k x d grid are missing"],
         damage=dropped_cell_rows, failing_jobs=("oymak2019_claims", "oymak2019_plot_fig2")),
    Case("panel table: a fraction in an integer column", ["panigrahi2020-fig1a.csv was changed",
                                                           "column 'epoch': 2.5 is not an integer"],
         damage=float_in_integer_column, failing_jobs=("panigrahi2020_plot_fig1",)),
    Case("run file truncated", [f"input file {RUN_FILE} was changed after job du2019_train wrote it: it has",
                                "bytes recorded (truncated?)",
                                f"Regenerate: rm {RUN_FILE} && snakemake --cores all --configfile config/smoke.yaml"],
         damage=truncated_run_file, failing_jobs=("du2019_claims", "du2019_tables")),
    Case("run file changed, same size (checksum)", [f"input file {RUN_FILE} was changed after job du2019_train",
                                                    "sha256", "(10100 bytes), recorded"],
         damage=changed_run_file, failing_jobs=("du2019_claims", "du2019_tables")),
    Case("run file truncated, its record deleted", [f"input file {RUN_FILE} is not a readable run file",
                                                    "BadZipFile", f"Regenerate: rm {RUN_FILE}"],
         damage=truncated_run_file_without_record, failing_jobs=("du2019_claims", "du2019_tables")),
    Case("provenance record damaged", ["its provenance record", "trials_relu_n30.csv.provenance.json is damaged"],
         damage=damaged_record, failing_jobs=("oymak2019_tables",), args=("--forcerun", "oymak2019_tables")),
    Case("claims file emptied", ["results/smoke/claims/du2019.csv was changed", "Regenerate: rm "
                                                                                 "results/smoke/claims/du2019.csv"],
         damage=emptied_claims_file, failing_jobs=("sensitivity",)),  # the first reader of du2019.csv
    Case("missing CIFAR-10 archive (offline)", ["could not download CIFAR-10", "cifar-10-python.tar.gz", "md5",
                                                "cifar10_root", "cifar10_source=synthetic"], library=missing_archive),
]


def files_under(repo: Path) -> set[str]:
    return {str(p.relative_to(repo)) for root in OUTPUT_ROOTS
            if (repo / root).is_dir() and not (repo / root).is_symlink()  # never walk the /sys stand-in
            for p in (repo / root).rglob("*") if p.is_file()}


def test_the_table_is_large_enough():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


CONFIG_CASES = [c for c in CASES if c.damage is None]
DAMAGE_CASES = [c for c in CASES if c.damage is not None]
RUN = ("--cores", "all", "--configfile", "config/smoke.yaml")  # as the regeneration command runs it


# The message's line holding each case's first fragment, as docs/reliability.md shows it. A run with
# RECORD_FIRST_LINES=1 rewrites a case's entry instead of comparing it.
FIRST_LINES_FILE = REPO / "tests/bad_input_first_lines.json"


def recorded_first_lines() -> dict[str, str]:
    return json.loads(FIRST_LINES_FILE.read_text()) if FIRST_LINES_FILE.exists() else {}


# What depends on the machine, the length of the smoke profile's file or the test's archive, not on the case.
# Parts of a message that depend on the machine, not on the code: free memory, and the size and checksum of a result
# file (float round-off differs between CPUs, so a run's CSVs and run files differ in their last digits).
VARIABLE = [(re.compile(r"more than the [0-9.]+ GiB available"), "more than the N GiB available"),
            (re.compile(r"\(lines \d+ and \d+\)"), "(lines N and M)"),
            (re.compile(r"md5 [0-9a-f]{32}, from http://127\.0\.0\.1"), "md5 of the test's archive, from http://127.0.0.1"),
            (re.compile(r"it has [1-9]\d* of the \d+ bytes recorded"), "it has N of the M bytes recorded"),
            (re.compile(r"it has 0 of the \d+ bytes recorded"), "it has 0 of the M bytes recorded"),
            (re.compile(r"sha256 [0-9a-f]{16}\.\.\. \(\d+ bytes\), recorded [0-9a-f]{16}\.\.\. \(\d+ bytes\)"),
             "sha256 H... (N bytes), recorded H'... (M bytes)")]


def first_line(case: Case, out: str, root: Path) -> str:
    """The message's line that holds the case's first fragment, without the temporary folder's path."""
    # several jobs may report the same damaged file, in the scheduler's order: take the first by job name
    line = min(line for line in out.splitlines() if case.expect[0] in line)
    line = line.replace(str(root) + "/", "").replace(str(root), ".").strip()
    for pattern, replacement in VARIABLE:
        line = pattern.sub(replacement, line)
    return line


def check_first_line(case: Case, out: str, root: Path) -> None:
    line = first_line(case, out, root)
    if os.environ.get("RECORD_FIRST_LINES"):
        FIRST_LINES_FILE.write_text(json.dumps({**recorded_first_lines(), case.id: line}, indent=1,
                                               ensure_ascii=False) + "\n")
    assert line == recorded_first_lines().get(case.id), (case.id, line)


@pytest.mark.parametrize("case", CONFIG_CASES, ids=[c.id for c in CONFIG_CASES])
def test_bad_input_stops_before_computing(case, tmp_path):
    if reason := case.skip():
        pytest.skip(reason)
    if case.library:
        with pytest.raises(Exception) as err:  # noqa: PT011 - the message is what is checked
            case.library(tmp_path)
        for fragment in case.expect:
            assert fragment in str(err.value), (fragment, str(err.value))
        assert not list((tmp_path / "empty").iterdir())  # no partial download left behind
        check_first_line(case, str(err.value), tmp_path)
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
    # nothing computed: no new file under results/, figures/, logs/, benchmarks/ except the failing job's log (and the
    # report pages the error hook writes after a failed job, listing what was not built)
    new = {f for f in files_under(repo) - before if not (case.failing_job and f.startswith(f"{SMOKE}/report/"))}
    allowed = {f"logs/smoke/{case.failing_job}.log", f"benchmarks/smoke/{case.failing_job}.tsv"} \
        if case.failing_job else set()
    assert new <= allowed, new
    started = out.count("localrule ") + out.count("\nrule ")
    assert started == (1 if case.failing_job else 0), out[-3000:]
    incomplete = repo / ".snakemake/incomplete"
    assert not incomplete.exists() or not list(incomplete.rglob("*"))
    check_first_line(case, out, repo)


@pytest.fixture(scope="module")
def finished_smoke(tmp_path_factory):
    """A finished smoke run, as a user has it before a file gets damaged."""
    repo = copy_workflow(tmp_path_factory.mktemp("finished") / "repo")
    snakemake(repo, *RUN, timeout=1800)  # the whole smoke profile
    return repo


def damaged_copy(finished: Path, dest: Path, case: Case) -> Path:
    repo = Path(shutil.copytree(finished, dest, symlinks=True))
    case.damage(repo)
    return repo


def contents(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for root in ("results", "figures")
            for p in (repo / root).rglob("*") if p.is_file()}


def run_damaged(repo: Path, case: Case) -> str:
    before = contents(repo)
    proc = snakemake(repo, *RUN, *case.args, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-3000:]
    for fragment in case.expect:
        assert fragment in out, (fragment, out[-4000:])
    assert "Traceback (most recent call last)" not in out
    started = set(re.findall(r"^(?:local)?rule (\w+):", proc.stdout + proc.stderr, re.M))
    failed = set(re.findall(r"Error in rule (\w+):", out))
    assert started == failed == set(case.failing_jobs), (started, failed, out[-3000:])
    # each failing job stopped before reading its inputs: its log holds its start line, then the message only
    for job in case.failing_jobs:
        lines = [line for line in (repo / f"logs/smoke/{job}.log").read_text().splitlines()
                 if not line.startswith("note: ")]
        assert f"[{job}] started" in lines[0] and lines[1].startswith(f"[{job}] DAMAGED OR INVALID INPUT: "), lines
        assert lines[-1].startswith("Regenerate: rm "), lines
    # no result file written: every file is as it was (Snakemake removes the failed jobs' outputs), but the claims
    # table and the report pages, which the workflow's error hook rewrites from what is left (NOT BUILT rows, figures
    # listed as not built)
    after = {name: data for name, data in contents(repo).items()
             if name != f"{SMOKE}/claims.csv" and not name.startswith(f"{SMOKE}/report/")}
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert not changed, changed
    return out


@pytest.mark.parametrize("case", DAMAGE_CASES, ids=[c.id for c in DAMAGE_CASES])
def test_damaged_file_stops_its_readers(case, finished_smoke, tmp_path):
    repo = damaged_copy(finished_smoke, tmp_path / "repo", case)
    out = run_damaged(repo, case)
    check_first_line(case, out, repo)


def results_of(repo: Path) -> dict[str, Path]:
    return {str(p.relative_to(repo)): p for suffix in ("*.csv", "*.npz") for p in (repo / "results").rglob(suffix)}


@pytest.mark.parametrize("case_id", ["panel tables: rows dropped and a word in a number cell",
                                     "run file truncated"])
def test_the_regeneration_command_restores_identical_results(case_id, finished_smoke, tmp_path):
    """Rerunning the message's command (with this Python's snakemake) restores every CSV and NPZ byte for byte."""
    case = next(c for c in CASES if c.id == case_id)
    repo = damaged_copy(finished_smoke, tmp_path / "repo", case)
    out = run_damaged(repo, case)
    command = next(line for line in out.splitlines() if line.startswith("Regenerate: ")).removeprefix("Regenerate: ")
    removal, rerun = command.split(" && ")
    assert removal.startswith("rm ") and rerun == "snakemake --cores all --configfile config/smoke.yaml"
    for path in shlex.split(removal)[1:]:
        (repo / path).unlink()
    subprocess.run([sys.executable, "-m", *shlex.split(rerun)], cwd=repo, check=True, capture_output=True,
                   timeout=1800)
    original, restored = results_of(finished_smoke), results_of(repo)
    assert set(restored) == set(original)
    different = [name for name in original if not filecmp.cmp(original[name], restored[name], shallow=False)]
    assert not different, different


# ---------------------------------------------------------------- docs/reliability.md: this table

TABLE_START = "<!-- bad-input table: generated by `python tests/test_bad_inputs.py`; do not edit -->"
TABLE_END = "<!-- end of the bad-input table -->"


def markdown_table() -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = recorded_first_lines()
    rows = [f"| {cell(c.id)} | `{cell(lines.get(c.id, ''))}` | {'yes' if c.before_computing else 'no'} |"
            for c in CASES]
    return "\n".join([TABLE_START, f"{len(CASES)} cases, each run by `tests/test_bad_inputs.py`.", "",
                      "| case | the message's first line | caught before computing |", "|---|---|---|", *rows,
                      TABLE_END])


def test_the_docs_hold_this_table():
    text = (REPO / "docs/reliability.md").read_text()
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    assert text[start:end] == markdown_table(), "run: python tests/test_bad_inputs.py"


def test_every_case_has_its_first_line():
    lines = recorded_first_lines()
    assert set(lines) == {c.id for c in CASES}
    assert all(c.expect[0] in lines[c.id] for c in CASES)


if __name__ == "__main__":  # rewrite the table in docs/reliability.md
    doc = REPO / "docs/reliability.md"
    text = doc.read_text()
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    doc.write_text(text[:start] + markdown_table() + text[end:])
    print(f"{doc}: {len(CASES)} cases")
