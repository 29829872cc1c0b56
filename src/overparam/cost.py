"""Cost model of a profile's GPU jobs: FLOPs, device-memory bytes and the H100 floors they imply.

``bench/paper_cost.py`` prints its table; the job runner (``overparam.runtime``) asks ``cpu_floor_s`` before a GPU
job starts on a CPU, so that a job that would take hours there says so instead of starting.

Every job of the DAG with ``resources: gpu=1`` is counted from the code it runs (workflow/scripts ->
overparam.papers -> overparam.training/gram/kernels/phase_transition), with the config's sizes and the dtypes
the code uses. Counting rules:

- matrix product (m x k)(k x n): 2·m·n·k FLOP; bytes: both operands read and the result written once.
- element-wise torch op: FLOP per element, exp/log/tanh/sigmoid/erf weighing TRANSCENDENTAL_FLOPS; bytes: each
  operand read and the result written once per op (eager PyTorch fuses nothing), bool masks at 1 byte.
- eigvalsh: (4/3)·n³ FLOP (Householder tridiagonalisation); eigh with vectors 9·n³; singular values (matrix_norm
  ord=2) (8/3)·n³. Bytes: the matrix read and written once while it fits the L2 cache; beyond, the BLAS-2 half of
  the one-stage reduction reads the trailing matrix once per column (n³/6 elements for eigvalsh, 2n³/3 for svdvals).
- host work in the same job (numpy G^inf and small eigh, random draws) runs on the CPU even on a GPU node: it
  is counted apart (FLOP at --cpu-gflops, normals at HOST_NORMALS_PER_S) and added to the projected floor.
- torch ops (kernel launches) are counted too: each costs OP_OVERHEAD_S of dispatch and launch, and the GD loops
  synchronise on the loss every step, so small-tensor jobs are bounded by ops x OP_OVERHEAD_S, not by FLOPs.

Floors: compute = sum of FLOP / peak rate of its dtype and kind; memory = bytes / HBM bandwidth; projected =
max(compute, memory) + host. They are lower bounds: real kernels reach a fraction of peak, and the op overhead
is shown beside them, not added. The CPU floor is every FLOP (device and host) at --cpu-gflops (float64; float32
at twice that) plus the draws.
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, replace

from overparam import cifar10, registry
from overparam.activations import ACTIVATIONS, activation
from overparam.gram import DEFAULT_CHUNK
from overparam.kernels import HERMITE_TERMS, bivariate_normal_cdf
from overparam.network import network_outputs
from overparam.papers.das2019 import compute as das_compute
from overparam.papers.das2019 import settings as das_settings
from overparam.papers.das2019.settings import ACT as DAS_ACT
from overparam.papers.das2019.settings import threshold_width, width_grid
from overparam.papers.du2019 import compute_sensitivity as du_sensitivity
from overparam.papers.du2019 import settings as du2019
from overparam.papers.panigrahi2020 import compute_fig2 as pan_compute
from overparam.papers.panigrahi2020 import settings as pan_settings
from overparam.sgd import full_loss

# NVIDIA H100 Tensor Core GPU datasheet, SXM5 column (dense rates, no sparsity).
H100_FP32 = 67e12  # FP32, CUDA cores. The repository never sets torch.backends.cuda.matmul.allow_tf32 or
# torch.set_float32_matmul_precision, so float32 matmuls run in full FP32 at this rate, not on tensor cores.
H100_TF32_TENSOR = 495e12  # TF32 tensor cores: only with --tf32, the what-if of allowing TF32
H100_FP64 = 34e12  # FP64, CUDA cores: float64 element-wise work
H100_FP64_TENSOR = 67e12  # FP64 tensor cores: cuBLAS DGEMM and the BLAS-3 parts of cuSOLVER's eigensolvers
H100_HBM = 3.35e12  # HBM3 bandwidth, bytes/s
H100_L2 = 50e6  # L2 cache (H100 architecture whitepaper): eigensolver matrices below it stay on chip

TRANSCENDENTAL_FLOPS = 8  # an exp/log/tanh/erf as a vectorised polynomial: ~8 FLOP-equivalents
OP_OVERHEAD_S = 5e-6  # PyTorch eager dispatch + kernel launch per op; an assumption, typical 3-10 us
HOST_NORMALS_PER_S = 1e8  # numpy standard_normal on one core (das2019 spec: 4e8 normals in about 4 s)

ITEMSIZE = {"float32": 4, "float64": 8}
HOST = "host"
T = TRANSCENDENTAL_FLOPS


@dataclass(frozen=True)
class Term:
    """One kind of work in a job; terms with the same label are summed."""

    label: str
    flops: float = 0.0
    bytes: float = 0.0
    dtype: str = "float32"  # float32 | float64 (device) | host (numpy on the CPU)
    matmul: bool = False  # float64 matmuls and eigensolvers run on FP64 tensor cores
    ops: float = 0.0  # torch ops (kernel launches)
    normals: float = 0.0  # host random draws

    def __mul__(self, k: float) -> Term:
        return replace(self, flops=self.flops * k, bytes=self.bytes * k, ops=self.ops * k, normals=self.normals * k)


@dataclass(frozen=True)
class Pointwise:
    """Per element of an element-wise stage: FLOP, full-size reads + writes in the tensor's dtype, bool reads +
    writes, and torch ops."""

    flops: float
    passes: int
    bool_passes: int = 0
    ops: int = 1


UNARY = Pointwise(1, 2)
BINARY = Pointwise(1, 3)
FUSED_UPDATE = Pointwise(2, 3)  # W.add_(grad, alpha=-eta): one pass (train_fixed_output)

# (phi, phi') of overparam.activations, op by op: e.g. ELU's phi is z >= 0, clamp_max, expm1, where.
ACTIVATION_COST = {
    "relu": (Pointwise(1, 2), Pointwise(1, 2)),  # phi' = torch.ge written into a float tensor
    "elu": (Pointwise(3 + T, 8, 2, ops=4), Pointwise(3 + T, 9, 2, ops=5)),
    "tanh": (Pointwise(T, 2), Pointwise(2 + T, 6, ops=3)),
    "swish": (Pointwise(1 + T, 5, ops=2), Pointwise(4 + T, 12, ops=5)),
    "softplus": (Pointwise(3 + 2 * T, 4, ops=2), Pointwise(T, 2)),
    "shifted_softplus": (Pointwise(4 + 2 * T, 6, ops=3), Pointwise(1 + T, 4, ops=2)),
    "gelu": (Pointwise(1 + T, 5, ops=2), Pointwise(5 + 2 * T, 16, ops=7)),
    "quadratic": (Pointwise(1, 2), Pointwise(1, 2)),
}
assert set(ACTIVATION_COST) == set(ACTIVATIONS), "every activation needs its (phi, phi') cost"

# train_fixed_output per forward pass besides the matmuls and phi: e - y, the float64 loss (cast, square, sum,
# scale), the finiteness check and its host sync, the loss copy to the host.
GD_FORWARD_OPS = 9
# ... and with track_movement, the small ops of the metrics (casts, readout sums, scatter_reduce, three copies).
GD_TRACK_SMALL_OPS = 14


def default(fn, name: str):
    """A keyword default of the repository's code (chunk sizes, quadrature nodes), so the model follows it."""
    return inspect.signature(fn).parameters[name].default


