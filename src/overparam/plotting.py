"""Seaborn style shared by every figure, panel labels, the profile stamp and reproducible saving."""
from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from .atomic import atomic_path  # noqa: E402
from .divergence import last_finite  # noqa: E402

PANEL_WIDTH = 3.6
DIVERGED_COLOR = "crimson"
PANEL_HEIGHT = 3.0


def apply_style() -> None:
    sns.set_theme(context="paper", style="ticks", font_scale=1.0)
    plt.rcParams.update({"axes.grid": True, "grid.alpha": 0.3, "legend.frameon": False, "savefig.dpi": 150})


def width_palette(widths) -> dict:
    """Ordered sequential colours, light (small m) to dark (large m)."""
    widths = sorted(widths)
    # viridis without its pale yellow end, so neighbouring small widths stay distinguishable
    cmap = plt.get_cmap("viridis")
    stops = [0.82] if len(widths) == 1 else [0.82 - 0.8 * i / (len(widths) - 1) for i in range(len(widths))]
    return {m: cmap(t) for m, t in zip(widths, stops)}


def panels(ncols: int, nrows: int = 1, **kwargs):
    fig, axes = plt.subplots(nrows, ncols, figsize=(PANEL_WIDTH * ncols, PANEL_HEIGHT * nrows + 0.9),
                             squeeze=False, **kwargs)
    return fig, axes.ravel()


def label_panel(ax, letter: str, title: str) -> None:
    ax.set_title(f"({letter}) {title}", loc="left", fontsize="medium")


def stamp(fig, title: str, note: str, profile: str, diverged: list[str] | None = None) -> None:
    """Figure title on top; settings, choices and the profile that made it at the bottom.

    ``diverged`` lists runs that hit NaN/Inf: they are named in red above the note, so a figure with a
    failed run can never pass for a converged one.
    """
    fig.suptitle(title, fontsize="large", x=0.01, ha="left")
    chars_per_line = int(fig.get_figwidth() * 19)
    wrapped = textwrap.fill(note, chars_per_line)
    text = fig.text(0.01, 0.01, wrapped, fontsize="x-small", ha="left", va="bottom")
    lines = wrapped.count("\n") + 1
    if diverged:
        warning = textwrap.fill(f"DIVERGED (NaN/Inf: a failure; each such curve stops at its x): {'; '.join(diverged)}",
                                int(chars_per_line * 0.85), max_lines=4, placeholder=" ...")  # bold is wider
        height = text.get_window_extent(fig.canvas.get_renderer()).height / fig.bbox.height
        fig.text(0.01, 0.01 + height + 0.005, warning, fontsize="x-small", ha="left", va="bottom", color=DIVERGED_COLOR,
                 weight="bold")
        lines += warning.count("\n") + 1
    fig._note_lines = lines  # read by save() to keep the axes clear of the note
    fig.text(0.99, 0.985, f"profile: {profile}", fontsize="medium", ha="right", va="top", weight="bold",
             bbox={"boxstyle": "round", "facecolor": "#f3f3f3", "edgecolor": "#999999"})


DRAWABLE_MAX = 1e200  # log axes add margins in log space: values near the float64 limit break autoscaling


def drawable(frame, columns):
    """Values a log axis can draw: overflowed (inf) and near-overflow values become NaN (not drawn)."""
    frame = frame.copy()
    for col in columns:
        frame[col] = frame[col].where(frame[col].abs() < DRAWABLE_MAX)
    return frame


def mark_diverged(ax, curve, x: str, y: str, color, label: str | None = None) -> None:
    """A cross at the last finite point of a diverged curve: where it stopped, not where it converged."""
    point = last_finite(curve, x, y)
    if point is not None:
        ax.plot(*point, marker="x", ms=8, mew=2, ls="none", color=color, label=label, zorder=5)


def save(fig, png, pdf, tight: bool = True) -> None:
    """PNG and PDF written atomically, without timestamps, so reruns give the same bytes."""
    if tight:
        bottom = (0.2 + 0.13 * getattr(fig, "_note_lines", 2)) / fig.get_figheight()
        fig.tight_layout(rect=(0, min(bottom, 0.3), 1, 0.93))
    for path, fmt, meta in ((png, "png", {"Software": None}), (pdf, "pdf", {"CreationDate": None, "Creator": None, "Producer": None})):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, metadata=meta, bbox_inches=None if tight else "tight")
    plt.close(fig)
