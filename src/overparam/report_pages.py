"""The pages of Snakemake's report: its front page (the claims scorecard), each figure's caption, the claims
ledger, the provenance table and the deviations page, all under ``results/{profile}/report/``.

Written from what a run left behind, whatever it was: after a complete run by the ``report_pages`` job, after a
failed one (offline CIFAR-10) by the workflow's ``onerror`` handler, so ``snakemake --report`` works after any
run. Captions are rendered from each figure's own provenance record (the config keys its jobs read), never from
the config the report command is given: a figure made from the synthetic stand-in says so whatever ``--config``
builds the report. A figure that was not built is listed with the reason.
"""
from __future__ import annotations

import base64
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .inputs import read_table
from .atomic import write_text
from .claims import NOT_BUILT, scorecard, summary
from .jobs import JobContext, entry
from .provenance import sidecar_path

# The config key that says which data Panigrahi et al. Figure 2 was made from; a record holding it with another
# value than "download" marks a figure made from the labelled synthetic stand-in.
DATA_SOURCE_KEY = "cifar10_source"
STAND_IN_LABEL = "the synthetic stand-in, not CIFAR-10"

STYLE = """<style>
body { font-family: sans-serif; font-size: 13px; margin: 1em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
tr.pass td.verdict { background: #d9f2d9; } tr.fail td.verdict { background: #f8d0d0; font-weight: bold; }
tr.reported td.verdict { background: #eeeeee; } tr.missing td { background: #fff3cd; }
</style>"""

VERDICT_CLASS = {"reproduced": "pass", "holds": "pass", "demonstrated": "pass", "pass": "pass",
                 "not reproduced": "fail", "violated": "fail", "not demonstrated": "fail", "fail": "fail",
                 "inconclusive": "reported", "not testable": "reported", NOT_BUILT: "missing"}
# The front page lists a paper's claims in this order: what did not reproduce first.
PAPER_VERDICT_ORDER = ("not reproduced", "inconclusive", "not testable", NOT_BUILT, "reproduced")
QUOTE_CHARS = 240  # longer quotes are cut on the front page; the claims ledger page has them whole


@dataclass(frozen=True)
class ReportLayout:
    """Where a profile's files are, and the figures and papers the registry lists."""

    profile: str
    results: Path  # results/{profile}
    figures: Path  # figures/{profile}
    logs: Path  # logs/{profile}
    templates: Path  # workflow/report: {figure_id}.rst caption templates
    deviations: Path  # docs/deviations.rst
    figure_ids: tuple[str, ...]
    citations: tuple[tuple[str, str], ...]  # (paper, citation) in the registry's order

    @property
    def pages(self) -> Path:
        return self.results / "report"

    def page(self, name: str) -> Path:
        return self.pages / f"{name}.html"

    @property
    def front(self) -> Path:
        return self.pages / "front.rst"

    def caption(self, figure_id: str) -> Path:
        return self.pages / "captions" / f"{figure_id}.rst"

    def figure(self, figure_id: str) -> Path:
        return self.figures / f"{figure_id}.png"

    @property
    def sensitivity(self) -> Path:
        return self.figures / "sensitivity.png"


def layout_from_registry(profile: str, root: Path = Path(".")) -> ReportLayout:
    from . import registry

    return ReportLayout(profile=profile, results=root / "results" / profile, figures=root / "figures" / profile,
                        logs=root / "logs" / profile, templates=root / "workflow" / "report",
                        deviations=root / "docs" / "deviations.rst",
                        figure_ids=tuple(f.id for f in registry.figures()),
                        citations=tuple((p.name, p.citation) for p in registry.papers()))


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{STYLE}</head>"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


# ---------------------------------------------------------------------------------------------------------------
# What each figure was made from: its provenance record


def _merge(into: dict, other: dict) -> None:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)


def _collect_config(record: dict, into: dict) -> None:
    if record.get("config"):
        _merge(into, record["config"])
    for upstream in record.get("inputs", {}).values():
        _collect_config(upstream, into)


def recorded_config(path) -> dict | None:
    """The config keys read by the job that wrote ``path`` and by every job upstream of it (from the provenance
    record), with the profile; None when the file has no record or its record holds no config values."""
    side = sidecar_path(path)
    if not side.exists():
        return None
    record = json.loads(side.read_text())
    config: dict = {}
    _collect_config(record, config)
    if not config:
        return None
    config.setdefault("profile", record.get("profile"))
    return config


