"""Full-batch GD engine on Du et al.'s quick setting, with its metrics, against (1) plain matrix products of
the same shapes and (2) a straightforward per-width loop.

    uv run python bench/gd_engine_bench.py                       # quick profile's Du et al. setting, CPU
    uv run python bench/gd_engine_bench.py --device cuda         # on a GPU
    uv run python bench/gd_engine_bench.py --config config/paper.yaml --steps 10

The engine (``overparam.training.train_fixed_output``) trains every width of every seed at once and logs, at
each step, the loss, the share of flipped activation patterns, max_r ||w_r(k) - w_r(0)|| and the flip check.
(1) The reference is the step's four matrix products alone (Z = W X^T, phi(Z)^T C, C e^T, the gradient
    product with X) on the same batched shapes and dtype, the two large ones in the fastest form for the device
    (as ``batched_matmul``: one product per seed on a CPU, one bmm on a GPU), each into an output allocated once:
    ratio = (their time) / (engine time), target 0.5 (2/3 at paper scale). ``--no-loop`` times these two only.
(2) The loop is what one writes first: per seed and per width an nn.Module, autograd, torch.optim.SGD, and the
    same four metrics every step (as Python scalars). Speed-up = (loop time) / (engine time), target 2.
Both use float32 and the same data, initial weights and step size; the script checks that they reach the same
final losses. It also times the loop's own matrix products (three per step and network: forward, the metrics'
pre-activations, dL/dW), which bound how far any engine can beat the loop on a device where both are
matrix-product bound (a CPU); on a GPU the loop's cost is kernel launches and the per-step syncs of its metrics.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
import yaml

from overparam.activations import activation
from overparam.network import NeuronBank
from overparam.papers.du2019 import compute as du2019_compute
from overparam.papers.du2019 import settings as du2019
from overparam.training import train_fixed_output
from timing import best_time, describe, device_from_arg, verdict

ROOT = Path(__file__).resolve().parents[1]


def products_into(a, b, out):
    """a @ b into ``out``, as ``overparam.training.batched_matmul``: one product per seed on a CPU (torch's bmm splits
    the batch over threads), one bmm on a GPU. Written here so that the reference is the same for the engine of an
    older checkout (``PYTHONPATH=<checkout>/src``)."""
    if a.device.type != "cpu":
        return torch.matmul(a, b, out=out)
    for i in range(a.shape[0]):
        torch.mm(a[i], b[i], out=out[i])
    return out


class TwoLayer(torch.nn.Module):
    """f(x) = a^T phi(W x) / sqrt(m), a fixed (Du et al.)."""

    def __init__(self, W0, a, phi):
        super().__init__()
        self.hidden = torch.nn.Linear(W0.shape[1], W0.shape[0], bias=False)
        with torch.no_grad():
            self.hidden.weight.copy_(W0)
        self.register_buffer("a", a / W0.shape[0] ** 0.5)
        self.phi = phi

    def forward(self, X):
        return self.phi(self.hidden(X)) @ self.a


def per_width_loop(X, y, W0, a, widths, eta, steps, phi):
    """Every seed and width on its own; returns final losses (B, G) and the per-step metrics as Python floats."""
    final = np.zeros((X.shape[0], len(widths)))
    offsets = np.cumsum([0, *widths])
    for b in range(X.shape[0]):
        for g, (lo, hi) in enumerate(zip(offsets[:-1], offsets[1:])):
            model = TwoLayer(W0[b, lo:hi], a[b, lo:hi], phi).to(X.device)
            opt = torch.optim.SGD(model.parameters(), lr=eta)
            w0 = W0[b, lo:hi]
            z0 = X[b] @ w0.T
            s0, abs_z0 = z0 >= 0, z0.abs()
            slack = 16 * torch.finfo(w0.dtype).eps * torch.linalg.vector_norm(w0, dim=1)
            metrics = []
            for k in range(steps + 1):
                opt.zero_grad()
                loss = 0.5 * (model(X[b]) - y[b]).pow(2).sum()
                with torch.no_grad():
                    w = model.hidden.weight
                    z = X[b] @ w.T
                    flipped = (z >= 0) != s0
                    dist = torch.linalg.vector_norm(w - w0, dim=1)
                    bad = flipped & (abs_z0 > dist * (1 + 1e-5) + slack)
                    metrics.append((loss.item(), flipped.float().mean().item(), dist.max().item(), bad.sum().item()))
                if k == steps:
                    break
                loss.backward()
                opt.step()
            final[b, g] = metrics[-1][0]
    return final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(ROOT / "config" / "quick.yaml"))
    parser.add_argument("--steps", type=int, default=None, help="default: the config's du2019.steps")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-loop", action="store_true", help="time the engine and the products only (the ratio)")
    args = parser.parse_args()
    device = device_from_arg(args.device)
    cfg = yaml.safe_load(Path(args.config).read_text())["du2019"]
    steps = args.steps if args.steps is not None else cfg["steps"]
    seeds = list(range(cfg["seeds"]))
    widths = du2019.all_widths(cfg)
    data = [du2019_compute.dataset(cfg, s) for s in seeds]
    inits = [[du2019_compute.initial_weights(cfg, s, m) for m in widths] for s in seeds]
    W0 = torch.from_numpy(np.stack([np.concatenate([w for w, _ in per]) for per in inits])).to(device)
    a = torch.from_numpy(np.stack([np.concatenate([a for _, a in per]) for per in inits])).to(device)
    X = torch.from_numpy(np.stack([X for X, _ in data])).to(device=device, dtype=torch.float32)
    y = torch.from_numpy(np.stack([y for _, y in data])).to(device=device, dtype=torch.float32)
    bank = NeuronBank(W0=W0, a=a, widths=widths)
    B, P, d = W0.shape
    n, G = X.shape[1], len(widths)

    result = {}

    def engine():
        result["engine"] = train_fixed_output(X, y, bank, activation(cfg["activation"]), cfg["eta"], steps)

    C = bank.readout()
    Xt = X.transpose(-1, -2).contiguous()
    W, A, e, M = W0.clone(), torch.rand(B, P, n, device=device), torch.rand(B, n, G, device=device), None
    # Outputs written into buffers allocated once: on a CPU a fresh (B, P, n) output costs its page faults at every
    # product, which is not the matrix-product rate (the engine keeps its buffers too).
    Z_out, M_out, grad_out = torch.empty_like(A), torch.empty_like(A), torch.empty_like(W)

    def plain_products():  # the big two in the fastest form for the device, as the engine does
        for _ in range(steps + 1):
            products_into(W, Xt, Z_out)
            A.transpose(-1, -2) @ C
            torch.matmul(C, e.transpose(-1, -2), out=M_out)
            products_into(A, X, grad_out)

    offsets = bank.offsets
    slices = [(b, lo, hi) for b in range(B) for lo, hi in zip(offsets[:-1], offsets[1:])]
    Mt = torch.rand(P, n, device=device)

    def loop_products():  # the loop's own products: forward, the metrics' pre-activations, dL/dW
        for _ in range(steps + 1):
            for b, lo, hi in slices:
                X[b] @ W[b, lo:hi].T
                X[b] @ W[b, lo:hi].T
                Mt[lo:hi] @ X[b]

    t_engine = best_time(engine, device, args.repeats)
    t_plain = best_time(plain_products, device, args.repeats)
    flop = (steps + 1) * (4.0 * B * P * n * d + 4.0 * B * P * n * G)
    print(f"Du et al. setting from {Path(args.config).name}: n = {n}, d = {d}, {B} seeds x widths {widths} "
          f"(P = {P} neurons per seed), {steps} steps with metrics, float32, on {describe(device)}")
    print(f"  matrix products: {flop / 1e9:.1f} GFLOP in all")
    print(f"  plain matrix products : {t_plain:8.3f} s  {flop / t_plain / 1e9:8.1f} GFLOP/s")
    print(f"  GD engine             : {t_engine:8.3f} s  {flop / t_engine / 1e9:8.1f} GFLOP/s")
    share = t_plain / t_engine
    if not args.no_loop:
        t_loop_plain = best_time(loop_products, device, args.repeats)
        phi = activation(cfg["activation"]).phi  # the engine's own phi, differentiated by autograd
        t_loop = best_time(
            lambda: result.__setitem__("loop", per_width_loop(X, y, W0, a, widths, cfg["eta"], steps, phi)),
            device, args.repeats)
        engine_final = result["engine"]["loss"][-1]
        gap = np.max(np.abs(engine_final - result["loop"]) / np.maximum(np.abs(result["loop"]), 1e-12))
        if not gap < 1e-3:
            raise SystemExit(f"engine and loop disagree on the final losses (largest relative gap {gap:.2e})")
        print(f"  per-width nn.Module loop (autograd, torch.optim.SGD, same metrics): {t_loop:8.3f} s; "
              f"final losses agree with the engine's to {gap:.1e} (relative)")
        print(f"  the loop's own matrix products alone (3 per step and network): {t_loop_plain:8.3f} s, so no "
              f"engine can beat this loop by more than {t_loop / t_plain:.1f}x here (loop time / engine's matrix "
              f"products)")
    print(f"ratio (share of the matrix-product rate): {share:.2f}  {verdict(share, 0.5)}"
          f"; {verdict(share, 2 / 3)} for the paper-scale target (>= 2/3)")
    if not args.no_loop:
        speedup = t_loop / t_engine
        print(f"speed-up over the per-width loop: {speedup:.1f}x  {verdict(speedup, 2.0)}")


if __name__ == "__main__":
    main()
