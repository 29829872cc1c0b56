"""Seed streams: every random draw comes from (base seed, stream name, indices).

A stream depends only on its own key, so adding a width, a seed or an
activation never changes the draws of another run. Draws are made with numpy
on the host and moved to the device afterwards, so CPU and GPU runs see the
same numbers.
"""
from __future__ import annotations

import zlib

import numpy as np


def _key_part(part) -> int:
    if isinstance(part, (bool, np.bool_)):
        raise TypeError("a seed key part cannot be a bool")
    if isinstance(part, (int, np.integer)):
        if part < 0:
            raise ValueError(f"seed key parts must be non-negative, got {part}")
        return int(part)
    if isinstance(part, str):
        return zlib.crc32(part.encode("utf-8"))
    raise TypeError(f"seed key parts are ints or strings, got {type(part).__name__}")


def rng(base_seed: int, *key) -> np.random.Generator:
    """Independent generator for the stream named by ``key`` under ``base_seed``."""
    return np.random.default_rng(np.random.SeedSequence([_key_part(base_seed), *(_key_part(k) for k in key)]))
