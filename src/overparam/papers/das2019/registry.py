"""Das & Golikov 2019 in the registry: its supplementary figures (the paper has none), panel tables and jobs."""
from ...memory import estimate
from ...registry import Figure, Grid, Job, Paper, Panel
from .settings import DATASETS, threshold_printed

PACKAGE = "overparam.papers.das2019"
# Columns not named here are floats (some may be NaN or Inf: a bound that does not apply, a width not reached).
TYPES = {"n": "int", "m": "int", "seed": "int", "index": "int", "step": "int", "diverged_at": "int",
         "activation": "str", "method": "str", "series": "str", "dataset": "str", "is_exact_zero": "bool"}

SUPP4_SETS = ("A", "B", "B_perturbed")  # the trained sets of supp4 (b); (c) follows A only
SPECTRUM_SETS = ("A", "B", "B_perturbed", "B_independent", "pair")  # supp4 (a)'s spectra


def _seeds(count):
    return list(range(count))


def _grid(panel):
    """The rows each panel must hold for the config (the plot job declares the keys): every n, width and seed the
    config runs. Curves (a time axis) need each combination at least once; supp3 one row per width and seed. The
    threshold width m_DG is computed from the data, so a data set run at it is checked by its seeds only."""
    def grid(config):
        das = config["das2019"]
        train, c = das["train"], das["supp4"]
        ref = train["ref"]
        if panel == "supp1a":
            return Grid({"activation": ["softplus", "relu"], "n": sorted(das["supp1"]["ns"])}, once=False)
        if panel == "supp1b":
            return Grid({"n": sorted(das["supp1"]["ns"])}, once=False)
        if panel in ("supp2a", "supp2b"):
            return Grid({"m": sorted(set(train["supp2_widths"]) & set(ref["widths"])), "seed": _seeds(ref["seeds"])},
                        once=False)
        if panel == "supp2c":
            return Grid({"seed": _seeds(ref["seeds"])}, where={"eta_scale": 1.0}, once=False)
        if panel == "supp2d":
            run = [key for key in DATASETS if train[key]["threshold_seeds"]]
            return (Grid({"dataset": [DATASETS[key] for key in run]}, once=False),
                    *(Grid({"seed": _seeds(train[key]["threshold_seeds"])}, where={"dataset": DATASETS[key]},
                           once=False) for key in run))
        if panel.startswith("supp3"):
            blocks = []
            for key, name in DATASETS.items():
                cfg = train[key]
                main = cfg["seeds"] and cfg["widths"]
                if main and not cfg["threshold_seeds"]:
                    blocks.append(Grid({"m": sorted(cfg["widths"]), "seed": _seeds(cfg["seeds"])},
                                       where={"dataset": name}))
                elif main or cfg["threshold_seeds"]:
                    seeds = max(cfg["seeds"] if main else 0, cfg["threshold_seeds"])
                    blocks.append(Grid({"seed": _seeds(seeds)}, where={"dataset": name}, once=False))
            return tuple(blocks)
        if panel == "supp4a":
            return Grid({"dataset": list(SPECTRUM_SETS), "activation": list(c["activations"])}, once=False)
        if panel == "supp4b":
            return (Grid({"dataset": list(SUPP4_SETS)}, once=False),
                    *(Grid({"m": sorted(c[name]["widths"]), "seed": _seeds(c["seeds"])}, where={"dataset": name},
                           once=False) for name in SUPP4_SETS))
        if panel == "supp4c":
            return Grid({"m": sorted(c["A"]["widths"]), "seed": _seeds(c["seeds"])}, once=False)
        raise KeyError(panel)
    return grid


def _panel(name, columns):
    return Panel(f"das2019-{name}", columns, TYPES, grid=_grid(name))