def dtype_name(torch_dtype) -> str:
    return str(torch_dtype).removeprefix("torch.")


# ---------------------------------------------------------------- building blocks

def matmul(label: str, m: int, n: int, k: int, dtype: str, batch: float = 1, times: float = 1,
           launches: float | None = None) -> Term:
    """``times`` batched products of ``batch`` (m x k)(k x n) matrices: 2·m·n·k FLOP each; operands read and the
    result written once. One launch per time unless the code splits it (chunks)."""
    count = batch * times
    return Term(label, 2 * m * n * k * count, (m * k + k * n + m * n) * ITEMSIZE[dtype] * count, dtype,
                matmul=True, ops=times if launches is None else launches)


def elementwise(label: str, elements: float, dtype: str, cost: Pointwise, times: float = 1) -> Term:
    """``times`` element-wise stages over ``elements`` values: cost.flops each; passes x itemsize bytes each."""
    return Term(label, cost.flops * elements * times,
                (cost.passes * ITEMSIZE[dtype] + cost.bool_passes) * elements * times, dtype, ops=cost.ops * times)


def eigvalsh(label: str, n: int, count: float = 1, batch: float = 1) -> Term:
    """torch.linalg.eigvalsh (float64) on ``batch`` n x n matrices, ``count`` calls: (4/3)·n³ FLOP each; bytes
    2·n²·8 while n²·8 fits L2, else the n³/6 elements the one-stage tridiagonalisation's symv passes read."""
    size = n * n * 8
    moved = 2 * size if size <= H100_L2 else n**3 / 6 * 8
    return Term(label, 4 / 3 * n**3 * count * batch, moved * count * batch, "float64", matmul=True, ops=count)


def svdvals(label: str, n: int, count: float = 1) -> Term:
    """matrix_norm(ord=2) = the largest singular value (float64): (8/3)·n³ FLOP (bidiagonalisation); bytes
    2·n²·8 in L2, else the 2n³/3 elements the gemv passes read."""
    size = n * n * 8
    moved = 2 * size if size <= H100_L2 else 2 * n**3 / 3 * 8
    return Term(label, 8 / 3 * n**3 * count, moved * count, "float64", matmul=True, ops=count)


def host(label: str, flops: float = 0.0, normals: float = 0.0) -> Term:
    return Term(label, flops, dtype=HOST, normals=normals)


def host_eig(label: str, n: int, vectors: bool, count: float = 1) -> Term:
    """numpy eigvalsh (4/3)·n³ or eigh (9·n³) on the host."""
    return host(label, (9 if vectors else 4 / 3) * n**3 * count)


def g_infinity_kappa_flops(act: str) -> float:
    """Host FLOP per evaluation of kappa (overparam.kernels): ReLU an arccos; ELU two Gauss-Legendre integrals of
    ``nodes`` points (~17 ops and 3 transcendentals per point); smooth activations a Horner polynomial of
    HERMITE_TERMS terms (2 FLOP per term); quadratic 1."""
    if act == "relu":
        kappa = 4 + T
    elif act == "elu":
        kappa = 2 * default(bivariate_normal_cdf, "nodes") * (17 + 3 * T) + 10 + 3 * T
    elif act == "quadratic":
        kappa = 1
    else:
        kappa = 2 * HERMITE_TERMS
    return kappa


def g_infinity_host(label: str, n: int, d: int, act: str, count: float = 1, with_inner: bool = True) -> Term:
    """kernels.g_infinity on the host: X Xᵀ (2·n²·d, unless the caller passes it in), ~12 FLOP per entry for rho,
    the clip and the symmetrisation, and kappa: on all n² entries for ReLU and quadratic, on the n(n+1)/2 of the
    upper triangle otherwise (unit-norm rows, as in every caller)."""
    kappa_entries = n * n if act in ("relu", "quadratic") else n * (n + 1) / 2
    flops = (2 * n * n * d if with_inner else 0) + 12 * n * n + kappa_entries * g_infinity_kappa_flops(act)
    return host(label, flops * count)


def gram(tag: str, n: int, d: int, m: int, w_dtype: str, act: str, with_a: bool, count: float = 1) -> list[Term]:
    """overparam.gram.gram_matrix on m neurons, ``count`` times: per chunk of DEFAULT_CHUNK neurons Z = X Wᵀ in
    W's dtype (2·n·d·m in all), phi'(Z) and its cast to float64, the a² scaling, (D ⊙ a²) Dᵀ in float64
    (2·n²·m in all) added to the n x n accumulator; then X Xᵀ in float64 (2·n²·d) and the Hadamard product."""
    chunks = math.ceil(m / DEFAULT_CHUNK)
    _, dphi = ACTIVATION_COST[act]
    terms = [
        matmul(f"{tag}: Z = X Wᵀ, 2·n·d·m ({w_dtype})", n, m, d, w_dtype, times=count, launches=chunks * count),
        elementwise(f"{tag}: element-wise over n·m", n * m, w_dtype, dphi, count),
        matmul(f"{tag}: (D ⊙ a²) Dᵀ, 2·n²·m (float64)", n, n, m, "float64", times=count, launches=chunks * count),
        elementwise(f"{tag}: n x n accumulation", n * n * chunks, "float64", BINARY, count),  # acc +=
        matmul(f"{tag}: X Xᵀ (float64)", n, n, d, "float64", times=count),
        # (X Xᵀ) * acc / m, then 0.5 (G + Gᵀ)
        elementwise(f"{tag}: n x n accumulation", n * n, "float64", Pointwise(4, 10, ops=4), count),
    ]
    if w_dtype != "float64":  # D.to(float64): read the narrow copy, write the wide one
        terms.append(Term(f"{tag}: element-wise over n·m", n * m * count, n * m * (ITEMSIZE[w_dtype] + 8) * count,
                          "float64", ops=chunks * count))
    if with_a:
        terms.append(elementwise(f"{tag}: element-wise over n·m", n * m, "float64", BINARY, count))
    return terms


