"""Oymak & Soltanolkotabi's four paper panels (config/paper.yaml), timed as the workflow runs them on a CPU.

    uv run python bench/oymak_panels_bench.py --before <another checkout>/src --trials 1 --out-dir runs
    uv run python bench/oymak_panels_bench.py --trials 1                  # this checkout's engine only
    uv run python bench/oymak_panels_bench.py --compare runs/before_1.csv runs/after_1.csv

Two single-threaded worker processes with denormals flushed take the panels in turn, longest first, two at a
time on two cores: how `snakemake --cores 2` runs the four `oymak2019_phase_transition` jobs (it starts a fresh
process per job; a worker here is reused, which saves only its start-up). The paper settings are read from
config/paper.yaml; --trials lowers the trials per (k, d) cell to time a tenth of the work (every problem is drawn
from its own seed, so trial t is the same problem at any --trials). With --before, the engine of another
checkout (its src folder) and this checkout's are timed alternately on the same machine, --pairs times, and the
ratio of the summed walls is printed; --out-dir keeps every problem's result of each run, and --compare lists
each problem whose success or iteration count differs between two such files.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
PANELS = [("softplus", 200), ("relu", 200), ("softplus", 100), ("relu", 100)]  # longest first


def run_panel(args):
    src, activation, n, cfg = args
    sys.path.insert(0, str(src))  # a fresh process per engine: this import picks that checkout's overparam
    import torch

    import overparam
    from overparam.activations import activation as get_activation
    from overparam.papers.oymak2019.compute import run_panel as panel

    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    start = time.perf_counter()
    rows = panel(cfg, get_activation(activation), n, torch.device("cpu"), progress=False)
    return activation, n, time.perf_counter() - start, rows, overparam.__file__


def timed_run(src: Path, cfg: dict, label: str) -> tuple[float, pd.DataFrame]:
    """The four panels with the engine in ``src``, two processes at a time; (wall seconds, every problem's row)."""
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        results = list(pool.map(run_panel, [(src, a, n, cfg) for a, n in PANELS]))
    wall = time.perf_counter() - start
    print(f"{label}: engine {results[0][4]}")
    for activation, n, seconds, rows, _ in results:
        print(f"  {activation:8s} n = {n}: {seconds:8.1f} s, {int(rows['success'].sum())} successes "
              f"of {len(rows)}, {int(rows['iters'].sum())} iterations")
    print(f"  sum of panels: {sum(r[2] for r in results):8.1f} s; wall, 2 cores: {wall:8.1f} s", flush=True)
    return wall, pd.concat([r[3] for r in results])


def compare(before: Path, after: Path) -> None:
    keys = ["activation", "n", "k", "d", "trial"]
    a, b = (pd.read_csv(p).set_index(keys).sort_index() for p in (before, after))
    if not a.index.equals(b.index):
        sys.exit("the two files hold different problems")
    diff = (a["success"] != b["success"]) | (a["iters"] != b["iters"])
    print(f"{int(diff.sum())} of {len(a)} problems differ "
          f"({int((a['success'] != b['success']).sum())} in success)")
    if diff.any():
        table = pd.DataFrame({"success_before": a["success"], "success_after": b["success"],
                              "iters_before": a["iters"], "iters_after": b["iters"],
                              "final_before": a["final_rel_err"], "final_after": b["final_rel_err"]})[diff]
        print(table.to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1, help="trials per (k, d) cell (the paper: 10)")
    parser.add_argument("--max-iter", type=int, help="GD iterations at most (default: the paper's 15000; "
                        "fewer only to test this script)")
    parser.add_argument("--before", type=Path, help="src folder of the checkout whose engine is 'before'")
    parser.add_argument("--pairs", type=int, default=1, help="before/after pairs, alternating (with --before)")
    parser.add_argument("--out-dir", type=Path, help="write each run's problems as {before,after}_{i}.csv here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    cfg = yaml.safe_load((ROOT / "config" / "paper.yaml").read_text())["oymak2019"]
    cfg = {**cfg, "trials": args.trials, "max_iter": args.max_iter or cfg["max_iter"]}
    print(f"Oymak & Soltanolkotabi paper panels at {cfg['trials']} trial(s) per cell, at most {cfg['max_iter']} "
          f"iterations, 2 processes of 1 thread")
    engines = [("after", ROOT / "src")]
    if args.before:
        engines = [("before", args.before.resolve()), *engines]
    walls: dict[str, list[float]] = {name: [] for name, _ in engines}
    for i in range(args.pairs if args.before else 1):
        for name, src in engines:
            wall, rows = timed_run(src, cfg, f"{name}, run {i + 1}")
            walls[name].append(wall)
            if args.out_dir:
                args.out_dir.mkdir(parents=True, exist_ok=True)
                rows.to_csv(args.out_dir / f"{name}_{i + 1}.csv", index=False)
    if args.before:
        sys.path.insert(0, str(Path(__file__).parent))
        from timing import verdict

        ratio = sum(walls["before"]) / sum(walls["after"])
        print(f"speed-up (before / after, summed walls of {len(walls['after'])} pair(s)): {ratio:5.2f}x  "
              f"{verdict(ratio, 1.3)}")


if __name__ == "__main__":
    main()
