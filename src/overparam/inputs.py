"""Reading a job's inputs: every file checked before it is used, in one place.

- ``verify_inputs`` (the runner calls it before the job's entry, for every input): a file the workflow wrote
  has its sha256 and size in its provenance record (``{file}.provenance.json``, written when the job that made
  it ended); a file that differs from its record (truncated, edited, overwritten) stops the job.
- ``read_run``: a run file (NPZ) that cannot be read stops the job naming it (not a bare ``BadZipFile``).
- ``read_table`` / ``read_panel``: a CSV that cannot be parsed, or a panel table whose columns, types,
  finiteness or grid (the widths, seeds, steps or cells the config implies) differ from its declaration in the
  registry (``overparam.registry.Panel``) stops the job naming the file, the row and the column.

Every such stop is an ``InputError``: what is wrong, file by file, then the command that regenerates the files
(delete them, then run the profile again: Snakemake rebuilds a missing file and everything made from it, with
the same seeds and code, so byte-identical results). The runner prints it without a traceback.
"""
from __future__ import annotations

import itertools
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .io import load_npz
from .provenance import file_sha256, sidecar_path
from .registry import Grid, Panel, panels

STANDARD_PROFILES = ("smoke", "quick", "paper")
MAX_LISTED = 5  # problems listed per file; the rest are counted


def profile_of(path) -> str | None:
    """The profile of a file under ``results/{profile}/`` (None elsewhere)."""
    parts = Path(path).parts
    return parts[1] if len(parts) > 2 and parts[0] == "results" else None


def regenerate_command(paths) -> str:
    """Delete the files, then run their profile again: Snakemake rebuilds what is missing and what is made
    from it (a damaged file has a newer time than its outputs, so deleting it is what makes its job rerun)."""
    paths = sorted({str(p) for p in paths})
    profiles = sorted({p for p in map(profile_of, paths) if p})
    profile = profiles[0] if len(profiles) == 1 else None
    config = f"config/{profile}.yaml" if profile in STANDARD_PROFILES else f"<the config file of profile '{profile}'>"
    return f"rm {' '.join(paths)} && snakemake --cores all --configfile {config}"


class InputError(RuntimeError):
    """Damaged or invalid input files: one line per problem, then the command that regenerates them."""

    def __init__(self, problems: list[str], paths):
        self.problems, self.paths = problems, sorted({str(p) for p in paths})
        super().__init__("\n".join([*problems, f"Regenerate: {regenerate_command(self.paths)}"]))


def record_of(path) -> dict | None:
    """The provenance record of a file (None without one); a damaged record raises InputError."""
    side = sidecar_path(path)
    if not side.is_file():
        return None
    try:
        record = json.loads(side.read_text())
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError([f"input file {path}: its provenance record {side} is damaged ({err})"], [path]) from None
    if not isinstance(record, dict):
        raise InputError([f"input file {path}: its provenance record {side} is not a JSON object"], [path])
    return record


def integrity_problem(path) -> str | None:
    """What is wrong with ``path`` against its record, or None (no record, or no checksum in it: a note)."""
    path = Path(path)
    if not path.is_file():
        return f"input file {path} is missing"
    record = record_of(path)
    if record is None or "sha256" not in record:
        return None
    size, wanted, recorded = path.stat().st_size, record.get("bytes"), record["sha256"]
    changed = f"input file {path} was changed after job {record.get('job', '?')} wrote it"
    if isinstance(wanted, int) and size < wanted:
        return f"{changed}: it has {size} of the {wanted} bytes recorded (truncated?) in {sidecar_path(path)}"
    actual = file_sha256(path)
    if actual != recorded:
        return (f"{changed}: sha256 {actual[:16]}... ({size} bytes), recorded {recorded[:16]}... ({wanted} bytes) "
                f"in {sidecar_path(path)}")
    return None