def fixed_output_gd(tag: str, B: int, P: int, n: int, d: int, G: int, steps: int, act: str, dtype: str,
                    track_movement: bool = False, observe_ops: float = 0) -> list[Term]:
    """overparam.training.train_fixed_output: B data sets x P neurons (G networks), (B, P, n) pre-activations,
    steps + 1 forward passes and ``steps`` updates.

    FLOP per step: Z = W Xᵀ and the gradient M X, 2·B·P·n·d each; e = Aᵀ C and C eᵀ, 2·B·P·n·G each (C is the
    dense (P, G) readout); phi(Z) and, for ReLU or with track_movement, the mask Z >= 0 (0/1 floats) over B·P·n;
    M = C eᵀ multiplied in place by the mask (ReLU) or by phi'(Z); the update over B·P·d. With track_movement the
    pattern and distance metrics add 5 ops over B·P·n and 2 over B·P·d per forward pass.
    """
    fwd, bwd = steps + 1, steps
    phi, dphi = ACTIVATION_COST[act]
    relu = activation(act).dphi_is_indicator  # the engine reuses the mask as phi'
    mm = f"{tag}: matmuls 4·B·P·n·(d+G) per step"
    ew = f"{tag}: element-wise over B·P·n"
    terms = [
        matmul(mm, P, n, d, dtype, batch=B, times=fwd),  # Z = W Xᵀ: Z(0), then one per update
        matmul(mm, n, G, P, dtype, batch=B, times=fwd),  # e = Aᵀ C - y
        matmul(mm, P, n, G, dtype, batch=B, times=bwd),  # C eᵀ
        matmul(mm, P, d, n, dtype, batch=B, times=bwd),  # gradient M X
        elementwise(ew, B * P * n, dtype, phi, fwd),
        elementwise(ew, B * P * d, dtype, FUSED_UPDATE, bwd),
        Term(ew, dtype=dtype, ops=(GD_FORWARD_OPS + observe_ops) * fwd),
    ]
    if relu or track_movement:
        terms.append(elementwise(ew, B * P * n, dtype, Pointwise(1, 2), fwd))  # positive = Z >= 0, as 0/1 floats
    if relu:
        terms.append(elementwise(ew, B * P * n, dtype, Pointwise(1, 3), bwd))  # back.mul_(positive)
    else:
        terms += [elementwise(ew, B * P * n, dtype, dphi, bwd), elementwise(ew, B * P * n, dtype, BINARY, bwd)]
    if track_movement:
        tr = f"{tag}: movement metrics over B·P·n"
        terms += [
            # positive != S0, sum; |Z0| > threshold, times flipped, sum: every mask a 0/1 float tensor
            elementwise(tr, B * P * n, dtype, Pointwise(5, 10, ops=5), fwd),
            elementwise(tr, B * P * d, dtype, Pointwise(3, 4, ops=2), fwd),  # ||W - W0|| per neuron
            Term(tr, dtype=dtype, ops=GD_TRACK_SMALL_OPS * fwd),
        ]
    return terms


# ---------------------------------------------------------------- jobs

def du2019_train(cfg: dict) -> list[Term]:
    """du2019.run_seeds: one GD over seeds x widths with the movement metrics; u(0) in float64; per (seed, width)
    H(0) and H(T) (gram_matrix), two eigvalsh and two spectral norms; per seed G^inf, eigvalsh and the eigh of
    kernel_regime_loss on the host."""
    dtype = dtype_name(du2019.TRAIN_DTYPE)
    widths = du2019.all_widths(cfg)
    B, P, G, n, d, steps, act = cfg["seeds"], sum(widths), len(widths), cfg["n"], cfg["d"], cfg["steps"], \
        cfg["activation"]
    phi, _ = ACTIVATION_COST[act]
    terms = fixed_output_gd(f"GD {steps} steps", B, P, n, d, G, steps, act, dtype, track_movement=True)
    terms += [
        matmul("u(0) in float64", n, P, d, "float64", batch=B),
        elementwise("u(0) in float64", B * P * d, "float64", Pointwise(1, 2)),  # W0.to(float64)
        elementwise("u(0) in float64", B * n * P, "float64", phi),
        matmul("u(0) in float64", n, G, P, "float64", batch=B),
    ]
    for m in widths:
        terms += gram("H(0), H(T)", n, d, m, dtype, act, with_a=True, count=2 * B)
    terms += [
        eigvalsh("eigvalsh + ‖·‖₂ of H(0), H(T)", n, count=2 * B * G),
        svdvals("eigvalsh + ‖·‖₂ of H(0), H(T)", n, count=2 * B * G),
        elementwise("eigvalsh + ‖·‖₂ of H(0), H(T)", n * n, "float64", BINARY, 2 * B * G),
        g_infinity_host("host: H^inf, its eigvalsh and eigh", n, d, act, count=B),
        host_eig("host: H^inf, its eigvalsh and eigh", n, vectors=False, count=B),
        host_eig("host: H^inf, its eigvalsh and eigh", n, vectors=True, count=B),
        host("host: H^inf, its eigvalsh and eigh", B * ((steps + 1) * n * (T + 2 * G) + 2 * n * n * G)),
        host("host: random draws", normals=B * (P * d + P + n * d + n)),
    ]
    return terms


