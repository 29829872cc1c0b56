"""Robustness of the paper verdicts to the papers' unstated choices: the rows of ``results/{profile}/sensitivity.csv``
and the one word per paper claim that the ledger carries.

For each setting a paper leaves unstated or states ambiguously, the config names its readings (the repository's
default and the alternatives a careful reader could pick, ``<paper>.sensitivity``). Each paper's sensitivity job
reruns only the computation its claims need under each alternative reading and evaluates the same claim
functions as the ledger on it; the default reading's rows are the ledger's own verdicts (copied from the paper's
claim files, not recomputed). A paper claim is then

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


def default_rows(ledger: pd.DataFrame, setting: str, reading: str, claim_ids, note: str = "") -> pd.DataFrame:
    """The ledger's own rows (a paper's claim file) for ``claim_ids``, as the default reading of ``setting``."""
    part = ledger[ledger["claim_id"].isin(list(claim_ids)) & (ledger["kind"] == "paper")]
    missing = sorted(set(claim_ids) - set(part["claim_id"]))
    if missing:
        raise ValueError(f"sensitivity: claims {missing} were rerun but are not paper rows of the ledger")
    return pd.DataFrame({"claim_id": part["claim_id"], "setting": setting, "reading": reading,
                         "verdict": part["verdict"], "value": part["value"], "default": True,
                         "reading_note": note, "detail": part["detail"]}, columns=COLUMNS)


def setting_rows(ledger: pd.DataFrame, setting: str, default_reading: str, alternatives: list[pd.DataFrame],
                 default_note: str = "") -> pd.DataFrame:
    """One setting's rows: the default reading (from the ledger) for every claim some alternative reran, then the
    alternatives' rows."""
    alternatives = [frame for frame in alternatives if len(frame)]
    if not alternatives:
        return pd.DataFrame(columns=COLUMNS)
    ids = list(dict.fromkeys(cid for frame in alternatives for cid in frame["claim_id"]))
    return pd.concat([default_rows(ledger, setting, default_reading, ids, default_note), *alternatives],
                     ignore_index=True)


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
