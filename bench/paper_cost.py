"""The cost model's table (``overparam.cost``): FLOPs, bytes and the H100 and CPU floors of a profile's GPU jobs.

    uv run python bench/paper_cost.py                                   # config/paper.yaml
    uv run python bench/paper_cost.py --config config/quick.yaml --measured /tmp/bench_quick_base
    uv run python bench/paper_cost.py --terms --csv paper_cost.csv      # every term of every job, and a CSV

The counting rules are in ``overparam/cost.py``'s docstring.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml

from overparam.cost import (  # noqa: F401 - the model's names, for the tests and for readers of this script
    ACTIVATION_COST, COSTS, H100_FP32, H100_FP64, H100_FP64_TENSOR, H100_HBM, H100_TF32_TENSOR, HOST,
    OP_OVERHEAD_S, Rates, Row, Term, duration, jobs, merged, row, total_row,
)


def measured_seconds(folder: Path, job: str) -> float | None:
    """Wall seconds (column s) of a Snakemake benchmark file <folder>/<job>.tsv, if there is one."""
    path = folder / f"{job}.tsv"
    if not path.exists():
        return None
    header, *lines = path.read_text().splitlines()
    return float(lines[-1].split("\t")[header.split("\t").index("s")])


def seconds(s: float | None) -> str:
    return "" if s is None else duration(s)


def columns(cpu_gflops: float, measured: bool) -> list[str]:
    out = ["job", "what dominates", "FLOP", "bytes", "dtype", "H100 compute", "H100 memory", "host (CPU) part",
           "projected floor = max(compute, memory) + host", "torch ops", f"ops × {OP_OVERHEAD_S * 1e6:g} µs",
           f"CPU floor ({cpu_gflops:g} GFLOP/s fp64)"]
    return [*out, "measured"] if measured else out


def cells(r: Row, measured: bool) -> list[str]:
    out = [r.job, r.dominates, f"{r.flops:.2e}", f"{r.bytes:.2e}", r.dtype, seconds(r.compute_s),
           seconds(r.memory_s), seconds(r.host_s), seconds(r.projected_s), f"{r.ops:.1e}", seconds(r.overhead_s),
           seconds(r.cpu_s)]
    return [*out, seconds(r.measured_s)] if measured else out


CSV_UNITS = ["", "", "", "", "", "s", "s", "s", "s", "", "s", "s", "s"]  # seconds columns get "(s)" in the CSV


def csv_values(r: Row, measured: bool) -> list:
    """The row with plain numbers (FLOP, bytes, seconds) for the CSV."""
    out = [r.job, r.dominates, r.flops, r.bytes, r.dtype, r.compute_s, r.memory_s, r.host_s, r.projected_s, r.ops,
           r.overhead_s, r.cpu_s]
    return [*out, "" if r.measured_s is None else r.measured_s] if measured else out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config/paper.yaml"))
    parser.add_argument("--cpu-gflops", type=float, default=50.0,
                        help="float64 rate of the CPU for the host part and the CPU floor, float32 at twice "
                             "(default 50: a 2-core CPU)")
    parser.add_argument("--csv", type=Path, help="also write the table here (numbers in FLOP, bytes, seconds)")
    parser.add_argument("--measured", type=Path,
                        help="a benchmarks/<profile> folder: add its measured wall times (column s)")
    parser.add_argument("--tf32", action="store_true",
                        help="price float32 matmuls at the TF32 tensor-core rate, as if the code set "
                             "torch.backends.cuda.matmul.allow_tf32 (it does not)")
    parser.add_argument("--terms", action="store_true", help="also print every term of every job")
    args = parser.parse_args()
    config = yaml.safe_load(args.config.read_text())
    rates = Rates(args.cpu_gflops * 1e9, H100_TF32_TENSOR if args.tf32 else H100_FP32)
    per_job = jobs(config)
    rows = [row(job, terms, rates) for job, terms in per_job.items()]
    measured = args.measured is not None
    if measured:
        for r in rows:
            r.measured_s = measured_seconds(args.measured, r.job)
    rows.append(total_row(rows))
    header = columns(args.cpu_gflops, measured)

    print(f"Profile {config['profile']} ({args.config}): {len(rows) - 1} GPU jobs. One H100 SXM: FP32 "
          f"{H100_FP32 / 1e12:g} (float32 matmuls {rates.fp32_matmul / 1e12:g}), FP64 {H100_FP64 / 1e12:g} (matmuls "
          f"{H100_FP64_TENSOR / 1e12:g}) TFLOP/s, HBM {H100_HBM / 1e12:g} TB/s; host work and the CPU floor at "
          f"{args.cpu_gflops:g} GFLOP/s.\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(cells(r, measured)) + " |")
    if args.terms:
        for job, terms in per_job.items():
            print(f"\n{job}")
            for t in sorted(merged(terms), key=lambda t: -rates.term_s(t)):
                print(f"  {seconds(rates.term_s(t)):>9}  {t.flops:9.2e} FLOP {t.bytes:9.2e} B {t.ops:8.1e} ops"
                      f" {t.normals:8.1e} normals  {t.dtype:7}  {t.label}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([f"{c} (s)" if unit == "s" else c for c, unit in zip(header, CSV_UNITS)])
            writer.writerows(csv_values(r, measured) for r in rows)
        print(f"\nwrote {args.csv}", file=sys.stderr)


if __name__ == "__main__":
    main()