def panigrahi2020_fig1_train(cfg: dict, n: int) -> list[Term]:
    """panigrahi2020.compute_fig1.train_runs: per activation a GD over the runs (B = runs, one width) with G(t) of every
    run at every logged epoch (bank_grams, from the step's own Z: counted as gram_matrix, which also forms Z), u(0)
    in float64 (chunks of 65536 neurons), and on the host the eigh of every logged G(t) and kernel_regime_loss."""
    dtype = dtype_name(pan_settings.TRAIN_DTYPE)
    tr = cfg["train"]
    B, m, d, acts, epochs = cfg["runs"], tr["width"], cfg["d"], tr["activations"], tr["epochs"]
    logged = math.ceil(epochs / tr["log_every"]) + 1
    chunks = math.ceil(m / default(network_outputs, "chunk"))
    terms = []
    for act in acts:
        phi, _ = ACTIVATION_COST[act]
        terms += fixed_output_gd(f"GD {len(acts)} acts x {epochs} steps", B, m, n, d, 1, epochs, act, dtype)
        terms += gram("G(t) at the logged epochs", n, d, m, dtype, act, with_a=True, count=logged * B)
        terms.append(host_eig("host: eigh of the logged G(t)", n, vectors=True, count=logged * B))
        terms += [
            elementwise("u(0) in float64", m * d, "float64", Pointwise(1, 2, ops=chunks), B),  # W chunk casts
            matmul("u(0) in float64", n, m, d, "float64", times=B, launches=chunks * B),
            elementwise("u(0) in float64", n * m, "float64", phi, B),
            matmul("u(0) in float64", n, 1, m, "float64", times=B, launches=chunks * B),
            host_eig("host: kernel_regime_loss", n, vectors=True, count=B),
            host("host: kernel_regime_loss", B * (logged * n * (T + 2) + 4 * n * n)),
        ]
    terms.append(host("host: random draws", normals=B * (m * d + m + n)))
    return terms


def panigrahi2020_fig1_spectra(cfg: dict, n: int) -> list[Term]:
    """panigrahi2020.compute_fig1.spectra: per run and activation G(0) in float64 (W cast to float64) with its Monte-Carlo
    spread (gram_and_spread: one more 2·n²·m float64 product), and, on the host, G^inf (recomputed every run), the
    eigvalsh of G(0) and, in run 0, of G^inf."""
    sp = cfg["spectra"]
    runs, m, d, acts = cfg["runs"], sp["width"], cfg["d"], sp["activations"]
    terms = [elementwise("G(0) float64", m * d, "float64", Pointwise(1, 2), runs)]  # W.to(float64)
    for act in acts:
        terms += gram("G(0) float64", n, d, m, "float64", act, with_a=True, count=runs)
        terms.append(matmul("G(0) float64: spread (X Xᵀ)² D², 2·n²·m (float64)", n, m, n, "float64", times=runs,
                            launches=math.ceil(m / DEFAULT_CHUNK) * runs))
        terms += [
            g_infinity_host("host: G^inf and eigvalsh", n, d, act, count=runs),
            host_eig("host: G^inf and eigvalsh", n, vectors=False, count=runs + 1),
        ]
    terms.append(host("host: random draws", normals=runs * (m * d + m)))
    return terms


def panigrahi2020_fig2_geometry(cfg: dict) -> list[Term]:
    """panigrahi2020.compute_fig2.geometry in float64: the pairwise distances from Gram blocks of DISTANCE_BLOCK rows
    against the columns to their right (d·n² FLOP in all), ~20 element-wise ops over the n(n-1)/2 pairs
    (histogram, extremes, A2 separation); the centred covariance, (min(n,d))² x max(n,d) products, eigvalsh."""
    n, d = cfg["images"], cifar10.PIXELS + 2
    block = pan_compute.DISTANCE_BLOCK
    pairs = n * (n - 1) / 2
    terms = []
    for start in range(0, n, block):
        rows, cols = min(block, n - start), n - start
        terms += [
            matmul("distances: Gram blocks", rows, cols, d, "float64"),
            # ones_like + triu masks, and the masked select that reads rho and writes the pairs
            Term("distances: element-wise over pairs", 0, rows * cols * (3 + 8 + 1), "float64", ops=3),
        ]
    q, r = min(n, d), max(n, d)
    terms += [
        Term("distances: element-wise over pairs", 20 * pairs, pairs * (29 * 8 + 5), "float64",
             ops=20 * math.ceil(n / block)),
        elementwise("covariance spectrum", n * d, "float64", Pointwise(2, 3, ops=2)),  # mean, centring
        matmul("covariance spectrum", q, q, r, "float64"),
        elementwise("covariance spectrum", q * q, "float64", Pointwise(3, 7, ops=3)),
        eigvalsh("covariance spectrum", q),
        host("host: norms", 3 * n * d),
    ]
    return terms


def panigrahi2020_fig2_spectra(cfg: dict) -> list[Term]:
    """panigrahi2020.compute_fig2.g_spectra: X Xᵀ in numpy on the host (2·n²·d), then per activation G(0) (gram_matrix:
    float32 pre-activations, float64 (D ⊙ a²) Dᵀ), G^inf from X Xᵀ on the host, two eigvalsh of n x n float64
    on the device, and the Frobenius error."""
    sp = cfg["spectra"]
    n, d, m, acts = cfg["images"], cifar10.PIXELS + 2, sp["width"], sp["activations"]
    terms = [host("host: X Xᵀ and G^inf (numpy)", 2 * n * n * d)]
    for act in acts:
        terms += gram("G(0)", n, d, m, "float32", act, with_a=True)
        terms += [
            eigvalsh("eigvalsh of G(0) and G^inf, n x n", n, count=2),
            g_infinity_host("host: X Xᵀ and G^inf (numpy)", n, d, act, with_inner=False),
            elementwise("eigvalsh of G(0) and G^inf, n x n", n * n, "float64", Pointwise(3, 5, ops=4)),
        ]
    terms.append(host("host: random draws", normals=m * d + m))
    return terms