def data_source(config: dict | None) -> str | None:
    """'download' (CIFAR-10), 'synthetic' (the stand-in) or None when the figure's jobs read no data source."""
    return None if config is None else config.get(DATA_SOURCE_KEY)


class _Config:
    def __init__(self, config: dict):
        self.config = config


def render_caption(template: str, config: dict) -> str:
    """A caption template (Jinja over ``snakemake.config``, as Snakemake's own captions) rendered with the
    config a figure was made from. A key missing from the record raises (the template reads a key that no job
    of the figure read). The result holds no Jinja syntax: Snakemake renders captions once more."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    text = env.from_string(template).render(snakemake=_Config(config))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def rst_problems(text: str) -> list[str]:
    """docutils' warnings and errors on a piece of reStructuredText (empty when it renders cleanly)."""
    import io

    from docutils.core import publish_parts

    stream = io.StringIO()
    publish_parts(text, writer="html", settings_overrides={"report_level": 2, "halt_level": 5,
                                                             "warning_stream": stream})
    return [line for line in stream.getvalue().splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------------------------
# Figures built or not, and why


def not_built_reason(layout: ReportLayout, figure_id: str) -> str:
    """Why a figure is missing: a line of its jobs' logs that says what was unavailable, else the logs to read."""
    prefix = figure_id.replace("-", "_")
    paper = figure_id.split("-")[0]
    logs = sorted(layout.logs.glob(f"{prefix}_*.log")) or sorted(layout.logs.glob(f"{paper}_*.log"))
    for log in logs:
        lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if "UNAVAILABLE" in line]
        if lines:
            return lines[-1]
    named = ", ".join(str(log) for log in logs[:4]) or f"{layout.logs}/{prefix}_*.log"
    return f"a job it needs failed or did not run (see the run's messages and {named})"


def figure_status(layout: ReportLayout) -> dict[str, str | None]:
    """figure id -> None when built, else the reason it is not."""
    return {fid: None if layout.figure(fid).exists() else not_built_reason(layout, fid) for fid in layout.figure_ids}


# ---------------------------------------------------------------------------------------------------------------
# Pages


def _figure_id(panel: str) -> str:
    match = re.match(r"^(\w+-(?:fig|supp)\d+)", str(panel))
    return match.group(1) if match else str(panel)


def _report_link(path, text: str) -> str:
    """A link that opens a result of Snakemake's report (its app's own navigation)."""
    return f"<a href=\"javascript:app.showResultInfo('{html.escape(str(path))}')\">{html.escape(text)}</a>"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " […]"


