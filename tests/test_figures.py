"""Figures a reader can read at the README gallery's width, checked on the Figure objects of a smoke run.

The smoke workflow runs once; every figure is then rebuilt from its panel CSVs with plotting.save replaced by its
layout step, and the tests read fonts, text boxes, legend boxes, line data and colour maps from the Figures.
"""
from __future__ import annotations

import ast
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO, load_profile, snakemake
from figure_builds import build_figures
from matplotlib.colors import to_hex, to_rgb
from quick_profile_bench import copy_workflow

from overparam import plotting
from overparam.activations import activation

SMOKE = ("--cores", "2", "--configfile", "config/smoke.yaml")
PLOT_MODULES = sorted((REPO / "src/overparam/papers").glob("*/plots.py"))


@pytest.fixture(scope="module")
def smoke_results(tmp_path_factory):
    repo = copy_workflow(tmp_path_factory.mktemp("figures") / "repo")
    snakemake(repo, *SMOKE, timeout=1800)  # about a minute alone; a shared CPU can take many times that
    return repo


@pytest.fixture(scope="module")
def figures(smoke_results):
    config = load_profile("smoke")
    with pytest.MonkeyPatch.context() as mp:
        built = build_figures(smoke_results / "results/smoke", config, mp)
    yield built
    for fig in built.values():
        plt.close(fig)


# ---------------------------------------------------------------- the checker can fail

def _figure():
    plotting.apply_style()
    fig, axes = plotting.panels(2)
    return fig, axes


def test_the_checker_finds_small_type_colliding_labels_and_a_legend_over_data():
    fig, (a, b) = _figure()
    x = np.linspace(0, 1, 50)
    a.plot(x, x, label="diagonal")
    a.legend(loc="center", fontsize=5)  # over the line, and below 7 pt
    b.set_ylabel("a y-label far longer than the axes are tall, so it runs into the title row and beyond")
    b.set_title("clash", loc="left")
    b.text(0.0, 1.02, "clash", transform=b.transAxes)
    problems = "\n".join(plotting.legibility_problems(fig))
    assert "5.0 pt < 7.0 pt" in problems
    assert "covers line 'diagonal'" in problems
    assert "is taller than its axes" in problems
    assert "'clash' and 'clash' collide" in problems
    plt.close(fig)


def test_a_placed_legend_leaves_the_data_and_goes_outside_when_no_corner_is_free():
    fig, (a, b) = _figure()
    x = np.linspace(0, 1, 50)
    a.plot(x, 1 - x, label="falls")  # upper left and lower right are taken; upper right is free
    plotting.legend(a)
    for y in np.linspace(0, 1, 25):  # every corner and side taken
        b.plot(x, np.full_like(x, y), color="k", label="level" if y == 0 else None)
    plotting.legend(b)
    plotting.finish(fig)
    assert a.get_legend()._loc == 1  # 'upper right'
    assert not plotting.legend_overlaps(fig, a.get_legend())
    assert b.get_legend()._outside and not plotting.legend_overlaps(fig, b.get_legend())
    plt.close(fig)


def test_an_axis_whose_data_run_past_the_last_label_is_found_and_log_ticks_label_both_ends():
    fig, (a, b) = _figure()
    a.plot([0, 1], [10, 52])
    a.set_yscale("log")
    a.set_ylim(9.5, 52)
    a.set_yticks([20, 30, 50], ["20", "30", "50"])  # Panigrahi Figure 1(b) as it was: the curves reach 10
    b.plot([0, 1], [10, 52])
    plotting.log_ticks(b, [10, 52])
    fig.canvas.draw()
    problems = plotting.legibility_problems(fig)
    assert any("y-axis" in p and "beyond its labelled ticks" in p for p in problems)
    labels = [t.get_text() for t in b.yaxis.get_ticklabels() if t.get_text()]
    assert b.get_ylim() == (10, 100) and labels[0] == "10" and labels[-1] == "100"
    plt.close(fig)