def panigrahi2020_fig2_train(cfg: dict) -> list[Term]:
    """panigrahi2020.compute_fig2.train_sgd (overparam.sgd) (float32, autograd): per activation, epoch and minibatch of b rows the
    forward X_b Wᵀ (2·b·d·m) and phi(.) A, the backward dA, dH = dlogits Aᵀ, phi' and dW = dHᵀ X_b (2·b·d·m),
    and SGD's in-place update of W, A (and b: standard_fanin has a bias, unit_fanin and dzps none); after every
    epoch (and at 0) the loss on all n in chunks; G(t) on the s tracked images at every logged iteration."""
    tr = cfg["train"]
    n, d, m, C = cfg["images"], cifar10.PIXELS + 2, tr["width"], cifar10.CLASSES
    acts, epochs, batch = tr["activations"], tr["epochs"], tr["batch_size"]
    bias = int(tr["parametrization"] in ("standard_fanin", "pytorch_default"))
    sizes = [batch] * (n // batch) + ([n % batch] if n % batch else [])
    evals = epochs + 1
    s = min(tr["gram_images"], n)
    logged = len(pan_compute.logged_iterations(n, batch, epochs)[0])
    chunks = math.ceil(n / default(full_loss, "chunk"))
    sgd = f"SGD: 4·b·d·m per step, {len(acts)} acts x {epochs} epochs x {len(sizes)} steps"
    terms = []
    for act in acts:
        phi, dphi = ACTIVATION_COST[act]
        for b in sizes:
            terms += [
                elementwise(sgd, b * d, "float32", UNARY, epochs),  # X[idx]
                matmul(sgd, b, m, d, "float32", times=epochs),  # X_b Wᵀ
                matmul(sgd, b, C, m, "float32", times=epochs),  # phi(H) A
                matmul(sgd, m, C, b, "float32", times=epochs),  # dA
                matmul(sgd, b, m, C, "float32", times=epochs),  # dlogits Aᵀ
                matmul(sgd, m, d, b, "float32", times=epochs),  # dW
                # phi' times the incoming gradient; + bias and the bias gradient's sum
                elementwise(sgd, b * m, "float32", BINARY, (1 + 2 * bias) * epochs),
                elementwise(sgd, b * m, "float32", phi, epochs),
                elementwise(sgd, b * m, "float32", dphi, epochs),
                elementwise(sgd, m * (d + bias + C), "float32", Pointwise(2, 3), epochs),  # SGD update
                Term(sgd, ops=12 * epochs),  # cross-entropy forward and backward, zero_grad, optimizer
            ]
        terms += [
            matmul("full-data loss per epoch", n, m, d, "float32", times=evals, launches=chunks * evals),
            matmul("full-data loss per epoch", n, C, m, "float32", times=evals, launches=chunks * evals),
            elementwise("full-data loss per epoch", n * m, "float32", BINARY, bias * evals),
            elementwise("full-data loss per epoch", n * m, "float32", phi, evals),
        ]
        # G(t) on the tracked rows (pan_compute.GramTracker): eq. (2) at every logged iteration, the logits of
        # the tracked loss, eigh of G(t) and the principal sine; G^inf on the tracked rows on the host
        terms += gram("G(t) on the tracked images", s, d, m, "float32", act, with_a=True, count=logged)
        terms += [
            matmul("G(t) on the tracked images", s, C, m, "float32", times=logged),
            eigvalsh("G(t) on the tracked images: eigh", s, count=3 * logged),  # eigh with vectors ~ 3 x eigvalsh
            svdvals("G(t) on the tracked images: principal sine", s, count=logged),
            g_infinity_host("host: G^inf on the tracked images", s, d, act),
        ]
    terms.append(host("host: random draws", normals=m * (d + bias + C)))
    return terms


def oymak2019_phase_transition(cfg: dict, act: str, n: int, device: str = "cuda") -> list[Term]:
    """phase_transition.run_grid, worst case: every problem runs all max_iter iterations, so no batch sheds
    finished problems or shrinks its padding (the code stops finished problems; the paper grid's failing
    cells do run to max_iter). Per batch of b problems padded to (K, D): Z = X Wᵀ, phi(Z) v, the gradient
    diag(v) (phi'(Z) ⊙ r)ᵀ X: 4·b·n·K·D + 2·b·n·K FLOP per iteration, float32 (softplus by its float32
    formula on a CPU)."""
    problems = sorted((k, d, t) for k in cfg["ks"] for d in cfg["ds"] for t in range(cfg["trials"]))
    size = cfg["batch_size"][device] or len(problems)
    fwd, bwd = cfg["max_iter"] + 1, cfg["max_iter"]
    phi, dphi = ACTIVATION_COST[act]
    if device == "cpu" and activation(act).phi_float32 is not None:  # softplus: abs, neg, exp, + 1, log, max, +
        phi = Pointwise(4 + 2 * T, 14, ops=7)
    mm = f"padded GD: 4·b·n·K·D per iteration, {cfg['max_iter']} iterations"
    ew = f"padded GD: element-wise over b·n·K, {cfg['max_iter']} iterations"
    terms = []
    for start in range(0, len(problems), size):
        batch = problems[start : start + size]
        b, K, D = len(batch), max(k for k, _, _ in batch), max(d for _, d, _ in batch)
        terms += [
            matmul(mm, n, K, D, "float32", batch=b, times=fwd),  # Z
            matmul(mm, n, 1, K, "float32", batch=b, times=fwd),  # phi(Z) v
            matmul(mm, K, D, n, "float32", batch=b, times=bwd),  # gradient
            elementwise(ew, b * n * K, "float32", phi, fwd),
            elementwise(ew, b * n * K, "float32", dphi, bwd),
            elementwise(ew, b * n * K, "float32", Pointwise(1, 2), bwd),  # phi'(Z) *= r in place (r broadcast)
            # W - step * v ⊙ grad (addcmul over b·K·D; v broadcast)
            elementwise(ew, b * K * D, "float32", Pointwise(2, 3), bwd),
            # phi(Z) v - y (add_), the norm, < tol * ||y||, isfinite, ~, |, any and its host sync
            elementwise(ew, b * n, "float32", Pointwise(7, 8, ops=8), fwd),
        ]
    terms.append(host("host: random draws", normals=sum(n * d + n + k * d for k, d, _ in problems)))
    return terms


DAS_DTYPE = dtype_name(das_compute.DTYPE)  # the GD banks; the Monte-Carlo and m_B* weights are numpy float64 too


def das_spectrum(cfg: dict, name: str, n: int, d: int) -> tuple[float, float]:
    """lambda0, lambda_max of H^inf on one of das2019's data sets: the step counts depend on them."""
    X, _ = das_compute.sphere_dataset(cfg, name, n, d)
    _, eig = das_compute.spectrum(X, activation(DAS_ACT))
    return float(eig[0]), float(eig[-1])


def kernel_log_block(tag: str, B: int, widths: list[int], n: int, d: int, steps: int) -> list[Term]:
    """das2019._train_block: train_fixed_output (float64) with the KernelLog observer at every one of the
    steps + 1 forward passes: phi'(Z), per width Sᵀ S / m (2·B·n²·P in all), C(t), two batched eigvalsh of
    B·G n x n matrices, the weight movement over B·P·d; then on the host per network eigvalsh, solve and eigh,
    per block inv(H^inf) and one eigh."""
    P, G, fwd = sum(widths), len(widths), steps + 1
    _, dphi = ACTIVATION_COST[DAS_ACT]
    log = f"{tag} kernel log: B·G Gram matrices per step, K = {steps}"
    # Ops per observe call besides phi' and the Gram products: C(t) assembly, eigvalsh and movement, 4 host copies.
    observe_ops = 22
    terms = fixed_output_gd(f"{tag} GD, K = {steps}", B, P, n, d, G, steps, DAS_ACT, DAS_DTYPE,
                            observe_ops=observe_ops)
    terms += [
        elementwise(log, B * P * n, "float64", dphi, fwd),
        *(matmul(log, n, n, m, "float64", batch=B, times=fwd) for m in widths),
        elementwise(log, B * G * n * n, "float64", Pointwise(1, 2, ops=G), fwd),  # the / m of each block
        elementwise(log, B * G * n * n, "float64", Pointwise(6, 12, ops=5), fwd),  # stack, * XXᵀ, symmetrise, C - C0
        eigvalsh(log, n, count=2 * fwd, batch=B * G),
        elementwise(log, B * P * d, "float64", Pointwise(3, 4, ops=2), fwd),  # ||W - W0||²
        # per network eigvalsh(C0 - H), solve, eigh; once inv(H) and the flow's eigh; the powers and exps per step
        host("host: per-network eigvalsh, solve, eigh", (B * G * (4 / 3 + 2 / 3 + 9) + 2 + 9) * n**3
             + 2 * fwd * n * B * G * (T + 2)),
        host("host: random draws", normals=B * (P * d + P)),
    ]
    return terms


def das2019_compute(cfg: dict) -> list[Term]:
    """das2019.supp1_compute, then train_dataset for D_ref and D_tiny. Float64 throughout.

    supp1 per n: H^inf and its eigvalsh (softplus, ReLU) on the host; the Monte-Carlo H with mc_samples neurons
    (n <= mc_max_n, gram_matrix, 2·n²·M); m_B*: gram_matrix and eigvalsh for every grid width and seed; m_GD*:
    one GD over seeds x gd_widths with K = ceil(gd_time_factor ln(1/eps) lambda_max / lambda0) steps.
    train: main, small-eta and threshold-width (m_DG, one seed at a time) blocks with the kernel log, K =
    ceil(time lambda_max / lambda0), and the moment check (moment_seeds x one small forward pass).
    """
    s1, d = cfg["supp1"], cfg["supp1"]["d"]
    grid = width_grid(s1["bstar_max_width"])
    gd_widths = sorted(s1["gd_widths"])
    gd_time = s1["gd_time_factor"] * math.log(1 / s1["gd_eps"])
    gd_steps = {n: das_settings.gd_steps(*das_spectrum(cfg, "F", n, d), gd_time) for n in s1["ns"] if n <= s1["gd_max_n"]}
    gd = f"m_GD* GD, K = {gd_time:.0f}·λmax/λ0 = {'/'.join(map(str, gd_steps.values()))}"
    terms = []
    for n in sorted(s1["ns"]):
        terms += [g_infinity_host("host: H^inf spectra", n, d, act) for act in (DAS_ACT, "relu")]
        terms.append(host_eig("host: H^inf spectra", n, vectors=False, count=2))
        if n <= s1["mc_max_n"]:
            M = s1["mc_samples"]
            terms += gram(f"Monte-Carlo H, M = {M:.0e}", n, d, M, "float64", DAS_ACT, with_a=False)
            terms += [host_eig("host: H^inf spectra", n, vectors=False), host("host: random draws", normals=M * d)]
        for m in grid:
            terms += gram("m_B*", n, d, m, "float64", DAS_ACT, with_a=False, count=s1["bstar_seeds"])
            terms += [eigvalsh("m_B*: eigvalsh per width and seed", n, count=s1["bstar_seeds"]),
                      host("host: random draws", normals=s1["bstar_seeds"] * (m * d + m))]
        if n in gd_steps:
            B, P = s1["gd_seeds"], sum(gd_widths)
            terms += [*fixed_output_gd(gd, B, P, n, d, len(gd_widths), gd_steps[n], DAS_ACT, DAS_DTYPE),
                      host("host: random draws", normals=B * (P * d + P))]
    tc = cfg["train"]
    for which in ("ref", "tiny"):
        c = tc[which]
        n, d = c["n"], c["d"]
        lam0, lam_max = das_spectrum(cfg, which, n, d)
        K = das_settings.gd_steps(lam0, lam_max, tc["time"])
        terms += [g_infinity_host("host: H^inf spectra", n, d, DAS_ACT),
                  host_eig("host: H^inf spectra", n, vectors=False)]
        if c["widths"] and c["seeds"]:
            terms += kernel_log_block(which, c["seeds"], sorted(c["widths"]), n, d, K)
            if which == "ref":
                terms += kernel_log_block("ref small eta", c["seeds"], [tc["small_eta_width"]], n, d,
                                          math.ceil(K / tc["small_eta"]))
        if c["threshold_seeds"]:
            m_dg = threshold_width(n, lam0, cfg["delta_prime"])
            terms += [t * c["threshold_seeds"]
                      for t in kernel_log_block(f"{which} m_DG = {m_dg:.2g}", 1, [m_dg], n, d, K)]
        if which == "ref" and tc["moment_seeds"]:
            m = tc["moment_width"]
            terms += [t * tc["moment_seeds"] for t in (
                matmul("moment check", n, m, d, "float64", launches=6),  # and phi, @ a, y - u, square, sum
                elementwise("moment check", n * m, "float64", ACTIVATION_COST[DAS_ACT][0]),
                host("host: random draws", normals=m * d + m))]
    return terms


def das2019_counterexample(cfg: dict) -> list[Term]:
    """das2019.counterexample, parts A and B: G^inf spectra and null spaces of the tiny antipodal sets for every
    activation (host), then softplus GD in float64 on A (with alpha^T u at every step), B and B'."""
    c = cfg["supp4"]
    data = das_compute.antipodal_datasets(cfg)
    seeds = c["seeds"]
    terms = []
    for ds in data.values():
        n, d = ds["X"].shape
        for act in c["activations"]:
            terms += [g_infinity_host("host: G^inf spectra", n, d, act, count=2),
                      host_eig("host: G^inf spectra", n, vectors=True, count=2)]
    for name in ("A", "B", "B_perturbed"):
        n, d = data[name]["X"].shape
        widths, steps = sorted(c[name]["widths"]), c[name]["steps"]
        P = sum(widths)
        observe_ops = 3 if name == "A" else 0  # einsum, + y, copy to the host
        terms += fixed_output_gd(f"GD on {name}", seeds, P, n, d, len(widths), steps, DAS_ACT, DAS_DTYPE,
                                 observe_ops=observe_ops)
        terms.append(host("host: random draws", normals=seeds * (P * d + P)))
    return terms


def _oymak_panel(config: dict, name: str, device: str = "cuda") -> list[Term]:
    act, n = name.split("/")[1].rsplit("_n", 1)
    return oymak2019_phase_transition(config["oymak2019"], act, int(n), device)


def _fig1(config: dict) -> dict:
    return config["panigrahi2020"]["fig1"]


def du2019_sensitivity(cfg: dict) -> list[Term]:
    """du2019.compute_sensitivity: one du2019_train per alternative reading."""
    return [t for _, _, alternatives in du_sensitivity.readings(cfg) for _, alt in alternatives
            for t in du2019_train(alt)]


def panigrahi2020_fig1_sensitivity(cfg: dict, sens: dict) -> list[Term]:
    """panigrahi2020.compute_sensitivity.fig1_sensitivity: per c_phi and arc reading, train at train_ns and spectra at
    every n; per epochs factor, train at train_ns with the epochs and the logging interval multiplied."""
    terms = []
    for _ in [*sens["c_phi"], *sens["arc"]]:
        for n in cfg["ns"]:
            terms += panigrahi2020_fig1_spectra(cfg, n)
        for n in sens["train_ns"]:
            terms += panigrahi2020_fig1_train(cfg, n)
    for factor in sens["epochs_factor"]:
        longer = {**cfg, "train": {**cfg["train"], "epochs": cfg["train"]["epochs"] * factor,
                                   "log_every": cfg["train"]["log_every"] * factor}}
        for n in sens["train_ns"]:
            terms += panigrahi2020_fig1_train(longer, n)
    return terms


def panigrahi2020_fig2_sensitivity(cfg: dict, sens: dict) -> list[Term]:
    """panigrahi2020.compute_sensitivity.fig2_sensitivity: one fig2_train per parametrisation read."""
    return [t for p in sens["parametrization"]
            for t in panigrahi2020_fig2_train({**cfg, "train": {**cfg["train"], "parametrization": p}})]


def oymak2019_sensitivity(cfg: dict, device: str = "cuda") -> list[Term]:
    """oymak2019.compute_sensitivity: per loss-scale reading, the rerun activations' panels at both n."""
    sens = cfg["sensitivity"]
    return [t for _ in sens["loss_scale"] for act in sens["activations"] for n in cfg["ns"]
            for t in oymak2019_phase_transition(cfg, act, n, device)]


# The cost model of one job of each GPU rule of the registry: (config, the job's benchmark name) -> its terms.
COSTS = {
    "du2019_train": lambda config, name: du2019_train(config["du2019"]),
    "panigrahi2020_fig1_train": lambda config, name: panigrahi2020_fig1_train(_fig1(config), int(name.rsplit("/n", 1)[1])),
    "panigrahi2020_fig1_spectra": lambda config, name: panigrahi2020_fig1_spectra(_fig1(config),
                                                                                  int(name.rsplit("/n", 1)[1])),
    "panigrahi2020_fig2_geometry": lambda config, name: panigrahi2020_fig2_geometry(config["panigrahi2020"]["fig2"]),
    "panigrahi2020_fig2_spectra": lambda config, name: panigrahi2020_fig2_spectra(config["panigrahi2020"]["fig2"]),
    "panigrahi2020_fig2_train": lambda config, name: panigrahi2020_fig2_train(config["panigrahi2020"]["fig2"]),
    "oymak2019_phase_transition": _oymak_panel,
    "das2019_compute": lambda config, name: das2019_compute(config["das2019"]),
    "das2019_counterexample": lambda config, name: das2019_counterexample(config["das2019"]),
    "du2019_sensitivity": lambda config, name: du2019_sensitivity(config["du2019"]),
    "panigrahi2020_fig1_sensitivity": lambda config, name: panigrahi2020_fig1_sensitivity(
        _fig1(config), config["panigrahi2020"]["sensitivity"]["fig1"]),
    "panigrahi2020_fig2_sensitivity": lambda config, name: panigrahi2020_fig2_sensitivity(
        config["panigrahi2020"]["fig2"], config["panigrahi2020"]["sensitivity"]["fig2"]),
    "oymak2019_sensitivity": lambda config, name: oymak2019_sensitivity(config["oymak2019"]),
}


def jobs(config: dict) -> dict[str, list[Term]]:
    """Every job of every GPU rule of the registry, named as its benchmark file (benchmarks/<profile>/<name>.tsv)."""
    out = {}
    for job in registry.jobs().values():
        if not job.gpu:
            continue
        if job.rule not in COSTS:
            raise KeyError(f"overparam/cost.py has no cost model for the GPU rule {job.rule} (add it to COSTS)")
        for name in job.benchmark_names(config):
            out[name] = COSTS[job.rule](config, name)
    return out


# ---------------------------------------------------------------- floors and the table

def merged(terms: list[Term]) -> list[Term]:
    """Terms with equal label (and dtype) summed, in order of first appearance."""
    out: dict[tuple[str, str], Term] = {}
    for t in terms:
        key = (t.label, t.dtype)
        if key in out:
            o = out[key]
            out[key] = replace(o, flops=o.flops + t.flops, bytes=o.bytes + t.bytes, ops=o.ops + t.ops,
                               normals=o.normals + t.normals, matmul=o.matmul or t.matmul)
        else:
            out[key] = t
    return list(out.values())


@dataclass(frozen=True)
class Rates:
    """The rates a floor is priced at: the CPU's (host work, CPU floor) and the H100's float32 matmul rate."""

    cpu_flops: float
    fp32_matmul: float = H100_FP32

    def compute_s(self, t: Term) -> float:
        if t.dtype == HOST:
            return 0.0
        if t.dtype == "float64":
            return t.flops / (H100_FP64_TENSOR if t.matmul else H100_FP64)
        return t.flops / (self.fp32_matmul if t.matmul else H100_FP32)

    @staticmethod
    def memory_s(t: Term) -> float:
        return 0.0 if t.dtype == HOST else t.bytes / H100_HBM

    def host_s(self, t: Term) -> float:
        return t.flops / self.cpu_flops + t.normals / HOST_NORMALS_PER_S if t.dtype == HOST else 0.0

    def term_s(self, t: Term) -> float:
        return max(self.compute_s(t), self.memory_s(t)) + self.host_s(t)

    def cpu_s(self, t: Term) -> float:
        """The term on the CPU: float32 at twice the float64 rate (twice the SIMD lanes), host numpy in float64."""
        return t.flops / (2 * self.cpu_flops if t.dtype == "float32" else self.cpu_flops) \
            + t.normals / HOST_NORMALS_PER_S


@dataclass
class Row:
    job: str
    dominates: str
    flops: float
    bytes: float
    dtype: str
    compute_s: float
    memory_s: float
    host_s: float
    projected_s: float
    ops: float
    overhead_s: float
    cpu_s: float
    measured_s: float | None = None


def dominant(terms: list[Term], seconds_of) -> tuple[Term, float]:
    """The term with the largest floor time and its share of the summed term times."""
    times = [seconds_of(t) for t in terms]
    top = max(range(len(terms)), key=times.__getitem__)
    return terms[top], times[top] / sum(times)


def row(job: str, terms: list[Term], rates: Rates) -> Row:
    terms = merged(terms)
    device = [t for t in terms if t.dtype != HOST]
    top, share = dominant(terms, rates.term_s)
    dominates = f"{top.label} ({share:.0%})"
    if top.dtype == HOST:  # name the device's own bottleneck too
        top, share = dominant(device, rates.term_s)
        dominates += f"; device: {top.label} ({share:.0%} of device)"
    by_dtype: dict[str, float] = {}
    for t in device:
        by_dtype[t.dtype] = by_dtype.get(t.dtype, 0.0) + rates.term_s(t)
    total = sum(by_dtype.values())
    shares = sorted(((v / total, k.replace("float", "fp")) for k, v in by_dtype.items()), reverse=True)
    dtype = shares[0][1] if shares[0][0] > 0.995 else " / ".join(f"{k} {v:.0%}" for v, k in shares)
    compute, memory = sum(map(rates.compute_s, device)), sum(map(rates.memory_s, device))
    hosted = sum(map(rates.host_s, terms))
    ops = sum(t.ops for t in device)
    return Row(job, dominates, sum(t.flops for t in device), sum(t.bytes for t in device), dtype, compute, memory,
               hosted, max(compute, memory) + hosted, ops, ops * OP_OVERHEAD_S, sum(map(rates.cpu_s, terms)))


def total_row(rows: list[Row]) -> Row:
    fields = ("flops", "bytes", "compute_s", "memory_s", "host_s", "projected_s", "ops", "overhead_s", "cpu_s")
    measured = [r.measured_s for r in rows if r.measured_s is not None]
    return Row(job="total (run one after another)", dominates="", dtype="",
               **{f: sum(getattr(r, f) for r in rows) for f in fields}, measured_s=sum(measured) if measured else None)


def duration(s: float) -> str:
    """Seconds as a reader wants them: µs, ms, s, min or h."""
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    if s < 120:
        return f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"


CPU_FLOPS_PER_CORE = 25e9  # float64; bench/paper_cost.py's default 50 GFLOP/s is a 2-core machine
CPU_BYTES_PER_S_PER_CORE = 5e9  # DRAM bandwidth one core draws on (about 10 GB/s for two)


def cpu_floor_s(config: dict, benchmark_name: str, cores: int) -> tuple[float, float]:
    """(the job's projected time on ``cores`` CPU cores, its projected H100 floor), in seconds.

    Each term on the CPU takes its FLOPs at CPU_FLOPS_PER_CORE per core (float32 at twice that) or its bytes at
    CPU_BYTES_PER_S_PER_CORE per core, whichever is longer, plus its random draws. A floor for most jobs; for the
    phase-transition panels an upper estimate, since it lets every problem run all max_iter iterations.
    """
    rule = benchmark_name.split("/")[0]
    if rule not in COSTS:
        raise KeyError(f"overparam/cost.py has no cost model for the GPU rule {rule} (add it to COSTS)")
    # The batching a job uses on a CPU where it differs from a GPU's (Oymak's batch_size per device type).
    on_cpu = {"oymak2019_phase_transition": lambda: _oymak_panel(config, benchmark_name, "cpu"),
              "oymak2019_sensitivity": lambda: oymak2019_sensitivity(config["oymak2019"], "cpu")}
    terms = merged(on_cpu[rule]() if rule in on_cpu else COSTS[rule](config, benchmark_name))
    rates = Rates(CPU_FLOPS_PER_CORE * cores)
    cpu = sum(max(rates.cpu_s(t), 0.0 if t.dtype == HOST else t.bytes / (CPU_BYTES_PER_S_PER_CORE * cores))
              for t in terms)
    return cpu, row(benchmark_name, COSTS[rule](config, benchmark_name), rates).projected_s
