"""Das & Golikov 2019: the tidy CSV of exactly what each panel of das2019-supp1 ... supp4 plots, from the run files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ...activations import activation
from ...inputs import read_run
from ...io import write_csv
from ...jobs import JobContext, entry
from .registry import PAPER as REGISTERED
from .settings import (DATASETS, TABLES_KEYS, ZERO_TOL, loss_ratio, movement_rows, supp1_widths, threshold_lines,
                       thr_datasets)

PANELS = [panel.name for figure in REGISTERED.figures for panel in figure.panels]


def _method(name: str) -> str:
    """How H^inf's lambda0 was computed for this activation: hermite_series or closed_form."""
    return activation(name).kernel_method.lower().replace(" ", "_")


def _subsample(steps: int, points: int) -> np.ndarray:
    """Step indices for a CSV curve: a uniform and a geometric grid (either axis scale), both ends included."""
    uniform = np.linspace(0, steps, min(points, steps + 1)).round()
    geometric = np.geomspace(1, steps, min(points // 2, steps)).round() if steps >= 1 else np.array([])
    return np.unique(np.concatenate([[0, steps], uniform, geometric])).astype(int)


def supp1_tables(run: dict, cfg: dict) -> dict[str, pd.DataFrame]:
    ns = run["ns"]
    rows = [pd.DataFrame({"n": ns, "activation": "softplus", "method": _method("softplus"), "lambda0": run["lambda0"]}),
            pd.DataFrame({"n": ns, "activation": "relu", "method": _method("relu"), "lambda0": run["lambda0_relu"]})]
    mc = np.isfinite(run["lambda0_mc"])
    rows.append(pd.DataFrame({"n": ns[mc], "activation": "softplus", "method": "monte_carlo",
                              "lambda0": run["lambda0_mc"][mc]}))
    a = pd.concat(rows, ignore_index=True)
    widths = supp1_widths(run, cfg)
    lines = threshold_lines(ns, run["lambda0"], run["lambda0_relu"], int(run["d"]), cfg["delta_prime"],
                            float(run["c3"]))
    b_rows = []
    for series, key, grid_ns in (("m_B*", "m_B", ns), ("m_GD*", "m_GD", run["gd_ns"])):
        v = widths[key]
        ok = np.isfinite(v)  # a width that no grid value reached is left out (and fails its claims)
        b_rows.append(pd.DataFrame({"n": grid_ns[ok], "series": series, "width": v[ok]}))
    for series, v in lines.items():
        b_rows.append(pd.DataFrame({"n": ns, "series": series, "width": v}))
    return {"das2019-supp1a": a, "das2019-supp1b": pd.concat(b_rows, ignore_index=True)}


def _long(values: np.ndarray, t: np.ndarray, widths, seeds, column: str, keep: np.ndarray) -> pd.DataFrame:
    """[k, seed, width] -> rows (m, seed, t, column) at the steps ``keep``."""
    frames = []
    for j, m in enumerate(widths):
        for b, s in enumerate(seeds):
            frames.append(pd.DataFrame({"m": int(m), "seed": int(s), "t": t[keep], column: values[keep, b, j]}))
    return pd.concat(frames, ignore_index=True)


def _diverged_at(run: dict, prefix: str, seed_index: int, width_index: int) -> int:
    """The run's first non-finite GD step, -1 if it stayed finite (the column diverged_at of every run table)."""
    key = f"{prefix}_first_nonfinite_step"
    return int(run[key][seed_index, width_index]) if key in run else -1


def _with_divergence(frame: pd.DataFrame, run: dict, prefix: str, widths, seeds) -> pd.DataFrame:
    where = {(int(m), int(s)): _diverged_at(run, prefix, b, j) for j, m in enumerate(widths) for b, s in enumerate(seeds)}
    frame["diverged_at"] = [where[(int(m), int(s))] for m, s in zip(frame["m"], frame["seed"])]
    return frame


def supp23_tables(train: dict[str, dict], cfg: dict) -> dict[str, pd.DataFrame]:
    tc = cfg["train"]
    ref = train["ref"]
    lam0 = float(ref["lambda0"])
    widths, seeds, t = ref["main_widths"], ref["main_seeds"], ref["main_t"]
    keep = np.arange(t.size)  # ~100-600 steps: every step is plotted
    shown = [j for j, m in enumerate(widths) if m in tc["supp2_widths"]]
    sel = lambda a: a[:, :, shown]  # noqa: E731
    a = _long(sel(loss_ratio(ref, "main")), t, widths[shown], seeds, "ratio", keep)
    a["envelope"] = np.exp(-lam0 * a["t"])
    a["asymptote"] = np.exp(-2 * lam0 * a["t"])
    a["flow"] = _long(sel(ref["main_flow_ratio"]), t, widths[shown], seeds, "flow", keep)["flow"]
    b = _long(sel(ref["main_lmin"]) / lam0, t, widths[shown], seeds, "lmin_over_lambda0", keep)
    a = _with_divergence(a, ref, "main", widths, seeds)
    b = _with_divergence(b, ref, "main", widths, seeds)
    # (c) eta against eta/4 at one width, both against t = eta k
    j = list(widths).index(tc["small_eta_width"])
    c_rows = [pd.DataFrame({"eta_scale": 1.0, "seed": int(s), "t": t, "ratio": loss_ratio(ref, "main")[:, i, j],
                            "diverged_at": _diverged_at(ref, "main", i, j)}) for i, s in enumerate(seeds)]
    ts = ref["small_t"]
    c_rows += [pd.DataFrame({"eta_scale": float(ref["small_scale"]), "seed": int(s), "t": ts,
                             "ratio": loss_ratio(ref, "small")[:, i, 0],
                             "diverged_at": _diverged_at(ref, "small", i, 0)})
               for i, s in enumerate(ref["small_seeds"])]
    c = pd.concat(c_rows, ignore_index=True)
    # (d) the theorem's own width m_DG
    d_rows = []
    for which in thr_datasets(train):
        run = train[which]
        tt = run["thr_t"]
        for i, s in enumerate(run["thr_seeds"]):
            d_rows.append(pd.DataFrame({"dataset": DATASETS[which], "m": int(run["thr_widths"][0]), "seed": int(s),
                                        "t": tt, "ratio": loss_ratio(run, "thr")[:, i, 0],
                                        "envelope": np.exp(-float(run["lambda0"]) * tt),
                                        "lmin_over_lambda0": run["thr_lmin"][:, i, 0] / float(run["lambda0"]),
                                        "diverged_at": _diverged_at(run, "thr", i, 0)}))
    d = pd.concat(d_rows, ignore_index=True) if d_rows else pd.DataFrame(
        columns=["dataset", "m", "seed", "t", "ratio", "envelope", "lmin_over_lambda0", "diverged_at"])
    tables = {"das2019-supp2a": a, "das2019-supp2b": b, "das2019-supp2c": c, "das2019-supp2d": d}
    tables.update(supp3_tables(train, cfg["delta_prime"]))
    return tables


def supp3_tables(train: dict[str, dict], delta_prime: float) -> dict[str, pd.DataFrame]:
    rows = movement_rows(train, delta_prime)
    rows["m"] = rows["m"].astype(int)
    rows["seed"] = rows["seed"].astype(int)
    key = ["dataset", "m", "seed"]
    a = rows[key].assign(value=rows["max_move"], bound_printed=rows["printed_43b"], bound_corrected=rows["corrected_43b"])
    b = rows[key].assign(value=rows["total_move_max"], ntk=rows["ntk"], bound_printed=rows["printed_43b"],
                         radius=rows["radius"])
    c = rows[key].assign(value=rows["c0_hinf"], bound_printed=rows["thm42"], bound_e3=np.sqrt(2) * rows["thm42"])
    d = rows[key].assign(value=rows["drift"], bound=rows["lipschitz_bound"])
    e = rows[key].assign(value=rows["min_lmin"])
    a, b, c, d, e = (f.assign(diverged_at=rows["diverged_at"].astype(int)) for f in (a, b, c, d, e))
    return {"das2019-supp3a": a, "das2019-supp3b": b, "das2019-supp3c": c, "das2019-supp3d": d,
            "das2019-supp3e": e}


def supp4_tables(run: dict, cfg: dict) -> dict[str, pd.DataFrame]:
    c = cfg["supp4"]
    a_rows = []
    for name in ("A", "B", "B_perturbed", "B_independent", "pair"):
        for act in c["activations"]:
            eig = run[f"{name}_{act}_eig"]
            a_rows.append(pd.DataFrame({"dataset": name, "activation": act, "index": np.arange(1, eig.size + 1),
                                        "eigenvalue": eig, "is_exact_zero": np.abs(eig) <= ZERO_TOL * eig[-1]}))
    a = pd.concat(a_rows, ignore_index=True)
    b_rows, c_rows = [], []
    for name in ("A", "B", "B_perturbed"):
        L, eta = run[f"{name}_loss"], float(run[f"{name}_eta"])
        keep = _subsample(L.shape[0] - 1, c["log_points"])
        L_inf = float(run[f"{name}_L_inf"]) if f"{name}_L_inf" in run else 0.0
        for j, m in enumerate(run[f"{name}_widths"]):
            for i, s in enumerate(run["seeds"]):
                b_rows.append(pd.DataFrame({"dataset": name, "m": int(m), "seed": int(s), "step": keep,
                                            "t": eta * keep, "loss": L[keep, i, j], "L_inf": L_inf,
                                            # at full precision: the CSV's 10 digits of loss cannot show 1e-12
                                            "excess": L[keep, i, j] - L_inf,
                                            "diverged_at": _diverged_at(run, name, i, j)}))
                if name == "A":
                    c_rows.append(pd.DataFrame({"m": int(m), "seed": int(s), "step": keep, "t": eta * keep,
                                                "abs_alpha_u": np.abs(run["A_alpha_u"][keep, i, j]),
                                                "diverged_at": _diverged_at(run, name, i, j)}))
    return {"das2019-supp4a": a, "das2019-supp4b": pd.concat(b_rows, ignore_index=True),
            "das2019-supp4c": pd.concat(c_rows, ignore_index=True)}


def tables(supp1: dict, train: dict[str, dict], cx: dict, cfg: dict) -> dict[str, pd.DataFrame]:
    out = {**supp1_tables(supp1, cfg), **supp23_tables(train, cfg), **supp4_tables(cx, cfg)}
    assert list(out) == PANELS
    return out


@entry(*TABLES_KEYS)
def tables_job(job: JobContext) -> None:
    cx = read_run(job.input.counterexample)
    train = {ds: read_run(path) for ds, path in zip(DATASETS, job.input.train)}
    panels = tables(read_run(job.input.supp1), train, cx, job.config["das2019"])
    for path in job.output:
        write_csv(panels[Path(path).stem], path)