def verify_inputs(paths, config=None, note=print) -> None:
    """Check every input before the job reads any of them: against its record, and each panel table against its
    declaration (``read_panel``, with the job's declared ``config`` for its grid). All problems in one error."""
    problems, damaged = [], []
    registered = panels()
    for path in map(str, paths):
        problem = integrity_problem(path)
        if problem:
            problems.append(problem)
            damaged.append(path)
        elif profile_of(path) is not None and "sha256" not in (record_of(path) or {}):
            note(f"note: {path} has no checksum in a provenance record (written by an older version, or "
                 f"copied): not verified")
        if Path(path).stem in registered and path.endswith(".csv") and Path(path).is_file():
            try:
                read_panel(path, config)
            except InputError as err:
                problems += err.problems
                damaged.append(path)
    if problems:
        raise InputError(problems, damaged)


def read_run(path) -> dict[str, np.ndarray]:
    """A run file's arrays; an unreadable file stops the job naming it and how to regenerate it."""
    try:
        return load_npz(path)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as err:
        raise InputError([f"input file {path} is not a readable run file ({type(err).__name__}: {err})"],
                         [path]) from None


def read_table(path, **read_csv) -> pd.DataFrame:
    """A CSV table (``pandas.read_csv`` with these arguments); one that cannot be parsed stops the job."""
    try:
        return pd.read_csv(path, **read_csv)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as err:
        raise InputError([f"input file {path} is not a readable CSV table ({type(err).__name__}: {err})"],
                         [path]) from None


