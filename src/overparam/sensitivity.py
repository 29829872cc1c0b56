"""Robustness of the paper verdicts to the papers' unstated choices: the rows of ``results/{profile}/sensitivity.csv``
and the one word per paper claim that the ledger carries.

For each setting a paper leaves unstated or states ambiguously, the config names its readings (the repository's
default and the alternatives a careful reader could pick, ``<paper>.sensitivity``). Each paper's sensitivity job
reruns only the computation its claims need under each alternative reading and evaluates the same claim
functions as the ledger on it. The default reading's rows are the ledger's own verdicts, copied from the paper's
claim files when the papers' tables are stacked (``with_ledger``), not recomputed: the reruns need no claim file,
so they run beside the main runs. A paper claim is then

- ``robust``: the same verdict under every reading that was run for it;
- ``depends on <setting>[, <setting>]``: some reading of these settings gives another verdict;
- ``not assessed``: no alternative reading reran its computation (e.g. a panel a profile does not rerun).

No torch, no matplotlib: the claims table job imports this module.
"""
from __future__ import annotations

import pandas as pd

COLUMNS = ["claim_id", "setting", "reading", "verdict", "value", "default", "reading_note", "detail"]
ROBUST = "robust"
NOT_ASSESSED = "not assessed"
DEPENDS = "depends on "


def reading_rows(claims, setting: str, reading: str, note: str = "", keep=None) -> pd.DataFrame:
    """The paper rows of ``claims`` (Claim objects computed under one alternative reading), optionally only the
    claim ids in ``keep``."""
    rows = [{"claim_id": c.claim_id, "setting": setting, "reading": reading, "verdict": c.verdict,
             "value": c.value, "default": False, "reading_note": note, "detail": c.detail}
            for c in claims if c.kind == "paper" and (keep is None or c.claim_id in keep)]
    return pd.DataFrame(rows, columns=COLUMNS)


def default_rows(setting: str, reading: str, claim_ids, note: str = "") -> pd.DataFrame:
    """The default reading of ``setting`` for ``claim_ids``, its verdict, value and detail left empty: they are the
    ledger's, filled in by ``with_ledger`` when the papers' tables are stacked. So a paper's sensitivity job needs
    no claim file and starts with the main runs, not after them."""
    ids = list(dict.fromkeys(claim_ids))
    return pd.DataFrame({"claim_id": ids, "setting": setting, "reading": reading, "verdict": "",
                         "value": float("nan"), "default": True, "reading_note": note, "detail": ""},
                        columns=COLUMNS)


def setting_rows(setting: str, default_reading: str, alternatives: list[pd.DataFrame],
                 default_note: str = "") -> pd.DataFrame:
    """One setting's rows: the default reading (to be filled from the ledger) for every claim some alternative
    reran, then the alternatives' rows."""
    alternatives = [frame for frame in alternatives if len(frame)]
    if not alternatives:
        return pd.DataFrame(columns=COLUMNS)
    ids = list(dict.fromkeys(cid for frame in alternatives for cid in frame["claim_id"]))
    return pd.concat([default_rows(setting, default_reading, ids, default_note), *alternatives], ignore_index=True)


def with_ledger(table: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each default reading's verdict, value and detail taken from the ledger's paper row of the
    same claim (the ledger's own verdict, not a recomputation)."""
    table = table.assign(default=table["default"].astype(bool)).reset_index(drop=True)
    paper = ledger[ledger["kind"] == "paper"].set_index("claim_id")
    twice = sorted(set(paper.index[paper.index.duplicated()]))
    if twice:
        raise ValueError(f"sensitivity: claims {twice} appear more than once in the ledger")
    defaults = table.index[table["default"]]
    ids = table.loc[defaults, "claim_id"]
    missing = sorted(set(ids) - set(paper.index))
    if missing:
        raise ValueError(f"sensitivity: claims {missing} were rerun but are not paper rows of the ledger")
    for column in ("verdict", "value", "detail"):
        table[column] = table[column].astype(object)
        table.loc[defaults, column] = paper.loc[ids, column].to_numpy()
    table["value"] = pd.to_numeric(table["value"])
    return table


def check(table: pd.DataFrame) -> pd.DataFrame:
    """Every (claim, setting) has exactly one default reading and at least one alternative; no reading twice."""
    if list(table.columns) != COLUMNS:
        raise ValueError(f"sensitivity table columns {list(table.columns)}, expected {COLUMNS}")
    dup = table[table.duplicated(["claim_id", "setting", "reading"], keep=False)]
    if len(dup):
        raise ValueError(f"sensitivity: a reading appears twice: {dup[['claim_id', 'setting', 'reading']].values.tolist()}")
    for (cid, setting), part in table.groupby(["claim_id", "setting"], sort=False):
        defaults = int(part["default"].astype(bool).sum())
        if defaults != 1 or len(part) < 2:
            raise ValueError(f"sensitivity: {cid} under {setting} has {defaults} default readings and "
                             f"{len(part) - defaults} alternatives (needs one and at least one)")
    return table


def flips(table: pd.DataFrame) -> pd.DataFrame:
    """The alternative readings whose verdict differs from the default's: claim_id, setting, reading, the default
    verdict and the verdict under the reading."""
    table = table.assign(default=table["default"].astype(bool))
    base = table[table["default"]].set_index(["claim_id", "setting"])["verdict"].rename("default_verdict")
    alt = table[~table["default"]].join(base, on=["claim_id", "setting"])
    out = alt[alt["verdict"] != alt["default_verdict"]]
    return out[["claim_id", "setting", "reading", "default_verdict", "verdict"]].reset_index(drop=True)


def robustness(table: pd.DataFrame, claim_ids) -> dict[str, str]:
    """claim_id -> robust / depends on <settings> / not assessed, for each of ``claim_ids``."""
    flipped = flips(table)
    by_claim = flipped.groupby("claim_id")["setting"].agg(lambda s: list(dict.fromkeys(s))).to_dict()
    assessed = set(table["claim_id"])
    out = {}
    for cid in claim_ids:
        if cid in by_claim:
            out[cid] = DEPENDS + ", ".join(by_claim[cid])
        else:
            out[cid] = ROBUST if cid in assessed else NOT_ASSESSED
    return out
