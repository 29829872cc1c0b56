"""The paper-scale snapshot in docs/paper/: what a reader needs of each paper-profile figure that was run.

    uv run python docs/make_paper_snapshot.py collect du2019 oymak2019   # after their paper-profile runs
    uv run python docs/make_paper_snapshot.py rebuild                     # regenerate from the snapshot's run files
    uv run python docs/make_paper_snapshot.py check                       # rebuild and compare (tests/test_paper_snapshot.py)

``collect`` copies, per paper, its complete figures (PNG, PDF), their panel CSVs, the run files those tables were
made from (each file's provenance record lists them), the paper's claims rows and every job's benchmark file,
keeping the workflow's own paths under docs/paper/ (``results/paper/...``, ``figures/paper/...``,
``benchmarks/paper/...``) and, where it ran at paper scale, the paper's sensitivity rerun
(``results/paper/sensitivity/<paper>.csv``). It then writes the summaries (``write_summaries``):
``docs/paper/claims.csv`` (the ledger of the papers here, each paper row with its robustness at paper scale),
``docs/paper/sensitivity.csv`` and ``sensitivity.png`` (the sensitivity reruns run at paper scale, each default
reading given the ledger's verdict), made by the claims and sensitivity jobs' own functions, and
``docs/paper/jobs.csv`` (each job's wall time, CPU time and peak memory, from its benchmark file).

``rebuild`` copies the workflow and the snapshot's run files into a temporary folder and reruns only the paper's
tables, claims and plot rules there (``--allowed-rules``: a training rule would be an error, not a rerun);
``check`` compares what comes out, and the summaries written afresh, with the committed files, byte for byte. A
difference means the code changed since the snapshot was taken: ``rebuild --write`` writes the regenerated files
into docs/paper/.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "docs" / "paper"
PROFILE = "paper"
WORKFLOW_PARTS = ["Snakefile", "workflow", "config", "profiles", "docs"]  # what a run needs besides the package

sys.path.insert(0, str(ROOT / "src"))
from overparam import registry  # noqa: E402
from overparam.claims import aggregate, with_robustness  # noqa: E402
from overparam.inputs import read_table  # noqa: E402
from overparam.io import write_csv  # noqa: E402
from overparam.sensitivity_figure import draw, stack  # noqa: E402

SUMMARIES = ["claims.csv", "sensitivity.csv", "sensitivity.png", "jobs.csv"]


def paper_jobs(paper: registry.Paper, kinds: tuple[str, ...]) -> list[str]:
    """The paper's rules whose entry lives in one of the given stage modules (tables, claims, plots)."""
    return [job.rule for job in paper.jobs if job.entry.split(":")[0].rsplit(".", 1)[-1] in kinds]


def derived_files(paper: registry.Paper) -> list[str]:
    """What the tables, claims and plot rules write: panel CSVs, claims files, figures (paths under the root)."""
    files = []
    for figure in paper.figures:
        files += [f"results/{PROFILE}/{panel.name}.csv" for panel in figure.panels]
        files += [f"figures/{PROFILE}/{figure.id}.png", f"figures/{PROFILE}/{figure.id}.pdf"]
    files += [f"results/{PROFILE}/claims/{name}.csv" for name in paper.claim_files]
    return files


def sensitivity_files(paper: registry.Paper) -> list[str]:
    """The paper's sensitivity reruns (no figure needs them; in the snapshot where they ran at paper scale)."""
    return [f"results/{PROFILE}/sensitivity/{name}.csv" for name in paper.sensitivity_files]


def run_files(root: Path, paper: registry.Paper) -> list[str]:
    """The run files the paper's tables were made from: the inputs named in the panel CSVs' provenance records."""
    inputs: set[str] = set()
    for figure in paper.figures:
        for panel in figure.panels:
            record = root / f"results/{PROFILE}/{panel.name}.csv.provenance.json"
            if not record.is_file():
                raise FileNotFoundError(f"{record.relative_to(root)} is missing: run the paper profile for "
                                        f"{figure.id} first (see docs/paper/README.md)")
            inputs |= set(json.loads(record.read_text())["inputs"])
    return sorted(inputs)


def with_records(root: Path, files: list[str]) -> list[str]:
    return [f for path in files for f in (path, path + ".provenance.json") if (root / f).is_file()]


def collect(names: list[str]) -> None:
    papers = {p.name: p for p in registry.papers()}
    unknown = [n for n in names if n not in papers]
    if unknown:
        raise SystemExit(f"unknown paper(s) {unknown}; the registry has {sorted(papers)}")
    config = yaml_config()
    for name in names:
        paper = papers[name]
        missing = [f for f in derived_files(paper) if not (ROOT / f).is_file()]
        if missing:
            raise SystemExit(f"{name}: not built at paper scale: {missing}")
        benchmarks = [f"benchmarks/{PROFILE}/{b}.tsv" for job in paper.jobs for b in job.benchmark_names(config)]
        # The sensitivity reruns, which no figure needs, may not have run at paper scale: say so. Any other
        # missing job time is an error (the figures above exist, so their jobs ran and wrote one).
        missing = [b for b in benchmarks if not (ROOT / b).is_file()]
        for rel in missing:
            if not Path(rel).stem.endswith("_sensitivity"):
                raise SystemExit(f"{name}: {rel} is missing: was the figure made by another run?")
            print(f"not run at paper scale, no job time: {rel}")
        benchmarks = [b for b in benchmarks if b not in missing]
        reruns = [f for f in sensitivity_files(paper) if (ROOT / f).is_file()]
        for rel in with_records(ROOT, derived_files(paper) + run_files(ROOT, paper) + reruns) + benchmarks:
            dest = SNAPSHOT / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest)
            print(dest.relative_to(ROOT))
    write_summaries()


