"""Device and thread selection from the config's ``device`` key."""
from __future__ import annotations

import torch

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(name: str) -> torch.device:
    """``auto`` picks CUDA when available; ``cuda`` without a GPU is an error, not a fallback."""
    if name not in DEVICES:
        raise ValueError(f"config key 'device': {name!r} is not one of {DEVICES}")
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            "config key 'device' is 'cuda' but torch sees no CUDA GPU on this machine; "
            "use device: auto or device: cpu"
        )
    return torch.device(name)


def set_threads(threads: int) -> None:
    """Match torch's intra-op threads to what the scheduler gave the job."""
    torch.set_num_threads(max(1, int(threads)))
