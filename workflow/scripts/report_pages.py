# The report's claims scorecard, provenance table and deviations page.
from pathlib import Path

import pandas as pd

from overparam.io import write_text
from overparam.report_pages import claims_html, deviations_html, provenance_html
from overparam.runtime import start_job

start_job("report_pages", snakemake.log[0], uses_torch=False, config=snakemake.config, inputs=snakemake.input)
p, out = snakemake.params, snakemake.output
tables = sorted(Path(p.results).glob("*.csv")) + sorted(Path(p.results).glob("claims/*.csv"))
pages = {
    out.claims: claims_html(pd.read_csv(snakemake.input.claims), p.profile),
    out.provenance: provenance_html(tables, p.profile),
    out.deviations: deviations_html(snakemake.input.deviations, p.cifar10_source),
}
for path, text in pages.items():
    write_text(path, text)
