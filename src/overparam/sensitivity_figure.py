"""results/{profile}/sensitivity.csv and figures/{profile}/sensitivity.png: every paper claim under every reading of
the settings the papers leave open (``overparam.sensitivity``), one panel per paper, claims x readings, coloured by
verdict. The CSV is exactly what the figure draws: one cell per row."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from . import plotting
from .atomic import atomic_path
from .io import write_csv
from .jobs import JobContext, entry
from .sensitivity import COLUMNS, check, flips, with_ledger
from .inputs import read_table

# Okabe-Ito colours (safe for the common colour-vision deficiencies), and a symbol in every cell besides
VERDICT_STYLE = {
    "reproduced": ("#0072B2", "✓", "white"),
    "not reproduced": ("#E69F00", "✗", "black"),
    "inconclusive": ("#F0E442", "?", "black"),
    "not testable": ("#BBBBBB", "–", "black"),
}


def stack(frames: list[pd.DataFrame], ledger: pd.DataFrame) -> pd.DataFrame:
    """The per-paper tables, in the registry's paper order, their default readings filled from the ledger (the
    papers' claim files, ``sensitivity.with_ledger``), checked (``sensitivity.check``)."""
    frames = [f for f in frames if len(f)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    table = with_ledger(table, ledger)
    unknown = sorted(set(table["verdict"]) - set(VERDICT_STYLE))
    if unknown:
        raise ValueError(f"sensitivity: verdicts outside the paper vocabulary: {unknown}")
    return check(table[COLUMNS])


def columns(part: pd.DataFrame) -> list[tuple[str, str]]:
    """(setting, reading) in the table's order, each setting's default reading first."""
    out = []
    for setting, rows in part.groupby("setting", sort=False):
        readings = list(dict.fromkeys(rows.sort_values("default", ascending=False, kind="stable")["reading"]))
        out += [(setting, r) for r in readings]
    return out


def draw(table: pd.DataFrame, png, profile: str) -> None:
    plotting.apply_style()
    table = table.assign(paper=table["claim_id"].str.split("-").str[0])
    papers = list(dict.fromkeys(table["paper"]))
    flipped = {(r.claim_id, r.setting, r.reading) for r in flips(table).itertuples()}
    heights = [max(table[table["paper"] == p]["claim_id"].nunique(), 1) + 3.2 for p in papers] or [1]
    widths = [len(columns(table[table["paper"] == p])) for p in papers] or [1]
    fig, axes = plt.subplots(len(papers) or 1, 1, figsize=(max(9.0, 2.2 + 1.05 * max(widths) + 4.2),
                                                           0.3 * sum(heights) + 2.4),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    notes = []
    for ax, paper in zip(axes.ravel(), papers):
        part = table[table["paper"] == paper]
        cols = columns(part)
        claims = list(dict.fromkeys(part["claim_id"]))
        for i, cid in enumerate(claims):
            for j, (setting, reading) in enumerate(cols):
                row = part[(part["claim_id"] == cid) & (part["setting"] == setting) & (part["reading"] == reading)]
                if row.empty:
                    ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor="#dddddd", lw=0.5))
                    continue
                colour, symbol, ink = VERDICT_STYLE[row["verdict"].iloc[0]]
                flip = (cid, setting, reading) in flipped
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="black" if flip else "white",
                                       lw=2.5 if flip else 1.0))
                ax.text(j + 0.5, i + 0.5, symbol, ha="center", va="center", color=ink, fontsize=10, weight="bold")
        ax.set_xlim(0, max(len(cols), 1))
        ax.set_ylim(len(claims), 0)
        ax.set_yticks([i + 0.5 for i in range(len(claims))],
                      [f"{c.split('.')[0].removeprefix(paper + '-')} {c.split('.', 1)[1]}" for c in claims],
                      fontsize="x-small")
        ax.set_xticks([j + 0.5 for j in range(len(cols))],
                      [f"{s}:\n{r}" + ("\n(default)" if part[(part["setting"] == s) & (part["reading"] == r)]
                                       ["default"].any() else "") for s, r in cols], fontsize="x-small")
        ax.xaxis.tick_top()
        ax.grid(False)
        for j in range(1, len(cols)):
            if cols[j][0] != cols[j - 1][0]:
                ax.axvline(j, color="black", lw=1.5)
        ax.set_title(paper, loc="left", fontsize="medium", pad=34)
        for (setting, reading), note in part.groupby(["setting", "reading"], sort=False)["reading_note"].first().items():
            if isinstance(note, str) and note:
                notes.append(f"{paper} {setting} = {reading}: {note}")
    handles = [Patch(facecolor=c, edgecolor="none", label=f"{s} {v}") for v, (c, s, _) in VERDICT_STYLE.items()]
    handles.append(Patch(facecolor="white", edgecolor="black", lw=2.5, label="verdict differs from the default's"))
    handles.append(Patch(facecolor="white", edgecolor="#dddddd", label="not rerun under this setting"))
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.975), fontsize="x-small", ncol=3,
               frameon=False)
    plotting.stamp(fig, "Paper verdicts under other readings of the papers' unstated settings",
                   "Each column reruns the claim's computation with one setting read otherwise (the default column is "
                   "the ledger's verdict); a black frame marks a verdict that differs from the default's. "
                   + " ".join(f"{note}." for note in notes), profile)
    bottom = (0.2 + 0.13 * getattr(fig, "_note_lines", 2)) / fig.get_figheight()
    fig.tight_layout(rect=(0, min(bottom, 0.3), 1, 0.93))
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", metadata={"Software": None})
    plt.close(fig)


@entry("profile")
def sensitivity_job(job: JobContext) -> None:
    """Stack the papers' sensitivity tables into sensitivity.csv, each default reading with the ledger's verdict (the
    papers' claim files), and draw sensitivity.png from it."""
    read = lambda path: read_table(path, keep_default_na=False, na_values=[""])  # noqa: E731
    ledger = pd.concat([read(path) for path in job.input.claims], ignore_index=True)
    table = stack([read(path) for path in job.input.readings], ledger)
    write_csv(table, job.output.csv)
    draw(table, job.output.png, job.config["profile"])
