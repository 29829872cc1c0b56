"""Batched phase-transition engine against a straightforward per-trial loop, on the same grid.

    uv run python bench/phase_transition_bench.py            # prints both times and the speed-up

The loop is what one would write first: an nn.Module, autograd, torch.optim.SGD, one trial at a time,
checking the relative error every iteration. It is timed with 1 thread and with torch's default threads
(2 here), and the faster is the reference for the 1-core figure. The engine is timed in one process and as
the workflow runs it on a CPU (the spec's measured setting): one single-threaded process per core, each with
half the problems; the 2-core figure compares it with the loop run the same way (two processes, half each).
Everything is float32 with denormals flushed, on the same problems (same seeds) with the same stopping
rule; the script checks that all variants find the same successes.
"""
from __future__ import annotations

import argparse
import math
import concurrent.futures
import multiprocessing
import os
import time

import torch

from overparam.activations import activation as get_activation
from overparam.phase_transition import Problem, draw, run_grid
from timing import verdict


class TwoLayer(torch.nn.Module):
    def __init__(self, W0, v, activation):
        super().__init__()
        self.W = torch.nn.Parameter(W0.clone())
        self.register_buffer("v", v)
        self.phi = torch.nn.functional.softplus if activation == "softplus" else torch.relu

    def forward(self, X):
        return self.phi(X @ self.W.T) @ self.v


def per_trial_loop(problems, activation, eta, max_iter, tol, seed):
    successes = 0
    for p in problems:
        X, y, W0, v = (torch.from_numpy(a).float() for a in draw(seed, p))
        model = TwoLayer(W0, v, activation)
        opt = torch.optim.SGD(model.parameters(), lr=eta)
        y_norm = torch.linalg.vector_norm(y)
        for _ in range(max_iter + 1):
            opt.zero_grad()
            r = model(X) - y
            rel = (torch.linalg.vector_norm(r) / y_norm).item()
            if rel < tol:
                successes += 1
                break
            if not math.isfinite(rel):  # diverged
                break
            (0.5 * r.pow(2).sum()).backward()
            opt.step()
    return successes


def _loop_worker(args):
    problems, activation, eta, max_iter = args
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    return per_trial_loop(problems, activation, eta, max_iter, 2.5e-3, 0)


def _engine_worker(args):
    problems, activation, eta, max_iter, batch_size = args
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    act = get_activation(activation)
    return int(run_grid(problems, act, eta, max_iter, 2.5e-3, 0, batch_size=batch_size)["success"].sum())


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--activation", default="softplus")
    parser.add_argument("--eta", type=float, default=0.15)
    parser.add_argument("--max-iter", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=36)
    args = parser.parse_args()
    problems = [Problem(args.n, k, d, t) for k in range(2, 25, 2) for d in range(4, 25, 4) for t in range(args.trials)]
    problems.sort(key=lambda p: (p.k, p.d, p.trial))
    cores = min(2, os.cpu_count() or 1)
    common = (args.activation, args.eta, args.max_iter, args.batch_size)
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=cores, mp_context=ctx) as pool:
        list(pool.map(_engine_worker, [([problems[0]], *common)] * cores))  # start the workers before timing
        t_engine1, s_engine1 = timed(lambda: list(pool.map(_engine_worker, [(problems, *common)]))[0])
        halves = [problems[i::cores] for i in range(cores)]
        t_engine2, s_engine2 = timed(lambda: sum(pool.map(_engine_worker, [(h, *common) for h in halves])))
        loop_args = (args.activation, args.eta, args.max_iter)
        t_loop2, s_loop2 = timed(lambda: sum(pool.map(_loop_worker, [(h, *loop_args) for h in halves])))
    torch.set_flush_denormal(True)
    loop = {}
    for threads in sorted({1, torch.get_num_threads()}):
        torch.set_num_threads(threads)
        loop[threads] = timed(lambda: per_trial_loop(problems, args.activation, args.eta, args.max_iter, 2.5e-3, 0))
    best_threads = min(loop, key=lambda t: loop[t][0])
    t_loop = loop[best_threads][0]
    print(f"grid: n = {args.n}, {args.activation}, k in 2..24 step 2, d in 4..24 step 4, {args.trials} trials "
          f"({len(problems)} problems), at most {args.max_iter} iterations, float32")
    for threads, (t, succ) in loop.items():
        print(f"per-trial loop, {threads} thread(s)          : {t:8.2f} s, {succ} successes")
    print(f"per-trial loop, {cores} processes ({cores} cores)     : {t_loop2:8.2f} s, {s_loop2} successes")
    print(f"batched engine, 1 process (1 core)       : {t_engine1:8.2f} s, {s_engine1} successes")
    print(f"batched engine, {cores} processes ({cores} cores)     : {t_engine2:8.2f} s, {s_engine2} successes")
    if len({s_engine1, s_engine2, s_loop2, *(v[1] for v in loop.values())}) != 1:
        raise SystemExit("the variants disagree on the number of successes")
    one_core = t_loop / t_engine1
    print(f"speed-up on 1 core  (engine vs loop, both 1 process): {one_core:6.1f}x  {verdict(one_core, 20.0)}")
    print(f"speed-up on {cores} cores (engine vs loop, both {cores} processes): {t_loop2 / t_engine2:6.1f}x  "
          f"{verdict(t_loop2 / t_engine2, 20.0)}")


if __name__ == "__main__":
    main()
