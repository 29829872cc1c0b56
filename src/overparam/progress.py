"""A progress line for long loops, written to stderr at most every few seconds."""
from __future__ import annotations

import sys
import time


class ProgressLine:
    def __init__(self, label: str, total: int, every_s: float = 5.0, stream=None):
        self.label, self.total, self.every_s = label, total, every_s
        self.stream = stream or sys.stderr
        self.start = self.last = time.perf_counter()

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if done >= self.total or now - self.last >= self.every_s:
            self.last = now
            elapsed = now - self.start
            rate = done / elapsed if elapsed > 0 else float("inf")
            eta = (self.total - done) / rate if rate > 0 else float("nan")
            print(
                f"[{self.label}] {done}/{self.total} ({100 * done / self.total:.0f}%), "
                f"{elapsed:.1f} s elapsed, ~{eta:.1f} s left",
                file=self.stream,
                flush=True,
            )
