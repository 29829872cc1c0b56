"""HTML pages for Snakemake's report: the claims scorecard, the provenance table and the deviations page."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from .inputs import read_table
from .atomic import write_text
from .claims import NOT_BUILT, not_reproduced, scorecard
from .jobs import JobContext, entry
from .provenance import sidecar_path

STYLE = """<style>
body { font-family: sans-serif; font-size: 13px; margin: 1em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
tr.pass td.verdict { background: #d9f2d9; } tr.fail td.verdict { background: #f8d0d0; font-weight: bold; }
tr.reported td.verdict { background: #eeeeee; } tr.missing td { background: #fff3cd; }
</style>"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{STYLE}</head>"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


VERDICT_CLASS = {"reproduced": "pass", "holds": "pass", "demonstrated": "pass", "pass": "pass",
                 "not reproduced": "fail", "violated": "fail", "not demonstrated": "fail", "fail": "fail",
                 "inconclusive": "reported", "not testable": "reported", NOT_BUILT: "missing"}


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def claims_html(table: pd.DataFrame, profile: str) -> str:
    """The scorecard (per paper: paper claims by verdict, theory, errata, implementation), the paper claims not
    reproduced with their reason, then every row: the paper's words, how they are measured, value, band, verdict."""
    body = [f"<p>Profile <b>{html.escape(profile)}</b>. Each row is a claim: <i>paper</i> (what a paper says its "
            "experiments show: reproduced / not reproduced / inconclusive / not testable), <i>theory</i> (a theorem's "
            "inequality on the runs: holds / violated), <i>erratum</i> (an error in a paper: demonstrated) or "
            "<i>implementation</i> (the code checked against an independent computation: pass / fail). A verdict "
            "comes from the band, which comes from the paper's words, never from a run.</p>",
            scorecard(table).to_html(index=False, border=0)]
    missed = not_reproduced(table)
    if len(missed):
        body.append("<h2>Paper claims not reproduced here</h2><ul>")
        body += [f"<li><b>{html.escape(r.claim_id)}</b> ({html.escape(r.verdict)}): {html.escape(_text(r.detail))}</li>"
                 for r in missed.itertuples()]
        body.append("</ul>")
    cells = ["<table><tr><th>claim</th><th>kind</th><th>the paper's words</th><th>source</th><th>how measured</th>"
             "<th>value</th><th>band</th><th>verdict</th><th>detail</th></tr>"]
    for _, row in table.iterrows():
        lower = "" if pd.isna(row["lower"]) else f"{row['lower']:.6g}"
        upper = "" if pd.isna(row["upper"]) else f"{row['upper']:.6g}"
        band = f"[{lower or '−∞'}, {upper or '∞'}]" if (lower or upper) else ""
        value = "" if pd.isna(row["value"]) else f"{row['value']:.6g}"
        css = VERDICT_CLASS.get(row["verdict"], "fail")
        cells.append(f"<tr class='{css}'><td>{html.escape(str(row['claim_id']))}</td><td>{html.escape(row['kind'])}</td>"
                     f"<td>{html.escape(_text(row['quote']))}</td><td>{html.escape(_text(row['source']))}</td>"
                     f"<td>{html.escape(str(row['statement']))}</td><td>{value}</td><td>{band}</td>"
                     f"<td class='verdict'>{html.escape(str(row['verdict']))}</td><td>{html.escape(_text(row['detail']))}</td></tr>")
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


def provenance_html(result_files: list, profile: str) -> str:
    rows = ["<table><tr><th>file</th><th>written by</th><th>git commit</th><th>config sha256</th>"
            "<th>computed by (device, seconds)</th><th>packages</th></tr>"]
    for path in result_files:
        side = sidecar_path(path)
        if not side.exists():
            rows.append(f"<tr class='missing'><td>{html.escape(str(path))}</td><td colspan=5>no provenance sidecar</td></tr>")
            continue
        rec = json.loads(side.read_text())
        origin = {}
        for o in _compute_origin(rec):
            origin.setdefault(o["job"], (o["device"], o["elapsed_s"], o["host"]))
        computed = "<br>".join(f"{html.escape(job)} on {html.escape(dev)} ({html.escape(host)}), {sec:g} s"
                               for job, (dev, sec, host) in origin.items()) or "(this job)"
        packages = ", ".join(f"{k} {v}" for k, v in sorted(rec["packages"].items()))
        rows.append(f"<tr><td>{html.escape(str(path))}</td><td>{html.escape(rec['job'])}, {rec['elapsed_s']:g} s, "
                    f"{html.escape(rec['started_at'])}</td><td>{html.escape(rec['git_commit'])}</td>"
                    f"<td><code>{rec['config_sha256'][:16]}…</code></td><td>{computed}</td>"
                    f"<td>{html.escape(packages)}</td></tr>")
    rows.append("</table>")
    intro = (f"<p>Profile <b>{html.escape(profile)}</b>. Every result file has a sidecar "
             "<code>{file}.provenance.json</code> with the full record, including the records of its inputs.</p>")
    return _page("Provenance of every result table", intro + "\n".join(rows))


def deviations_html(rst_path, cifar10_source: str) -> str:
    from docutils.core import publish_parts

    parts = publish_parts(Path(rst_path).read_text(), writer="html",
                          settings_overrides={"report_level": 5, "halt_level": 5})
    notice = ""
    if cifar10_source != "download":
        notice = ("<p style='background:#fff3cd;padding:6px'><b>This run used the synthetic stand-in, not CIFAR-10, "
                  "for Panigrahi et al. Figure 2</b> (<code>cifar10_source: synthetic</code>): that figure's paper "
                  "claims are reported, not checked.</p>")
    return _page("Deviations from the papers", notice + parts["body"])


@entry("profile", "cifar10_source")
def report_pages_job(job: JobContext) -> None:
    """The report's claims scorecard, provenance table and deviations page."""
    results = Path(job.input.claims).parent  # the folder of the claims table
    tables = sorted(results.glob("*.csv")) + sorted(results.glob("claims/*.csv"))
    profile = job.config["profile"]
    pages = {
        job.output.claims: claims_html(read_table(job.input.claims), profile),
        job.output.provenance: provenance_html(tables, profile),
        job.output.deviations: deviations_html(job.input.deviations, job.config["cifar10_source"]),
    }
    for path, text in pages.items():
        write_text(path, text)