def _shown(value) -> str:
    """A cell as the file has it: numpy scalars as plain Python values."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _where(i: int) -> str:
    return f"row {i + 1} (line {i + 2})"


def _listed(lines: list[str]) -> list[str]:
    return lines[:MAX_LISTED] + ([f"... and {len(lines) - MAX_LISTED} more"] if len(lines) > MAX_LISTED else [])


def column_problems(frame: pd.DataFrame, panel: Panel) -> list[str]:
    """Columns, types and finiteness of a panel table against its declaration."""
    missing = [c for c in panel.columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in panel.columns]
    if missing or extra:
        return [f"columns {list(frame.columns)}, declared {list(panel.columns)}"
                + (f": missing {missing}" if missing else "") + (f", unexpected {extra}" if extra else "")]
    if list(frame.columns) != list(panel.columns):
        return [f"columns in the order {list(frame.columns)}, declared {list(panel.columns)}"]
    problems = []
    for column, kind in panel.types:
        values = frame[column]
        if kind == "str":
            bad = values.isna()
            problems += [f"{_where(i)}, column '{column}': empty" for i in np.flatnonzero(bad.to_numpy())]
            continue
        if kind == "bool":
            if values.dtype != bool:
                bad = ~values.astype(str).isin(["True", "False"])
                problems += [f"{_where(i)}, column '{column}': {_shown(values.iloc[i])} is not True or False"
                             for i in np.flatnonzero(bad.to_numpy())]
            continue
        numbers = pd.to_numeric(values, errors="coerce")
        text = values.notna() & numbers.isna()
        problems += [f"{_where(i)}, column '{column}': {_shown(values.iloc[i])} is not a number"
                     for i in np.flatnonzero(text.to_numpy())]
        if kind == "int":
            wrong = values.isna() | (numbers.notna() & (numbers != np.round(numbers)))
            problems += [f"{_where(i)}, column '{column}': {_shown(values.iloc[i])} is not an integer"
                         for i in np.flatnonzero(wrong.to_numpy())]
    if problems:
        return problems
    finite_rows = (frame["diverged_at"] == -1).to_numpy() if "diverged_at" in frame.columns \
        else np.ones(len(frame), bool)
    for column in panel.finite:
        values = frame[column].to_numpy(dtype=float)
        bad = ~np.isfinite(values) & finite_rows
        reason = "where its run did not diverge (diverged_at = -1)" if "diverged_at" in frame.columns else ""
        problems += [f"{_where(i)}, column '{column}': {values[i]} where a finite number is needed {reason}".rstrip()
                     for i in np.flatnonzero(bad)]
    return problems


def grid_problems(frame: pd.DataFrame, grid: "dict[str, list] | Grid") -> list[str]:
    """The rows against one block of the grid the config implies (``Grid``; a plain {column: values} is every
    combination exactly once). Rows are named by their place in the whole file."""
    block = grid if isinstance(grid, Grid) else Grid(grid)
    selected = np.ones(len(frame), dtype=bool)
    for column, value in block.where.items():
        selected &= (frame[column] == value).to_numpy()
    lines = np.flatnonzero(selected)  # position in the file of each selected row
    frame = frame[selected]
    columns = list(block.values)
    wanted_values = {column: list(values) for column, values in block.values.items()}
    among = f" among the rows with {_cell(block.where, block.where.values())}" if block.where else ""
    problems = []
    for column in columns:
        present, wanted = set(frame[column].tolist()), set(wanted_values[column])
        if wanted - present:
            problems.append(f"column '{column}'{among}: {sorted(wanted - present)} missing (the config implies "
                            f"{_short(sorted(wanted))})")
        unexpected = present - wanted
        if unexpected:
            rows = np.flatnonzero(frame[column].isin(unexpected).to_numpy())
            problems.append(f"{_where(lines[rows[0]])}, column '{column}': {_shown(frame[column].iloc[rows[0]])} is "
                            f"not among the values the config implies{among} ({_short(sorted(wanted))})")
    if problems:
        return problems
    keys = list(frame[columns].itertuples(index=False, name=None))
    seen: dict = {}
    for i, key in enumerate(keys):
        if key in seen and block.once:
            problems.append(f"{_where(lines[i])}: {_cell(columns, key)} repeats {_where(lines[seen[key]])}")
        seen.setdefault(key, i)
    size = math.prod(len(v) for v in wanted_values.values())
    if size < 10**7 and len(seen) < size:
        missing = [key for key in itertools.product(*wanted_values.values()) if key not in seen]
        problems.append(f"{len(missing)} of the {size} {'rows' if block.once else 'combinations'} of the "
                        f"{' x '.join(columns)} grid{among} are missing, first {_cell(columns, missing[0])}")
    return problems


def _grid_blocks(grid) -> tuple:
    return grid if isinstance(grid, tuple) else (grid,)


def _short(values: list) -> str:
    return str(values) if len(values) <= 8 else f"[{values[0]}, {values[1]}, ..., {values[-1]}] ({len(values)} values)"


def _cell(columns, key) -> str:
    return ", ".join(f"{c}={v}" for c, v in zip(columns, key))


def read_panel(path, config=None, **read_csv) -> pd.DataFrame:
    """A panel table (``results/{profile}/{panel}.csv``) checked against its declaration in the registry: its
    columns in order, their types, finite values where the panel needs them and, with ``config`` (the job's
    declared config), the grid its ``grid`` function derives from the config."""
    panel = panels()[Path(path).stem]
    frame = read_table(path, **read_csv)
    problems = column_problems(frame, panel)
    if not problems and panel.grid is not None and config is not None:
        problems = [line for block in _grid_blocks(panel.grid(config)) for line in grid_problems(frame, block)]
    if problems:
        head = f"input file {path} does not hold the table panel {panel.name} declares:"
        raise InputError([head, *(f"  {line}" for line in _listed(problems))], [path])
    return frame


def read_panels(paths, config=None, **read_csv) -> dict[str, pd.DataFrame]:
    """``read_panel`` of each path, keyed by panel name; every file checked before one problem stops the job."""
    frames, problems, damaged = {}, [], []
    for path in paths:
        try:
            frames[Path(path).stem] = read_panel(path, config, **read_csv)
        except InputError as err:
            problems += err.problems
            damaged += err.paths
    if problems:
        raise InputError(problems, damaged)
    return frames
