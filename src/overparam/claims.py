"""The claims ledger: one row per claim of a paper, with the paper's words, how they are measured, the value
found, its band and a verdict.

Four kinds of row, each with its own verdicts:
- ``paper``: something a paper says its experiments or figures show. reproduced / not reproduced, or, set by
  the claim code with the reason in ``detail``, inconclusive / not testable (e.g. stand-in data for CIFAR-10).
- ``theory``: an inequality of a theorem, lemma or corollary evaluated on the runs. holds / violated.
- ``erratum``: a check that shows an error in a paper. demonstrated / not demonstrated.
- ``implementation``: the code agrees with an independent computation, an invariant holds, no run diverged, or
  a regression check against a reference run. pass / fail. A failing implementation row is a bug.

A row's verdict comes from its band: the positive verdict when lower <= value <= upper (``strict``: lower < value
< upper; a missing bound is open), the negative one otherwise. A NaN value never confirms anything. Bands of
``paper`` and ``theory`` rows come from the paper's words (docs/claims.md traces each one), never from a run.
"""
from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .inputs import read_table
from .io import write_csv
from .jobs import JobContext, entry
from .sensitivity import robustness

COLUMNS = ["claim_id", "paper", "figure", "kind", "quote", "source", "statement", "value", "lower", "upper",
           "verdict", "profile", "detail"]
# kind -> (positive, negative) verdicts from the band
BAND_VERDICTS = {
    "paper": ("reproduced", "not reproduced"),
    "theory": ("holds", "violated"),
    "erratum": ("demonstrated", "not demonstrated"),
    "implementation": ("pass", "fail"),
}
KINDS = tuple(BAND_VERDICTS)
SET_VERDICTS = {"paper": ("inconclusive", "not testable")}  # verdicts the claim code sets, with its reason
VERDICTS = {kind: (*BAND_VERDICTS[kind], *SET_VERDICTS.get(kind, ())) for kind in KINDS}
ROBUSTNESS = "robustness"  # the ledger's last column: per paper row, robust / depends on <setting> / not assessed
NOT_BUILT = "not built"  # the verdict of the one row that stands for a figure whose claims were not computed


@dataclass
class Claim:
    claim_id: str
    paper: str
    figure: str
    kind: str
    quote: str  # the paper's own words (for implementation rows: what is checked, or empty)
    source: str  # section, figure, equation
    statement: str  # how the words are measured, with the band and why
    value: float
    lower: float | None = None
    upper: float | None = None
    profile: str = ""
    detail: str = ""
    strict: bool = False  # the band's bounds are exclusive
    verdict: str | None = None  # only SET_VERDICTS (with the reason in detail); otherwise from the band

    def __post_init__(self):
        if self.kind not in BAND_VERDICTS:
            raise ValueError(f"claim {self.claim_id}: kind {self.kind!r} is not one of {KINDS}")
        if self.kind != "implementation" and not (self.quote and self.source):
            raise ValueError(f"claim {self.claim_id}: a {self.kind} row needs the paper's words and their source")
        self.value = float(self.value)
        if self.verdict is not None:
            if self.verdict not in SET_VERDICTS.get(self.kind, ()):
                raise ValueError(f"claim {self.claim_id}: verdict {self.verdict!r} cannot be set on a {self.kind} "
                                 f"row (only {SET_VERDICTS.get(self.kind, ())}); it comes from the band")
            if not self.detail:
                raise ValueError(f"claim {self.claim_id}: a {self.verdict} verdict needs its reason in detail")
            return
        if self.lower is None and self.upper is None:
            raise ValueError(f"claim {self.claim_id}: no band (every row is checked; numbers go in detail)")
        positive, negative = BAND_VERDICTS[self.kind]
        self.verdict = positive if self.in_band(self.value) else negative

    def in_band(self, value: float) -> bool:
        if math.isnan(value):
            return False
        if self.strict:
            return (self.lower is None or value > self.lower) and (self.upper is None or value < self.upper)
        return (self.lower is None or value >= self.lower) and (self.upper is None or value <= self.upper)

    @property
    def holds(self) -> bool:
        """The positive verdict of its kind (reproduced, holds, demonstrated, pass)."""
        return self.verdict == BAND_VERDICTS[self.kind][0]


def claims_frame(claims: list[Claim]) -> pd.DataFrame:
    rows = [{key: value for key, value in asdict(c).items() if key in COLUMNS} for c in claims]
    return pd.DataFrame(rows, columns=COLUMNS)