def _compute_memory(config, name):
    """compute.compute, float64, its blocks one after the other (the largest counts): the Monte-Carlo weights
    (mc_samples x d); the D_ref bank (seeds x widths neurons: W, W0 with d each, four arrays with n each, and three
    n x n matrices per network for C(t)); the threshold-width network m_DG of D_tiny, bounded below by the printed
    threshold at lambda0 = 1 (lambda0 <= E[softplus'^2] <= 1 on unit vectors)."""
    das = config["das2019"]
    s1, ref, tiny = das["supp1"], das["train"]["ref"], das["train"]["tiny"]
    needs = [estimate("float64 Monte-Carlo weights", lambda samples, d: 8 * samples * d,
                      {"das2019.supp1.mc_samples": s1["mc_samples"] if min(s1["ns"]) <= s1["mc_max_n"] else 0,
                       "das2019.supp1.d": s1["d"]}),
             estimate("float64 bank of D_ref: seeds x widths neurons, C(t) per network",
                      lambda seeds, neurons, n, d: seeds * neurons * (16 * d + 32 * n)
                      + 24 * seeds * len(ref["widths"]) * n * n,
                      {"das2019.train.ref.seeds": ref["seeds"], "das2019.train.ref.widths": sum(ref["widths"]),
                       "das2019.train.ref.n": ref["n"], "das2019.train.ref.d": ref["d"]})]
    if tiny["threshold_seeds"]:
        width = float(threshold_printed(tiny["n"], 1.0, das["delta_prime"]))
        needs.append(estimate(f"float64 network of D_tiny at the threshold width m_DG >= {width:.3g}",
                              lambda seeds, m, n, d: m * (16 * d + 32 * n) if seeds else 0,
                              {"das2019.train.tiny.threshold_seeds": 1, "das2019.delta_prime": width,
                               "das2019.train.tiny.n": tiny["n"], "das2019.train.tiny.d": tiny["d"]}))
    return max(needs, key=lambda need: need.bytes)


def _counterexample_memory(config, name):
    """compute.counterexample: the float64 GD banks of parts A, B and B' (seeds x widths neurons, tiny data)."""
    c = config["das2019"]["supp4"]
    neurons = max(sum(c[part]["widths"]) for part in ("A", "B", "B_perturbed"))
    return estimate("float64 GD bank of the antipodal sets", lambda seeds, neurons, d: seeds * neurons * 48 * d,
                    {"das2019.supp4.seeds": c["seeds"], "das2019.supp4.A.widths": neurons, "das2019.supp4.d": c["d"]})


PAPER = Paper(
    name="das2019",
    citation="Das, Golikov. Optimization of overparameterized two-layer networks (v2). 2019",
    figures=(
        Figure("das2019-supp1", (
            _panel("supp1a", ('n', 'activation', 'method', 'lambda0')),
            _panel("supp1b", ('n', 'series', 'width')),
        ), supplementary=True),
        Figure("das2019-supp2", (
            _panel("supp2a", ('m', 'seed', 't', 'ratio', 'envelope', 'asymptote', 'flow', 'diverged_at')),
            _panel("supp2b", ('m', 'seed', 't', 'lmin_over_lambda0', 'diverged_at')),
            _panel("supp2c", ('eta_scale', 'seed', 't', 'ratio', 'diverged_at')),
            _panel("supp2d", ('dataset', 'm', 'seed', 't', 'ratio', 'envelope', 'lmin_over_lambda0', 'diverged_at')),
        ), supplementary=True),
        Figure("das2019-supp3", (
            _panel("supp3a", ('dataset', 'm', 'seed', 'value', 'bound_printed', 'bound_corrected', 'diverged_at')),
            _panel("supp3b", ('dataset', 'm', 'seed', 'value', 'ntk', 'bound_printed', 'radius', 'diverged_at')),
            _panel("supp3c", ('dataset', 'm', 'seed', 'value', 'bound_printed', 'bound_e3', 'diverged_at')),
            _panel("supp3d", ('dataset', 'm', 'seed', 'value', 'bound', 'diverged_at')),
            _panel("supp3e", ('dataset', 'm', 'seed', 'value', 'diverged_at')),
        ), supplementary=True),
        Figure("das2019-supp4", (
            _panel("supp4a", ('dataset', 'activation', 'index', 'eigenvalue', 'is_exact_zero')),
            _panel("supp4b", ('dataset', 'm', 'seed', 'step', 't', 'loss', 'L_inf', 'excess', 'diverged_at')),
            _panel("supp4c", ('m', 'seed', 'step', 't', 'abs_alpha_u', 'diverged_at')),
        ), supplementary=True),
    ),
    claim_files=("das2019",),
    jobs=(
        Job("das2019_compute", f"{PACKAGE}.compute:compute", gpu=True, memory=_compute_memory),
        Job("das2019_counterexample", f"{PACKAGE}.compute:counterexample_job", gpu=True,
            memory=_counterexample_memory),
        Job("das2019_tables", f"{PACKAGE}.tables:tables_job"),
        Job("das2019_claims", f"{PACKAGE}.claims:claims_job"),
        Job("das2019_plots", f"{PACKAGE}.plots:plots_job"),
    ),
)
