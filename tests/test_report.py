"""Provenance sidecars and the report's pages (scorecard, provenance table, deviations)."""
import hashlib
import json

import numpy as np
import pandas as pd

from conftest import REPO
from overparam import provenance
from overparam.claims import Claim, aggregate, claims_frame, not_built_row, scorecard
from overparam.io import save_npz, write_csv
import pytest

from conftest import FIGURES, load_profile
from overparam import report_pages
from overparam.report_pages import claims_html, deviations_html, provenance_html


def test_records_chain_back_to_the_compute_job(tmp_path, monkeypatch):
    write_csv(pd.DataFrame({"a": [1]}), tmp_path / "lone.csv")  # a library call writes no record
    assert not (tmp_path / "lone.csv.provenance.json").exists()
    cfg = {"profile": "test", "x": {"b": 1, "a": 2}}
    train = provenance.Job("train", "cuda:0", cfg, code_sha256="abc")
    save_npz(tmp_path / "run.npz", w=np.zeros(3))
    train.write_records([tmp_path / "run.npz", tmp_path / "never-written.npz"])
    assert not (tmp_path / "never-written.npz.provenance.json").exists()
    tables = provenance.Job("tables", "cpu (no tensor work)", cfg, inputs=[str(tmp_path / "run.npz")])
    write_csv(pd.DataFrame({"a": [1]}), tmp_path / "panel.csv")
    (tmp_path / "panel.png").write_bytes(b"png")  # figures get records too
    calls = []
    monkeypatch.setattr(provenance, "git_commit", lambda: calls.append(1) or "0" * 40)
    tables.write_records([tmp_path / "panel.csv", tmp_path / "panel.png"])
    assert len(calls) == 1  # git and package facts once per job, whatever the number of outputs
    record = json.loads((tmp_path / "panel.csv.provenance.json").read_text())
    figure = json.loads((tmp_path / "panel.png.provenance.json").read_text())
    # one record per job, but each with its own file's checksum and size
    own = ("sha256", "bytes")
    assert {k: v for k, v in record.items() if k not in own} == {k: v for k, v in figure.items() if k not in own}
    assert figure["sha256"] == hashlib.sha256(b"png").hexdigest() and figure["bytes"] == 3
    assert record["sha256"] == hashlib.sha256((tmp_path / "panel.csv").read_bytes()).hexdigest()
    assert record["job"] == "tables" and record["profile"] == "test"
    assert record["config_sha256"] == provenance.config_hash({"x": {"a": 2, "b": 1}, "profile": "test"})
    assert record["inputs"][str(tmp_path / "run.npz")]["device"] == "cuda:0"
    assert record["inputs"][str(tmp_path / "run.npz")]["code_sha256"] == "abc"
    assert set(provenance.PACKAGES) <= set(record["packages"])
    html = provenance_html([tmp_path / "panel.csv", tmp_path / "missing.csv"], "test")
    assert "train on cuda:0" in html and "no provenance sidecar" in html


def test_git_commit_outside_a_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert provenance.git_commit().startswith("unknown")
    monkeypatch.chdir(REPO)
    commit = provenance.git_commit()
    assert len(commit.split("+")[0]) == 40 or commit.startswith("unknown")  # a clone has .git; an export may not


def test_scorecard_counts_each_kind_and_lists_what_was_not_reproduced():
    common = dict(quote="words", source="§5", statement="how")
    rows = [Claim("du2019-fig1a.ok", "du2019", "du2019-fig1a", "paper", value=1.0, lower=0, upper=2, **common),
            Claim("du2019-fig1a.bad", "du2019", "du2019-fig1a", "paper", value=3.0, lower=0, upper=2,
                  detail="the loss ends higher at m = 80", **common),
            Claim("du2019-fig1a.thm", "du2019", "du2019-fig1a", "theory", value=0.5, upper=1, **common),
            Claim("oymak2019-fig2a.impl", "oymak2019", "oymak2019-fig2a", "implementation", quote="", source="",
                  statement="no divergence", value=0, lower=0, upper=0),
            Claim("oymak2019-fig2a.nt", "oymak2019", "oymak2019-fig2a", "paper", value=0.3, verdict="not testable",
                  detail="stand-in", **common)]
    table = aggregate([claims_frame(rows), not_built_row("results/x/claims/panigrahi2020-fig2.csv", "offline")])
    card = scorecard(table).set_index("paper")
    assert card.loc["du2019", ["paper: reproduced", "paper: not reproduced", "theory: holds"]].tolist() == [1, 1, 1]
    assert card.loc["oymak2019", ["paper: not testable", "implementation: pass"]].tolist() == [1, 1]
    assert card.loc["panigrahi2020", "paper: not built"] == 1
    page = claims_html(table, "quick")
    assert "class='pass'" in page and "class='fail'" in page and "class='reported'" in page and "class='missing'" in page
    assert "the loss ends higher at m = 80" in page
    assert table["kind"].tolist()[:2] == ["paper", "paper"]  # paper claims first within a paper


def test_deviations_page_covers_every_paper_and_the_stand_in():
    page = deviations_html(REPO / "docs/deviations.rst", {"panigrahi2020-fig2": "download"})
    for topic in ("half circle", "parametrisation", "Widths inferred", "Step size inferred", "small-d deviation",
                  "Das &amp; Golikov", "stand-in"):
        assert topic in page, topic
    assert "This run used the synthetic stand-in" not in page
    assert "This run used the synthetic stand-in" in deviations_html(REPO / "docs/deviations.rst",
                                                                     {"panigrahi2020-fig2": "synthetic"})


