"""The paper-scale snapshot in docs/paper/: what a reader needs of each paper-profile figure that was run.

    uv run python docs/make_paper_snapshot.py collect du2019 oymak2019   # after their paper-profile runs
    uv run python docs/make_paper_snapshot.py rebuild                     # regenerate from the snapshot's run files
    uv run python docs/make_paper_snapshot.py check                       # rebuild and compare (tests/test_paper_snapshot.py)

``collect`` copies, per paper, its complete figures (PNG, PDF), their panel CSVs, the run files those tables were
made from (each file's provenance record lists them), the paper's claims rows and every job's benchmark file,
keeping the workflow's own paths under docs/paper/ (``results/paper/...``, ``figures/paper/...``,
``benchmarks/paper/...``), then writes ``docs/paper/claims.csv`` (the stacked claims rows) and
``docs/paper/jobs.csv`` (each job's wall time, CPU time and peak memory, from its benchmark file).

``rebuild`` copies the workflow and the snapshot's run files into a temporary folder and reruns only the paper's
tables, claims and plot rules there (``--allowed-rules``: a training rule would be an error, not a rerun);
``check`` compares what comes out with the committed files, byte for byte. A difference means the code changed
since the snapshot was taken: ``rebuild --write`` writes the regenerated files into docs/paper/.
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
        for rel in with_records(ROOT, derived_files(paper) + run_files(ROOT, paper)) + benchmarks:
            dest = SNAPSHOT / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest)
            print(dest.relative_to(ROOT))
    write_summaries()


def yaml_config() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "config" / f"{PROFILE}.yaml").read_text())


def snapshot_papers() -> list[registry.Paper]:
    return [p for p in registry.papers()
            if all((SNAPSHOT / f).is_file() for f in derived_files(p))]


def write_summaries() -> None:
    """docs/paper/claims.csv (the stacked claims rows) and docs/paper/jobs.csv (one row per job)."""
    papers = snapshot_papers()
    claims = pd.concat([pd.read_csv(SNAPSHOT / f"results/{PROFILE}/claims/{name}.csv")
                        for p in papers for name in p.claim_files], ignore_index=True)
    claims.to_csv(SNAPSHOT / "claims.csv", index=False)
    rows = []
    for tsv in sorted((SNAPSHOT / f"benchmarks/{PROFILE}").rglob("*.tsv")):
        frame = pd.read_csv(tsv, sep="\t")
        rows.append({"job": str(tsv.relative_to(SNAPSHOT / f"benchmarks/{PROFILE}").with_suffix("")),
                     "wall_s": frame["s"].iloc[0], "cpu_s": frame["cpu_time"].iloc[0],
                     "max_rss_mb": frame["max_rss"].iloc[0]})
    pd.DataFrame(rows).to_csv(SNAPSHOT / "jobs.csv", index=False)


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
    with tempfile.TemporaryDirectory() as tmp:
        papers = rebuild(Path(tmp))
        changed = differences(Path(tmp), papers)
        if args.command == "rebuild" and args.write:
            for rel in with_records(Path(tmp), changed):
                shutil.copy2(Path(tmp) / rel, SNAPSHOT / rel)
            write_summaries()
        print("\n".join(f"differs: {rel}" for rel in changed) or "the snapshot matches its run files")
        if changed and args.command == "check":
            raise SystemExit(1)


if __name__ == "__main__":
    main()