def test_the_smallest_type_is_7_pt_at_the_gallery_width():
    fig, _ = _figure()
    # shown 720 CSS px = 540 pt wide: a 7.5 in (540 pt) figure needs 7 pt, a 15 in one 14 pt
    assert plotting.min_font_pt(fig) == pytest.approx(7.0)
    fig.set_size_inches(15, 5)
    assert plotting.min_font_pt(fig) == pytest.approx(14.0)
    plt.close(fig)
    gallery = (REPO / "docs/make_gallery.py").read_text()
    assert re.search(r"^WIDTH = (\d+)", gallery, re.M).group(1) == str(plotting.DISPLAY_WIDTH_PX)


# ---------------------------------------------------------------- one palette

def _activation_names() -> set[str]:
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
    names = set(schema["$defs"]["activation"]["enum"])

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
                if key == "activations" and k == "name":
                    names.add(v)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key in ("activation", "activations") and isinstance(node, str):
            names.add(node)

    for profile in ("smoke", "quick", "paper"):
        walk(load_profile(profile))
    return names


def test_every_activation_has_one_colour_and_no_two_share_it():
    names = _activation_names()
    assert {"relu", "elu", "tanh", "swish", "softplus", "gelu", "quadratic", "shifted_softplus"} <= names
    assert names <= set(plotting.ACTIVATION_COLORS), names - set(plotting.ACTIVATION_COLORS)
    colours = [to_hex(c) for c in plotting.ACTIVATION_COLORS.values()]
    assert len(set(colours)) == len(colours)
    with pytest.raises(KeyError, match="'sigmoid' has no colour"):
        plotting.activation_color("sigmoid")


@pytest.mark.parametrize("module", PLOT_MODULES, ids=lambda p: p.parent.name)
def test_plot_modules_take_activation_colours_and_type_sizes_from_plotting(module):
    source = module.read_text()
    tree = ast.parse(source)
    calls = {f"{node.func.value.id}.{node.func.attr}" for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)}
    assert "sns.color_palette" not in calls or module.parent.name == "du2019"  # Du: greys for seeds only
    assert '"colorblind"' not in source and '"jet"' not in source
    assert not re.search(r"fontsize=\"(xx?-small|small)\"", source)
    if re.search(r"label=(f\"\{)?activation\(", source):  # draws a line or marker per activation
        assert "plotting.activation_color" in calls


def _activation_lines(fig):
    """(activation, colour) of every line whose legend label is an activation's label."""
    by_label = {activation(name).label: name for name in plotting.ACTIVATION_COLORS}
    def named(label):  # "ReLU", or "softplus (Hermite series)": the activation and how its kernel was computed
        return by_label.get(label) or by_label.get(label.split(" (")[0])

    return [(named(line.get_label()), to_hex(line.get_color())) for ax in fig.axes for line in ax.get_lines()
            if named(line.get_label())]


def test_each_activation_has_its_colour_in_every_figure(figures):
    seen = set()
    for figure_id in ("panigrahi2020-fig1", "panigrahi2020-fig2", "das2019-supp1", "das2019-supp4"):
        lines = _activation_lines(figures[figure_id])
        assert lines, figure_id
        for name, colour in lines:
            assert colour == to_hex(plotting.ACTIVATION_COLORS[name]), (figure_id, name)
            seen.add(name)
    assert {"relu", "elu", "tanh", "swish", "quadratic", "softplus", "gelu"} <= seen


# ---------------------------------------------------------------- every figure of a run

def test_every_figure_is_built(figures):
    assert set(figures) == {"panigrahi2020-fig1", "panigrahi2020-fig2", "du2019-fig1", "du2019-supp1",
                            "oymak2019-fig1", "oymak2019-fig2", "das2019-supp1", "das2019-supp2", "das2019-supp3",
                            "das2019-supp4"}


@pytest.mark.parametrize("figure_id", ["panigrahi2020-fig1", "panigrahi2020-fig2", "du2019-fig1", "du2019-supp1",
                                       "oymak2019-fig1", "oymak2019-fig2", "das2019-supp1", "das2019-supp2",
                                       "das2019-supp3", "das2019-supp4"])
def test_figure_is_legible_at_the_gallery_width(figures, figure_id):
    fig = figures[figure_id]
    smallest = plotting.min_font_pt(fig)
    sizes = plotting.font_sizes(fig)
    assert sizes and min(sizes.values()) >= smallest - 1e-9, {t: s for t, s in sizes.items() if s < smallest}
    for leg in plotting.legends(fig):
        assert plotting.legend_overlaps(fig, leg) == [], [t.get_text() for t in leg.get_texts()]
    assert plotting.legibility_problems(fig) == []


