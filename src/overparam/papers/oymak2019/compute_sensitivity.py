"""Oymak & Soltanolkotabi 2019: Figure 2's paper claims rerun under the other reading of the one setting §4 leaves
open that can change a verdict, the loss's scale (eq. (2.1)'s 1/2 sum, or the sum, which doubles the effective
step). §4's other open points are fixed by the paper's words (docs/deviations.rst, "Sensitivity"): the output
layer is "initialized according to our theorems", which set half of v to +||y||/sqrt(kn) and half to -; and "k
and d are varied between 0 to 25" adds to the 1..25 grid only k = 0 or d = 0, cells without a network or an
input, which fail and lie below kd = n, where every rule expects failure.

The panels are rerun with the main run's engine (``compute.run_panel``) and judged by the ledger's own claim
function (``claims.claims``). A profile may rerun the first activation's panels (a, b) only: then only the rows
that read no other panel are kept (``PANELS_READ``).
"""
from __future__ import annotations

import pandas as pd
import torch

from ...activations import activation
from ...io import write_csv
from ...jobs import JobContext, entry
from ...sensitivity import COLUMNS, reading_rows, setting_rows
from .claims import claims
from .compute import run_panel
from .settings import GD_KEYS, panel_ids
from .tables import cell_table

# The panels each paper row reads, where fewer than all four (claims.claims): panel (a) is the first activation at
# the smaller n, (b) at the larger.
PANELS_READ = {
    "oymak2019-fig2a.visible-phase-transition": "a",
    "oymak2019-fig2a.success-region-tight": "a",
    "oymak2019-fig2b.more-visible": "ab",
    "oymak2019-fig2b.even-tighter": "ab",
    "oymak2019-fig2b.1plus-eps-suffices": "b",
}


def rerun_config(cfg: dict, names: list[str]) -> dict:
    """The config restricted to the rerun activations: all of them, or the first one (its panels stay (a, b))."""
    every = [a["name"] for a in cfg["activations"]]
    if names != every[: len(names)] or not names:
        raise ValueError(f"config key 'oymak2019.sensitivity.activations': {names} must be {every[:1]} or {every} "
                         "(the panels keep their letters only then)")
    return {**cfg, "activations": [a for a in cfg["activations"] if a["name"] in names]}


def panel_claims(cfg: dict, profile: str, device) -> tuple[list, set[str]]:
    """The ledger's claims on fresh panels under ``cfg`` and the claim ids they decide (all, or those reading only
    the rerun panels)."""
    cells = {}
    for (name, n) in panel_ids(cfg):
        cells[(name, n)] = cell_table(run_panel(cfg, activation(name), n, device, progress=False))
    rows = claims(cells, cfg, profile)
    letters = {pid[-1] for pid in panel_ids(cfg).values()}
    keep = {r.claim_id for r in rows if r.kind == "paper" and set(PANELS_READ.get(r.claim_id, "abcd")) <= letters}
    return rows, keep


@entry("oymak2019.seed", "oymak2019.ns", "oymak2019.activations", "oymak2019.ks", "oymak2019.ds", "oymak2019.trials",
       *GD_KEYS, "oymak2019.batch_size", "oymak2019.sensitivity", "profile", "device", device=True)
def sensitivity(job: JobContext) -> None:
    """results/{profile}/sensitivity/oymak2019.csv (no input: the default reading's rows are the ledger's, filled in
    when the papers' tables are stacked)."""
    torch.set_flush_denormal(True)  # as the main runs: softplus tails turn denormal as weights grow
    cfg, profile = job.config["oymak2019"], job.config["profile"]
    sens = cfg["sensitivity"]
    base = rerun_config(dict(cfg), list(sens["activations"]))
    alternatives = []
    for scale in sens["loss_scale"]:
        rows, keep = panel_claims({**base, "loss_scale": scale}, profile, job.device)
        alternatives.append(reading_rows(rows, "loss scale", scale, keep=keep,
                                         note=f"panels rerun: {', '.join(sens['activations'])}"))
    write_csv(setting_rows("loss scale", cfg["loss_scale"], alternatives)
              if alternatives else pd.DataFrame(columns=COLUMNS), job.output[0])
