"""Du et al. 2019: Figure 1's claims rerun under other readings of the settings the paper does not state (the step
size eta and the widths, both inferred from panel (c)'s ticks, and the output weights' law). Each reading trains
every width of every seed in one batch, exactly as the main run (``compute.run_seeds``), and is judged by the
ledger's own claim function (``claims.claims``); the default reading's rows are the ledger's (filled in when the
papers' tables are stacked, so this job needs no claim file and runs beside the main training)."""
from __future__ import annotations

import pandas as pd

from ...claims import Claim
from ...io import write_csv
from ...jobs import JobContext, entry
from ...sensitivity import COLUMNS, reading_rows, setting_rows
from .claims import claims
from .compute import run_seeds
from .settings import RUN_KEYS


def ratios(cfg: dict) -> str:
    return "m/n = " + ", ".join(f"{m / cfg['n']:g}" for m in sorted(cfg["widths"]))


def readings(cfg: dict) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(setting, default reading, [(alternative reading, the config under it)]) from ``cfg['sensitivity']``."""
    sens = cfg["sensitivity"]
    scaled = [{**cfg, "widths": [round(m * f) for m in cfg["widths"]]} for f in sens["width_factors"]]
    return [
        ("eta", f"eta = {cfg['eta']:g}", [(f"eta = {eta:g}", {**cfg, "eta": eta}) for eta in sens["eta"]]),
        ("widths", ratios(cfg), [(ratios(alt), alt) for alt in scaled]),
        ("output weights", cfg["output_weights"], [(law, {**cfg, "output_weights": law})
                                                   for law in sens["output_weights"]]),
    ]


def paper_claims(cfg: dict, profile: str, device) -> list[Claim]:
    """The ledger's claims on a fresh batch of runs under ``cfg``."""
    runs = run_seeds(cfg, list(range(cfg["seeds"])), device, progress=False)
    return claims(runs, cfg, profile)


@entry(*RUN_KEYS, "du2019.sensitivity", "profile", "device", device=True)
def sensitivity(job: JobContext) -> None:
    """results/{profile}/sensitivity/du2019.csv: every paper claim under every reading."""
    cfg, profile = job.config["du2019"], job.config["profile"]
    frames = []
    for setting, default, alternatives in readings(cfg):
        rows = []
        for reading, alt in alternatives:
            print(f"du2019 sensitivity: {setting}: {reading}", flush=True)
            rows.append(reading_rows(paper_claims(alt, profile, job.device), setting, reading))
        frames.append(setting_rows(setting, default, rows))
    write_csv(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS), job.output[0])