def test_footers_write_greek_letters(figures):
    spelled = re.compile(r"\b(eta|lambda0|lambda_max|lambda_min)\b")
    for figure_id, fig in figures.items():
        for text in fig.texts:
            assert not spelled.search(text.get_text()), (figure_id, spelled.search(text.get_text()).group(0))
    assert "η" in " ".join(t.get_text() for t in figures["du2019-fig1"].texts)


def test_the_plot_jobs_of_the_run_warned_of_nothing(smoke_results):
    logs = list((smoke_results / "logs/smoke").rglob("*plot*.log"))
    assert len(logs) >= 5
    for log in logs:
        assert "not legible" not in log.read_text(), log


def test_phase_transitions_use_a_red_blue_diverging_map_and_kd_n_stays_on_the_grid(figures):
    fig = figures["oymak2019-fig2"]
    config = load_profile("smoke")["oymak2019"]
    ks, ds = sorted(config["ks"]), sorted(config["ds"])
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]  # the colour bar is an axes too
    meshes = [c for ax in panels for c in ax.collections if type(c).__name__ == "QuadMesh"]
    assert len(meshes) == 4
    for mesh in meshes:
        cmap = mesh.get_cmap()
        assert cmap.name == plotting.PHASE_CMAP == "RdBu_r"
        low, mid, high = (np.array(to_rgb(cmap(v))) for v in (0.0, 0.5, 1.0))
        assert low[2] > low[0] + 0.2 and high[0] > high[2] + 0.2  # failure blue, success red
        assert mid.min() > 0.9  # a light middle: a diverging map, not a rainbow
    for ax in panels:
        n = int(ax.get_title(loc="left").rsplit("n = ", 1)[1])
        (curve,) = [line for line in ax.get_lines() if line.get_label() == "kd = n"]
        k, d = curve.get_xdata(), curve.get_ydata()
        assert np.allclose(k * d, n)
        step_k, step_d = (ks[1] - ks[0]) / 2, (ds[1] - ds[0]) / 2
        assert k.min() >= ks[0] - step_k - 1e-9 and k.max() <= ks[-1] + step_k + 1e-9
        assert d.min() >= ds[0] - step_d - 1e-9 and d.max() <= ds[-1] + step_d + 1e-9
        assert d.max() <= ax.get_ylim()[1] and k.max() <= ax.get_xlim()[1]


def test_eigenvalues_at_the_float64_floor_are_a_band_not_a_curve(figures, smoke_results):
    fig = figures["panigrahi2020-fig1"]
    for ax, panel in zip(fig.axes[2:4], "cd"):
        table = pd.read_csv(smoke_results / f"results/smoke/panigrahi2020-fig1{panel}.csv", dtype={"run": str})
        n = int(table["index"].max())
        floor = max(n * np.finfo(np.float64).eps * one["eigenvalue"].max()
                    for _, one in table.groupby(["activation", "kind", "run"]))
        bands = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(to_rgb("0.88"))]
        assert len(bands) == 1
        top = bands[0].get_window_extent(fig.canvas.get_renderer()).y1
        assert top == pytest.approx(ax.transData.transform((1, floor))[1], abs=0.01)
        drawn = np.concatenate([np.asarray(line.get_ydata(), float) for line in ax.get_lines()
                                if line.get_marker() != "v" and len(line.get_ydata())])
        drawn = drawn[np.isfinite(drawn)]
        assert len(drawn) and drawn.min() > floor  # nothing at or under the floor is drawn as an eigenvalue
        clipped = (table["eigenvalue"] <= floor * (1 + 1e-6)).sum()
        assert clipped == 0 or any(line.get_marker() == "v" for line in ax.get_lines())


def test_panel_letters_keep_their_order_after_layout(figures):
    """Layout moves axes, never reorders them: tests elsewhere read fig.axes[i] as panel i."""
    for figure_id, fig in figures.items():
        letters = [ax.get_title(loc="left")[1] for ax in fig.axes if ax.get_title(loc="left").startswith("(")]
        assert letters == sorted(letters), figure_id
        assert math.isclose(fig.get_figwidth(), plotting.FIGURE_WIDTH) or figure_id == "oymak2019-fig1"
