"""Every figure of a run rebuilt from its panel CSVs as a matplotlib Figure (laid out as saved, not written)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from overparam import plotting
from overparam.papers.das2019 import plots as das_plots
from overparam.papers.du2019 import plots as du_plots
from overparam.papers.oymak2019 import plots as oy_plots
from overparam.papers.oymak2019.settings import panel_ids
from overparam.papers.panigrahi2020 import plots as pan_plots


def build_figures(results: Path, config: dict, monkeypatch) -> dict:
    """{figure id: Figure} from results/<profile>/*.csv, with plotting.save replaced by its layout step."""
    built = []

    def keep(fig, png, pdf, tight=True):
        plotting.finish(fig, tight)
        built.append(fig)

    monkeypatch.setattr(plotting, "save", keep)

    def csv(name, **kw):
        return pd.read_csv(results / f"{name}.csv", **kw)

    profile = config["profile"]
    figures = {}
    pan = config["panigrahi2020"]
    pan_plots.plot_fig1({f"panigrahi2020-fig1{p}": csv(f"panigrahi2020-fig1{p}", dtype={"run": str}) for p in "abcd"},
                        pan["fig1"], profile, None, None)
    figures["panigrahi2020-fig1"] = built[-1]
    if (results / "panigrahi2020-fig2a.csv").exists():
        pan_plots.plot_fig2({f"panigrahi2020-fig2{p}": csv(f"panigrahi2020-fig2{p}") for p in "abcd"}, pan["fig2"],
                            config["cifar10_source"], profile, None, None)
        figures["panigrahi2020-fig2"] = built[-1]
    du = config["du2019"]
    du_plots.plot_fig1(*(csv(f"du2019-fig1{p}") for p in "abc"), du, profile, None, None)
    figures["du2019-fig1"] = built[-1]
    du_plots.plot_supp1(csv("du2019-supp1a"), csv("du2019-supp1b"), du, profile, None, None)
    figures["du2019-supp1"] = built[-1]
    oy = config["oymak2019"]
    oy_plots.plot_fig1(profile, None, None)
    figures["oymak2019-fig1"] = built[-1]
    oy_plots.plot_fig2({panel: csv(panel) for panel in panel_ids(oy).values()}, oy, profile, None, None)
    figures["oymak2019-fig2"] = built[-1]
    das_tables = {p.stem: pd.read_csv(p) for p in sorted(results.glob("das2019-supp*.csv"))}
    for figure_id, plot in das_plots.PLOTTERS.items():
        plot(das_tables, config["das2019"], profile, None, None)
        figures[figure_id] = built[-1]
    return figures