def aggregate(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack per-figure claim tables; claim ids must be unique across them."""
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    dupes = table["claim_id"][table["claim_id"].duplicated()].tolist()
    if dupes:
        raise ValueError(f"duplicate claim ids across figures: {dupes}")
    bad = [(row.claim_id, row.kind, row.verdict) for row in table.itertuples()
           if row.verdict != NOT_BUILT and (row.kind not in VERDICTS or row.verdict not in VERDICTS[row.kind])]
    if bad:
        raise ValueError(f"rows with a kind or verdict outside the vocabulary: {bad}")
    order = {kind: i for i, kind in enumerate(KINDS)}
    table = table.assign(_kind=table["kind"].map(order))
    return (table.sort_values(["paper", "_kind", "figure", "claim_id"], kind="stable")
            .drop(columns="_kind").reset_index(drop=True))


def with_robustness(table: pd.DataFrame, sensitivity: pd.DataFrame) -> pd.DataFrame:
    """The ledger with its robustness column (``overparam.sensitivity.robustness``): one word per paper row, empty
    for the other kinds and for a row that stands for a figure not built."""
    paper = (table["kind"] == "paper") & (table["verdict"] != NOT_BUILT)
    words = robustness(sensitivity, table.loc[paper, "claim_id"])
    return table.assign(**{ROBUSTNESS: [words.get(cid, "") if is_paper else ""
                                        for cid, is_paper in zip(table["claim_id"], paper)]})


def not_built_row(claims_path, reason: str, profile: str = "") -> pd.DataFrame:
    """The row that stands for a figure whose claim file was not built: no value, verdict 'not built'."""
    figure = Path(claims_path).stem
    paper = figure.split("-")[0]
    row = {"claim_id": f"{figure}.not-built", "paper": paper, "figure": figure, "kind": "paper", "quote": "",
           "source": "", "statement": f"NOT BUILT in this run: {reason}", "value": float("nan"), "lower": None,
           "upper": None, "verdict": NOT_BUILT, "profile": profile, "detail": "its claims were not computed"}
    return pd.DataFrame([row], columns=COLUMNS)


def verdict_counts(table: pd.DataFrame) -> dict[str, dict[str, int]]:
    """kind -> verdict -> rows, in the vocabulary's order (zero counts included)."""
    out = {}
    for kind in KINDS:
        part = table[table["kind"] == kind]
        out[kind] = {verdict: int((part["verdict"] == verdict).sum()) for verdict in VERDICTS[kind]}
    out["paper"][NOT_BUILT] = int((table["verdict"] == NOT_BUILT).sum())
    return out


def summary(table: pd.DataFrame) -> str:
    """One line: the verdicts of each kind, e.g. 'paper: 20 reproduced, 5 not reproduced, ...; implementation:
    40/40 pass'."""
    counts = verdict_counts(table)
    parts = []
    for kind in KINDS:
        shown = {v: n for v, n in counts[kind].items() if n or v in BAND_VERDICTS[kind]}
        parts.append(f"{kind}: " + ", ".join(f"{n} {v}" for v, n in shown.items()))
    return "; ".join(parts)


SCORECARD_COLUMNS = ["paper", *[f"paper: {v}" for v in (*VERDICTS["paper"], NOT_BUILT)],
                     "theory: holds", "theory: violated", "erratum: demonstrated", "erratum: not demonstrated",
                     "implementation: pass", "implementation: fail"]


ROBUSTNESS_COLUMNS = ["paper claims: robust", "paper claims: depend on a reading", "paper claims: not assessed"]


def scorecard(table: pd.DataFrame) -> pd.DataFrame:
    """Per paper: its paper claims by verdict, then theory rows, errata and implementation checks; with a
    robustness column in the ledger, also its paper claims by robustness."""
    rows = []
    robust = ROBUSTNESS in table.columns
    for paper, part in table.groupby("paper", sort=True):
        counts = verdict_counts(part)
        row = {"paper": paper}
        for kind in KINDS:
            for verdict, n in counts[kind].items():
                row[f"{kind}: {verdict}"] = n
        if robust:
            words = part.loc[(part["kind"] == "paper") & (part["verdict"] != NOT_BUILT), ROBUSTNESS].fillna("")
            row.update(zip(ROBUSTNESS_COLUMNS, (int((words == "robust").sum()),
                                                int(words.str.startswith("depends on").sum()),
                                                int((words == "not assessed").sum()))))
        rows.append(row)
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS + (ROBUSTNESS_COLUMNS if robust else [])).fillna(0)


def not_reproduced(table: pd.DataFrame) -> pd.DataFrame:
    """The paper claims whose verdict is not 'reproduced', with their reason (detail)."""
    part = table[(table["kind"] == "paper") & (table["verdict"] != "reproduced")]
    order = {v: i for i, v in enumerate(("not reproduced", "inconclusive", "not testable", NOT_BUILT))}
    return part.assign(_o=part["verdict"].map(order)).sort_values(["_o", "paper", "claim_id"]).drop(columns="_o")


@entry("profile")
def claims_table_job(job: JobContext) -> None:
    """Aggregate the per-figure claim files into results/{profile}/claims.csv, with each paper row's robustness to the
    readings of results/{profile}/sensitivity.csv. Paper verdicts are results, whatever
    they are; a failing implementation row is a bug and is named here (the end-to-end test fails on it)."""
    table = aggregate([read_table(path) for path in job.input.claims])
    table = with_robustness(table, read_table(job.input.sensitivity, keep_default_na=False, na_values=[""]))
    write_csv(table, job.output[0])
    print(summary(table), file=sys.stderr)
    for row in table[(table["kind"] == "paper") & (table["verdict"] != "reproduced")].itertuples():
        print(f"paper claim {row.verdict.upper()}: {row.claim_id}: {row.detail}", file=sys.stderr)
    for row in table[table["verdict"] == "fail"].itertuples():
        print(f"IMPLEMENTATION CHECK FAILED {row.claim_id}: value {row.value} not in [{row.lower}, {row.upper}]",
              file=sys.stderr)