def _claim_rows(part: pd.DataFrame, layout: ReportLayout, status: dict, robustness: bool, words: str) -> str:
    head = ["verdict", words, "source", "figure", *(["robustness"] if robustness else [])]
    cells = ["<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for row in part.itertuples():
        figure_id = _figure_id(row.figure)
        figure = (_report_link(layout.figure(figure_id), str(row.figure)) if status.get(figure_id, 1) is None
                  else html.escape(str(row.figure)) + " (not built)")
        what = _text(row.quote) if words == "the paper's words" else _text(row.statement)
        if row.verdict == NOT_BUILT:
            what = _text(row.statement)
        css = VERDICT_CLASS.get(row.verdict, "fail")
        cells.append(f"<tr class='{css}'><td class='verdict'>{html.escape(row.verdict)}</td>"
                     f"<td title='{html.escape(str(row.claim_id))}'>{html.escape(_short(what))}</td>"
                     f"<td>{html.escape(_text(row.source))}</td><td>{figure}</td>"
                     + (f"<td>{html.escape(_text(getattr(row, 'robustness')))}</td>" if robustness else "")
                     + "</tr>")
    cells.append("</table>")
    return "\n".join(cells)


def _sorted_by(part: pd.DataFrame, order) -> pd.DataFrame:
    rank = {v: i for i, v in enumerate(order)}
    return part.assign(_o=part["verdict"].map(rank).fillna(len(order))).sort_values(["_o", "claim_id"])


def data_sources(layout: ReportLayout, status: dict) -> dict[str, str]:
    """figure id -> its data source, for the built figures whose jobs read one (Panigrahi et al. Figure 2)."""
    out = {}
    for fid, reason in status.items():
        source = data_source(recorded_config(layout.figure(fid))) if reason is None else None
        if source is not None:
            out[fid] = source
    return out


def front_html(table: pd.DataFrame | None, layout: ReportLayout, status: dict) -> str:
    """The front page: profile and data, figures not built, then per paper its claims by verdict with links to
    the figure that shows each, theory checks, errata and implementation checks; the sensitivity figure."""
    sources = data_sources(layout, status)
    # Snakemake's report centres its content in the window (a long page would be cut off at the top and left) and
    # keeps the front page to a narrow column: start at the top left, as wide as the window allows.
    body = ["<style>.h-screen.items-center.justify-center { align-items: flex-start; justify-content: flex-start; } "
            ".prose.max-w-lg { max-width: 75rem; } .scorecard table { border-collapse: collapse; "
            "margin: 0.4em 0 1.2em 0; } .scorecard th, .scorecard td { border: 1px solid #ccc; padding: 2px 6px; "
            "vertical-align: top; text-align: left; } .scorecard th { background: #f0f0f0; } "
            ".scorecard tr.pass td.verdict { background: #d9f2d9; } .scorecard tr.fail td.verdict "
            "{ background: #f8d0d0; font-weight: bold; } .scorecard tr.reported td.verdict { background: #eee; } "
            ".scorecard tr.missing td { background: #fff3cd; } .scorecard .banner { background: #fff3cd; "
            "padding: 4px 8px; font-weight: bold; }</style>", "<div class='scorecard'>"]
    described = ", ".join(f"{html.escape(fid)} from <b>{STAND_IN_LABEL if source != 'download' else 'CIFAR-10'}</b>"
                          for fid, source in sources.items())
    body.append(f"<p><b>Profile:</b> {html.escape(layout.profile)}. <b>Data:</b> "
                + (described + "; " if described else "no figure read CIFAR-10 or its stand-in; ")
                + "every other figure from synthetic data drawn from the config's seeds, as its paper does.</p>")
    stand_in = [fid for fid, source in sources.items() if source != "download"]
    if stand_in:
        body.append(f"<p class='banner'>{html.escape(', '.join(stand_in))}: made from {STAND_IN_LABEL} "
                    f"(<code>{DATA_SOURCE_KEY}: synthetic</code>); its paper claims are reported as not testable.</p>")
    missing = {fid: reason for fid, reason in status.items() if reason is not None}
    if missing:
        body.append("<p class='banner'>Not built in this run:</p><ul>"
                    + "".join(f"<li><b>{html.escape(fid)}</b>: {html.escape(reason)}</li>"
                              for fid, reason in missing.items()) + "</ul>")
    if table is None:
        body.append("<p class='banner'>No claims table: no claim file was built in this run.</p></div>")
        return "\n".join(body)
    body.append(f"<p><b>Verdicts</b> ({html.escape(summary(table))}). "
                + _report_link(layout.page("claims"), "The claims ledger")
                + " has every row with its measurement, value and band; "
                + _report_link(layout.page("deviations"), "deviations") + ", "
                + _report_link(layout.page("provenance"), "provenance") + ".</p>")
    order = [paper for paper, _ in layout.citations]
    card = scorecard(table).set_index("paper")
    card = card.loc[[p for p in order if p in card.index] + [p for p in card.index if p not in order]]
    card = card.loc[:, (card != 0).any()].reset_index()
    body.append(card.to_html(index=False, border=0))
    robustness = "robustness" in table.columns
    for paper, citation in layout.citations:
        part = table[table["paper"] == paper]
        if part.empty:
            continue
        body.append(f"<h2>{html.escape(citation)}</h2>")
        claims = _sorted_by(part[part["kind"] == "paper"], PAPER_VERDICT_ORDER)
        if len(claims):
            body.append("<h3>The paper's claims</h3>" + _claim_rows(claims, layout, status, robustness,
                                                                   "the paper's words"))
        for kind, title in (("theory", "Theory checks"), ("erratum", "Errata")):
            rows = _sorted_by(part[part["kind"] == kind], ("violated", "not demonstrated", "holds", "demonstrated"))
            if len(rows):
                body.append(f"<h3>{title}</h3>" + _claim_rows(rows, layout, status, robustness, "what is checked"))
        impl = part[part["kind"] == "implementation"]
        if len(impl):
            failed = impl[impl["verdict"] != "pass"]
            body.append(f"<h3>Implementation checks</h3><p>{len(impl) - len(failed)} of {len(impl)} pass.</p>")
            if len(failed):
                body.append(_claim_rows(failed, layout, status, robustness, "what is checked"))
    if layout.sensitivity.exists():
        # In lines of 76 characters (base64's MIME width): docutils drops a raw block with a line over 10,000
        # characters, and a URL parser removes the newlines again.
        data = base64.encodebytes(layout.sensitivity.read_bytes()).decode().strip()
        body.append("<h2>Sensitivity of the verdicts</h2><p>How the verdicts move when the settings the papers "
                    f"leave unstated change ({html.escape(str(layout.sensitivity))}).</p>"
                    f"<img src='data:image/png;base64,{data}' alt='sensitivity' style='max-width:100%'>")
    body.append("</div>")
    return "\n".join(body)


def front_rst(table: pd.DataFrame | None, layout: ReportLayout, status: dict) -> str:
    """The report's front page (Snakemake's workflow description), reStructuredText around the scorecard."""
    # Snakemake renders the page with Jinja: no '{{', '{%' or '{#' may reach it
    scorecard_html = re.sub(r"\{(?=[{%#])", "&#123;", front_html(table, layout, status))
    indented = "\n".join("   " + line if line else "" for line in scorecard_html.splitlines())
    return ("**overparam-repro**: the figures of four papers on gradient descent in over-parameterised two-layer "
            "networks, regenerated from code, and a ledger of which of their claims reproduced.\n\n"
            ".. raw:: html\n\n" + indented + "\n")


def claims_html(table: pd.DataFrame, profile: str) -> str:
    """Every row of the ledger: the paper's words, how they are measured, value, band, verdict and detail."""
    body = [f"<p>Profile <b>{html.escape(profile)}</b>. Each row is a claim: <i>paper</i> (what a paper says its "
            "experiments show: reproduced / not reproduced / inconclusive / not testable), <i>theory</i> (a theorem's "
            "inequality on the runs: holds / violated), <i>erratum</i> (an error in a paper: demonstrated) or "
            "<i>implementation</i> (the code checked against an independent computation: pass / fail). A verdict "
            "comes from the band, which comes from the paper's words, never from a run.</p>",
            scorecard(table).to_html(index=False, border=0)]
    extra = ["robustness"] if "robustness" in table.columns else []
    cells = ["<table><tr><th>claim</th><th>kind</th><th>the paper's words</th><th>source</th><th>how measured</th>"
             "<th>value</th><th>band</th><th>verdict</th><th>detail</th>"
             + "".join(f"<th>{c}</th>" for c in extra) + "</tr>"]
    for _, row in table.iterrows():
        lower = "" if pd.isna(row["lower"]) else f"{row['lower']:.6g}"
        upper = "" if pd.isna(row["upper"]) else f"{row['upper']:.6g}"
        band = f"[{lower or '−∞'}, {upper or '∞'}]" if (lower or upper) else ""
        value = "" if pd.isna(row["value"]) else f"{row['value']:.6g}"
        css = VERDICT_CLASS.get(row["verdict"], "fail")
        cells.append(f"<tr class='{css}'><td>{html.escape(str(row['claim_id']))}</td><td>{html.escape(row['kind'])}</td>"
                     f"<td>{html.escape(_text(row['quote']))}</td><td>{html.escape(_text(row['source']))}</td>"
                     f"<td>{html.escape(str(row['statement']))}</td><td>{value}</td><td>{band}</td>"
                     f"<td class='verdict'>{html.escape(str(row['verdict']))}</td><td>{html.escape(_text(row['detail']))}</td>"
                     + "".join(f"<td>{html.escape(_text(row[c]))}</td>" for c in extra) + "</tr>")
    cells.append("</table>")
    return _page("Claims ledger", "\n".join(body + cells))


def _compute_origin(record: dict) -> list[dict]:
    """The jobs upstream of a record that ran on a device (the compute jobs behind a table)."""
    found = []
    for path, rec in record.get("inputs", {}).items():
        if not str(rec.get("device", "")).startswith("cpu (no"):
            found.append({"file": path, **rec})
        found += _compute_origin(rec)
    return found


def _packages(rec: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(rec["packages"].items()))


def provenance_html(result_files: list, profile: str) -> str:
    """The facts every record shares (git commit, packages, host) once, then one row per file: its job, config
    hash and the compute behind it; a fact that differs from the shared one is shown in the file's row."""
    records = {}
    for path in result_files:
        side = sidecar_path(path)
        records[path] = json.loads(side.read_text()) if side.exists() else None
    known = [rec for rec in records.values() if rec is not None]
    shared = {key: Counter(fn(rec) for rec in known).most_common(1)[0][0] if known else ""
              for key, fn in (("git commit", lambda r: r["git_commit"]), ("host", lambda r: r["host"]),
                              ("packages", _packages))}
    intro = (f"<p>Profile <b>{html.escape(profile)}</b>. Every result file has a sidecar "
             "<code>{file}.provenance.json</code> with the full record: the config keys its job read, their hash, "
             "and the records of its inputs.</p><table>"
             + "".join(f"<tr><th>{key} (every file unless its row says otherwise)</th><td>{html.escape(value)}</td></tr>"
                       for key, value in shared.items()) + "</table>")
    rows = ["<table><tr><th>file</th><th>written by</th><th>config sha256</th>"
            "<th>computed by (device, seconds)</th><th>differs from the shared facts</th></tr>"]
    for path, rec in records.items():
        if rec is None:
            rows.append(f"<tr class='missing'><td>{html.escape(str(path))}</td><td colspan=4>no provenance sidecar</td></tr>")
            continue
        origin = {}
        for o in _compute_origin(rec):
            origin.setdefault(o["job"], (o["device"], o["elapsed_s"], o["host"]))
        computed = "<br>".join(f"{html.escape(job)} on {html.escape(dev)}, {sec:g} s"
                               for job, (dev, sec, _host) in origin.items()) or "(this job)"
        differs = [f"{key}: {value}" for key, value in (("git commit", rec["git_commit"]), ("host", rec["host"]),
                                                         ("packages", _packages(rec))) if value != shared[key]]
        rows.append(f"<tr><td>{html.escape(str(path))}</td><td>{html.escape(rec['job'])}, {rec['elapsed_s']:g} s, "
                    f"{html.escape(rec['started_at'])}</td><td><code>{(rec['config_sha256'] or '')[:16]}…</code></td>"
                    f"<td>{computed}</td><td>{html.escape('; '.join(differs))}</td></tr>")
    rows.append("</table>")
    return _page("Provenance of every result table", intro + "\n".join(rows))


def deviations_html(rst_path, sources: dict[str, str]) -> str:
    """docs/deviations.rst, with a notice naming the figures made from the stand-in (``sources``: figure id ->
    its data source, from the figures' records)."""
    from docutils.core import publish_parts

    parts = publish_parts(Path(rst_path).read_text(), writer="html",
                          settings_overrides={"report_level": 5, "halt_level": 5})
    stand_in = [fid for fid, source in sources.items() if source != "download"]
    notice = ""
    if stand_in:
        notice = (f"<p style='background:#fff3cd;padding:6px'><b>This run used the synthetic stand-in, not CIFAR-10, "
                  f"for {html.escape(', '.join(stand_in))}</b> (<code>{DATA_SOURCE_KEY}: synthetic</code>): its "
                  "paper claims are reported, not checked.</p>")
    return _page("Deviations from the papers", notice + parts["body"])


NO_RECORD_CAPTION = ("**{figure_id}**: this figure has no provenance record with its settings (made by an older "
                     "version of the workflow?); rerun ``snakemake --cores all`` to caption it.\n")


def write_report_pages(layout: ReportLayout) -> list[Path]:
    """Every page of the report from what the run left behind; returns the files written."""
    status = figure_status(layout)
    claims_csv = layout.results / "claims.csv"
    table = read_table(claims_csv) if claims_csv.exists() else None
    tables = sorted(layout.results.glob("*.csv")) + sorted(layout.results.glob("claims/*.csv"))
    pages = {
        layout.front: front_rst(table, layout, status),
        layout.page("provenance"): provenance_html(tables, layout.profile),
        layout.page("deviations"): deviations_html(layout.deviations, data_sources(layout, status)),
    }
    if table is not None:
        pages[layout.page("claims")] = claims_html(table, layout.profile)
    for figure_id, reason in status.items():
        if reason is not None:
            continue
        config = recorded_config(layout.figure(figure_id))
        template = (layout.templates / f"{figure_id}.rst").read_text()
        pages[layout.caption(figure_id)] = (NO_RECORD_CAPTION.format(figure_id=figure_id) if config is None
                                            else render_caption(template, config))
    for path, text in pages.items():
        write_text(path, text)
    return list(pages)


@entry("profile")
def report_pages_job(job: JobContext) -> None:
    """The report's pages after a complete run (the workflow's onerror handler writes them after a failed one)."""
    written = write_report_pages(layout_from_registry(job.config["profile"]))
    missing = [path for path in job.output if Path(path) not in written]
    if missing:
        raise RuntimeError(f"report pages not written: {missing}")