def yaml_config() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "config" / f"{PROFILE}.yaml").read_text())


def snapshot_papers(source: Path = SNAPSHOT) -> list[registry.Paper]:
    """The papers with every figure complete in ``source`` (a snapshot folder)."""
    return [p for p in registry.papers() if all((source / f).is_file() for f in derived_files(p))]


def summaries(source: Path = SNAPSHOT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger and the sensitivity table of the papers in ``source`` (a snapshot folder), made as the claims and
    sensitivity jobs make them (``overparam.claims``, ``overparam.sensitivity_figure``), from the claim files and
    the sensitivity reruns there. A paper claim whose computation no reading reran at paper scale is 'not assessed'
    here, whatever its robustness at quick scale."""
    papers = snapshot_papers(source)
    claim_files = [source / f"results/{PROFILE}/claims/{name}.csv" for p in papers for name in p.claim_files]
    rerun_files = [source / rel for p in papers for rel in sensitivity_files(p) if (source / rel).is_file()]
    as_text = {"keep_default_na": False, "na_values": [""]}  # how the sensitivity job reads its tables
    sensitivity = stack([read_table(path, **as_text) for path in rerun_files],
                        pd.concat([read_table(path, **as_text) for path in claim_files], ignore_index=True))
    ledger = aggregate([read_table(path) for path in claim_files])  # as the claims job reads them
    return with_robustness(ledger, sensitivity), sensitivity


def write_summaries(dest: Path = SNAPSHOT) -> None:
    """docs/paper/claims.csv and sensitivity.csv (``summaries``), sensitivity.png (the sensitivity job's figure of
    that table, when any rerun ran at paper scale) and jobs.csv (one row per benchmark file), written into ``dest``
    from the snapshot's files."""
    claims, sensitivity = summaries()
    write_csv(claims, dest / "claims.csv")
    write_csv(sensitivity, dest / "sensitivity.csv")
    if len(sensitivity):
        draw(sensitivity, dest / "sensitivity.png", PROFILE)
    rows = []
    for tsv in sorted((SNAPSHOT / f"benchmarks/{PROFILE}").rglob("*.tsv")):
        frame = pd.read_csv(tsv, sep="\t")
        rows.append({"job": str(tsv.relative_to(SNAPSHOT / f"benchmarks/{PROFILE}").with_suffix("")),
                     "wall_s": frame["s"].iloc[0], "cpu_s": frame["cpu_time"].iloc[0],
                     "max_rss_mb": frame["max_rss"].iloc[0]})
    pd.DataFrame(rows).to_csv(dest / "jobs.csv", index=False)


def summary_differences(rewritten: Path) -> list[str]:
    """The summaries that ``write_summaries`` into ``rewritten`` gives otherwise than the committed ones."""
    return [name for name in SUMMARIES
            if (rewritten / name).is_file() != (SNAPSHOT / name).is_file()
            or ((SNAPSHOT / name).is_file() and not filecmp.cmp(rewritten / name, SNAPSHOT / name, shallow=False))]


def rebuild(dest: Path) -> list[registry.Paper]:
    """The snapshot's tables, claims and figures regenerated in ``dest`` from its run files alone."""
    papers = snapshot_papers()
    if not papers:
        raise SystemExit("docs/paper/ holds no complete paper-scale figure")
    for part in WORKFLOW_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("paper", "gallery", "*.png"))
        else:
            shutil.copy2(src, dest / part)
    allowed, targets = [], []
    for paper in papers:
        for rel in with_records(SNAPSHOT, run_files(SNAPSHOT, paper)):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(SNAPSHOT / rel, dest / rel)
        allowed += paper_jobs(paper, ("tables", "claims", "plots"))
        targets += derived_files(paper)
    # Run files keep their own times; only the rules allowed here may run (a compute rule would be an error).
    command = [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile", f"config/{PROFILE}.yaml",
               "--rerun-triggers", "mtime", "--allowed-rules", *allowed, "--", *targets]
    proc = subprocess.run(command, cwd=dest, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"rebuilding the snapshot failed: {' '.join(command)}\n{proc.stderr[-4000:]}")
    return papers


def differences(rebuilt: Path, papers: list[registry.Paper]) -> list[str]:
    return [rel for p in papers for rel in derived_files(p)
            if not filecmp.cmp(rebuilt / rel, SNAPSHOT / rel, shallow=False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("collect").add_argument("papers", nargs="+")
    sub.add_parser("rebuild").add_argument("--write", action="store_true")
    sub.add_parser("check")
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.papers)
        return
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as fresh:
        papers = rebuild(Path(tmp))
        changed = differences(Path(tmp), papers)
        if args.command == "rebuild" and args.write:
            for rel in with_records(Path(tmp), changed):
                shutil.copy2(Path(tmp) / rel, SNAPSHOT / rel)
            write_summaries()
        write_summaries(Path(fresh))
        changed += summary_differences(Path(fresh))
        print("\n".join(f"differs: {rel}" for rel in changed) or "the snapshot matches its run files")
        if changed and args.command == "check":
            raise SystemExit(1)


if __name__ == "__main__":
    main()
