"""Batched phase-transition engine against a straightforward per-trial loop, on the same grid.

    uv run python bench/phase_transition_bench.py            # prints both times and the speed-up

The loop is what one would write first: an nn.Module, autograd, torch.optim.SGD, one trial at a time,
checking the relative error every iteration. Both run one thread with denormals flushed (the spec's
measured CPU setting), float32, the same problems (same seeds), the same stopping rule; the script checks
that both give the same success map.
"""
from __future__ import annotations

import argparse
import time

import torch

from overparam.phase_transition import Problem, draw, run_grid


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
            if rel != rel:  # NaN: diverged
                break
            (0.5 * r.pow(2).sum()).backward()
            opt.step()
    return successes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--activation", default="softplus")
    parser.add_argument("--eta", type=float, default=0.15)
    parser.add_argument("--max-iter", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    problems = [Problem(args.n, k, d, t) for k in range(2, 25, 2) for d in range(4, 25, 4) for t in range(args.trials)]
    start = time.perf_counter()
    batched = run_grid(problems, args.activation, args.eta, args.max_iter, 2.5e-3, 0, batch_size=300)
    t_batched = time.perf_counter() - start
    start = time.perf_counter()
    looped = per_trial_loop(problems, args.activation, args.eta, args.max_iter, 2.5e-3, 0)
    t_loop = time.perf_counter() - start
    print(f"grid: n = {args.n}, {args.activation}, k in 2..24 step 2, d in 4..24 step 4, {args.trials} trials "
          f"({len(problems)} problems), at most {args.max_iter} iterations, 1 thread")
    print(f"batched engine : {t_batched:8.2f} s, {int(batched['success'].sum())} successes")
    print(f"per-trial loop : {t_loop:8.2f} s, {looped} successes")
    print(f"speed-up       : {t_loop / t_batched:8.1f}x")


if __name__ == "__main__":
    main()