def test_deviations_page_is_valid_restructuredtext():
    from docutils.core import publish_parts

    publish_parts((REPO / "docs/deviations.rst").read_text(), writer="html",
                  settings_overrides={"halt_level": 2, "report_level": 2})  # any warning raises


@pytest.mark.parametrize("profile", ["smoke", "quick", "paper"])
def test_every_caption_renders_to_clean_restructuredtext(profile):
    """Each caption template, rendered with a profile's config, has no docutils warning or error (e.g. |x| read as a
    substitution) and leaves no Jinja syntax for Snakemake's second rendering."""
    config = load_profile(profile)
    for fig in FIGURES:
        for source in ("download", "synthetic"):
            text = report_pages.render_caption((REPO / f"workflow/report/{fig}.rst").read_text(),
                                               {**config, "cifar10_source": source})
            assert report_pages.rst_problems(text) == [], (fig, report_pages.rst_problems(text))
            assert not any(mark in text for mark in ("{{", "{%", "{#")), fig
            assert profile in text, fig
    for page in ("workflow", "no-caption", "claims", "provenance", "deviations"):
        text = report_pages.render_caption((REPO / f"workflow/report/{page}.rst").read_text(), config)
        assert report_pages.rst_problems(text) == [], page


def test_a_caption_reads_only_the_record_and_fails_on_a_key_no_job_read():
    template = (REPO / "workflow/report/panigrahi2020-fig2.rst").read_text()
    config = load_profile("smoke")
    assert "SYNTHETIC STAND-IN" in report_pages.render_caption(template, {**config, "cifar10_source": "synthetic"})
    assert "SYNTHETIC STAND-IN" not in report_pages.render_caption(template, {**config, "cifar10_source": "download"})
    with pytest.raises(Exception, match="cifar10_source"):
        report_pages.render_caption(template, {k: v for k, v in config.items() if k != "cifar10_source"})


def _layout(tmp_path):
    return report_pages.ReportLayout(profile="test", results=tmp_path / "results", figures=tmp_path / "figures",
                                     logs=tmp_path / "logs", templates=REPO / "workflow/report",
                                     deviations=REPO / "docs/deviations.rst",
                                     figure_ids=("du2019-fig1", "panigrahi2020-fig2"),
                                     citations=(("du2019", "Du et al."), ("panigrahi2020", "Panigrahi et al.")))


def test_front_page_lists_claims_by_verdict_and_what_was_not_built(tmp_path):
    layout = _layout(tmp_path)
    layout.figures.mkdir(parents=True)
    layout.logs.mkdir(parents=True)
    cfg = {"profile": "test", **{k: load_profile("smoke")[k] for k in ("du2019",)}}
    job = provenance.Job("du2019_plot_fig1", "cpu (no tensor work)", cfg)
    (layout.figures / "du2019-fig1.png").write_bytes(b"png")
    job.write_records([layout.figures / "du2019-fig1.png"])
    (layout.logs / "panigrahi2020_fig2_data.log").write_text("CIFAR-10 UNAVAILABLE: offline, do this\n")
    common = dict(quote="words", source="§5", statement="how")
    rows = [Claim("du2019-fig1a.ok", "du2019", "du2019-fig1a", "paper", value=1.0, lower=0, upper=2, **common),
            Claim("du2019-fig1b.bad", "du2019", "du2019-fig1b", "paper", value=3.0, lower=0, upper=2, **common),
            Claim("du2019-fig1a.thm", "du2019", "du2019-fig1a", "theory", value=0.5, upper=1, **common)]
    table = aggregate([claims_frame(rows), not_built_row("results/x/claims/panigrahi2020-fig2.csv", "offline")])
    layout.results.mkdir(parents=True)
    table.to_csv(layout.results / "claims.csv", index=False)
    written = report_pages.write_report_pages(layout)
    assert layout.caption("du2019-fig1") in written and layout.caption("panigrahi2020-fig2") not in written
    assert "n = 20 points" in layout.caption("du2019-fig1").read_text()  # from the figure's record
    front = layout.front.read_text()
    assert "Not built in this run" in front and "CIFAR-10 UNAVAILABLE: offline, do this" in front
    assert front.index("not reproduced") < front.index(">reproduced<")  # what did not reproduce comes first
    assert "app.showResultInfo(&#x27;" in front or "app.showResultInfo('" in front
    assert str(layout.figure("du2019-fig1")) in front  # each claim links to the figure that shows it
    assert "Sensitivity" not in front and "robustness" not in front
    assert report_pages.rst_problems(front) == []
    # a sensitivity figure and a robustness column, when present, are shown
    (layout.figures / "sensitivity.png").write_bytes(b"\x89PNG")
    table.assign(robustness="robust").to_csv(layout.results / "claims.csv", index=False)
    report_pages.write_report_pages(layout)
    front = layout.front.read_text()
    assert "Sensitivity of the verdicts" in front and "data:image/png;base64," in front and "robustness" in front


def test_provenance_page_shows_shared_facts_once(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance, "git_commit", lambda: "c0ffee" * 6 + "abcd")
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.csv"
        write_csv(pd.DataFrame({"x": [1]}), path)
        provenance.Job(name, "cpu (no tensor work)", {"profile": "t", "k": name}).write_records([path])
        paths.append(path)
    page = provenance_html(paths, "t")
    assert page.count("c0ffee" * 6) == 1 and page.count("numpy ") == 1
