"""Shared figure style: one width and type sizes legible in the README gallery, one colour per activation,
panel labels, the title/profile/footer stamp, legends kept off the data, and reproducible saving.

Legibility is measured, not hoped for: :func:`legibility_problems` reads a finished Figure (font sizes, text
collisions, legends over data, unlabelled axis ends) and :func:`save` warns of any it finds.
"""
from __future__ import annotations

import math
import re
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox, ScaledTranslation  # noqa: E402

from .atomic import atomic_path  # noqa: E402
from .divergence import last_finite  # noqa: E402

# ---------------------------------------------------------------- sizes
# The README gallery shows every figure DISPLAY_WIDTH_PX CSS pixels wide (docs/make_gallery.py writes images of
# that width). A CSS pixel is 3/4 pt, so a figure FIGURE_WIDTH inches (72 pt each) wide is shown at a scale of
# DISPLAY_WIDTH_PX * 0.75 / (72 * width); every text must be >= MIN_DISPLAY_PT there.
DISPLAY_WIDTH_PX = 720
MIN_DISPLAY_PT = 7.0
FIGURE_WIDTH = 7.5  # inches: 540 pt, shown at 540 pt: figure points are display points
TICK_PT = 7.5
LABEL_PT = 8.0
LEGEND_PT = 7.5
FOOTER_PT = 7.5
PANEL_TITLE_PT = 8.5
TITLE_PT = 10.5
ROW_HEIGHT = 2.5  # inches per row of panels

DIVERGED_COLOR = "crimson"

# ---------------------------------------------------------------- colours
# One colour per activation in every figure: the Okabe-Ito set (distinguishable under the common colour-vision
# deficiencies); its yellow is too pale on white, so the eighth activation gets a mid grey.
ACTIVATION_COLORS = {
    "relu": "#0072B2",  # blue
    "elu": "#D55E00",  # vermillion
    "tanh": "#CC79A7",  # reddish purple
    "swish": "#009E73",  # bluish green
    "quadratic": "#E69F00",  # orange
    "softplus": "#56B4E9",  # sky blue
    "gelu": "#000000",  # black
    "shifted_softplus": "#8C8C8C",  # grey
}
# Success probability of the phase-transition maps: ColorBrewer's red-blue diverging map (colour-blind safe),
# failure blue, success red, as the paper's maps "taper between red and blue".
PHASE_CMAP = "RdBu_r"


def activation_color(name: str) -> str:
    try:
        return ACTIVATION_COLORS[name]
    except KeyError:
        raise KeyError(f"activation {name!r} has no colour in plotting.ACTIVATION_COLORS") from None


def min_font_pt(fig) -> float:
    """Smallest font size (pt, in the figure) that is MIN_DISPLAY_PT when shown DISPLAY_WIDTH_PX wide."""
    return MIN_DISPLAY_PT * fig.get_figwidth() * 72 / (DISPLAY_WIDTH_PX * 0.75)


def apply_style() -> None:
    sns.set_theme(context="paper", style="ticks", font_scale=1.0)
    plt.rcParams.update({
        # laid out and measured at the resolution it is saved at: text widths do not scale exactly with dpi
        "axes.grid": True, "grid.alpha": 0.3, "legend.frameon": False, "savefig.dpi": 150, "figure.dpi": 150,
        "font.size": LABEL_PT, "axes.labelsize": LABEL_PT, "axes.titlesize": PANEL_TITLE_PT,
        "xtick.labelsize": TICK_PT, "ytick.labelsize": TICK_PT, "legend.fontsize": LEGEND_PT,
        "legend.title_fontsize": LEGEND_PT, "figure.titlesize": TITLE_PT,
        "legend.handlelength": 1.8, "legend.borderaxespad": 0.3, "legend.labelspacing": 0.3,
    })


def width_palette(widths) -> dict:
    """Ordered sequential colours, light (small m) to dark (large m)."""
    widths = sorted(widths)
    # viridis without its pale yellow end, so neighbouring small widths stay distinguishable
    cmap = plt.get_cmap("viridis")
    stops = [0.82] if len(widths) == 1 else [0.82 - 0.8 * i / (len(widths) - 1) for i in range(len(widths))]
    return {m: cmap(t) for m, t in zip(widths, stops)}


def panels(ncols: int, nrows: int = 1, row_height: float = ROW_HEIGHT, **kwargs):
    fig, axes = plt.subplots(nrows, ncols, figsize=(FIGURE_WIDTH, row_height * nrows + 1.4), squeeze=False,
                             **kwargs)
    return fig, axes.ravel()


def label_panel(ax, letter: str, title: str) -> None:
    ax.set_title(f"({letter}) {title}", loc="left", fontsize=PANEL_TITLE_PT)


def legend(ax, *args, outside: bool = False, below: bool = False, **kwargs):
    """A legend that :func:`save` places where it covers no data: the first free corner or side of the axes,
    else outside, right of the axes (``outside=True`` starts there; ``below=True`` puts it under the x-label)."""
    kwargs.setdefault("fontsize", LEGEND_PT)
    leg = ax.legend(*args, **kwargs)
    leg._keep_off_data = True
    leg._outside = outside or below
    if below:
        below_labels = ScaledTranslation(0, -BELOW_LABEL_IN, ax.figure.dpi_scale_trans)
        leg.set_loc("upper center")
        leg.set_bbox_to_anchor((0.5, 0.0), transform=ax.transAxes + below_labels)
    elif outside:
        _put_outside(leg, ax)
    return leg


BELOW_LABEL_IN = 0.40  # tick labels and x-label of one line take about 0.36 in at these sizes


GREEK = ((r"\beta\b", "η"), (r"\blambda0\b", "λ0"), (r"\blambda_max\b", "λ_max"), (r"\blambda_min\b", "λ_min"),
         (r"\bdelta'", "δ'"), (r"\bdelta\b", "δ"), (r"\bsigma\(", "σ("), (r"\bkappa\b", "κ"), (r"\bsqrt\(", "√("),
         (r"\btheta_i\b", "θ_i"), (r"\bphi\(", "φ("))


def greek(text: str) -> str:
    """Footers name symbols as the panels do: η, λ0, δ, ... never their spelled-out names."""
    for pattern, letter in GREEK:
        text = re.sub(pattern, letter, text)
    return text


def _put_outside(leg, ax) -> None:
    leg.set_loc("upper left")
    leg.set_bbox_to_anchor((1.02, 1.0), transform=ax.transAxes)


def log_ticks(ax, values, axis: str = "y") -> None:
    """A log axis from the 1-2-5 step below the smallest to the one above the largest finite value, every tick
    labelled (1-2-5 steps over up to two decades, else powers of ten): no end of the data lies past the labels."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return
    steps = [s * 10.0 ** e for e in range(math.floor(math.log10(v.min())) - 1, math.ceil(math.log10(v.max())) + 2)
             for s in (1, 2, 5)]
    lo = max(s for s in steps if s <= v.min() * (1 + 1e-12))
    hi = min(s for s in steps if s >= v.max() * (1 - 1e-12))
    if hi <= lo:
        hi = min(s for s in steps if s > lo)
    decades = math.log10(hi / lo)
    if decades <= 2.1:
        ticks = [s for s in steps if lo <= s <= hi]
    else:
        every = max(1, math.ceil(decades / 6))
        first, last = math.floor(math.log10(lo) + 1e-9), math.ceil(math.log10(hi) - 1e-9)
        exponents = list(range(first, last + every, every))[:len(range(first, last, every)) + 1]
        ticks = [10.0 ** e for e in exponents]
        lo, hi = ticks[0], ticks[-1]
    target = ax.yaxis if axis == "y" else ax.xaxis
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo, hi)
    target.set_major_locator(FixedLocator(ticks))
    target.set_major_formatter(FuncFormatter(_tick_label))
    target.set_minor_formatter(NullFormatter())


def _tick_label(value, _pos=None) -> str:
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)) + 1e-9)
    if -3 <= exponent <= 3:
        return f"{value:g}"
    mantissa = value / 10.0 ** exponent
    return f"$10^{{{exponent}}}$" if abs(mantissa - 1) < 1e-9 else f"${mantissa:g}\\times10^{{{exponent}}}$"


# ---------------------------------------------------------------- stamp

def _wrap_to(fig, text: Text, width_px: float) -> None:
    """Re-wrap ``text`` (one paragraph) until it is at most width_px wide."""
    renderer = fig.canvas.get_renderer()
    words = text.get_text().replace("\n", " ")
    chars = max(20, int(width_px / (0.5 * text.get_fontsize() * fig.dpi / 72)))
    while True:
        text.set_text(textwrap.fill(words, chars))
        if text.get_window_extent(renderer).width <= width_px or chars <= 20:
            return
        chars -= 3


def stamp(fig, title: str, note: str, profile: str, diverged: list[str] | None = None) -> None:
    """Figure title on top (beside the profile that made it); settings and choices at the bottom.

    ``diverged`` lists runs that hit NaN/Inf: they are named in red above the note, so a figure with a
    failed run can never pass for a converged one.
    """
    renderer = fig.canvas.get_renderer()
    width_px = fig.bbox.width
    box = fig.text(0.99, 0.99, f"profile: {profile}", fontsize=LABEL_PT, ha="right", va="top", weight="bold",
                   bbox={"boxstyle": "round", "facecolor": "#f3f3f3", "edgecolor": "#999999"})
    box_px = box.get_window_extent(renderer).width + 0.04 * width_px
    lines = []
    for part in title.split("\n"):
        t = fig.text(0, 0, part, fontsize=TITLE_PT)
        _wrap_to(fig, t, width_px - box_px - 0.02 * width_px)
        lines.append(t.get_text())
        t.remove()
    fig._title = fig.text(0.01, 0.99, "\n".join(lines), fontsize=TITLE_PT, ha="left", va="top")
    note_text = fig.text(0.01, 0.008, greek(note), fontsize=FOOTER_PT, ha="left", va="bottom", color="0.15")
    _wrap_to(fig, note_text, 0.95 * width_px)
    fig._footer = [note_text]
    if diverged:
        height = note_text.get_window_extent(renderer).height / fig.bbox.height
        warning = fig.text(0.01, 0.008 + height + 0.005, "DIVERGED (NaN/Inf: a failure; each such curve stops at "
                           f"its x): {'; '.join(diverged)}", fontsize=FOOTER_PT, ha="left", va="bottom",
                           color=DIVERGED_COLOR, weight="bold")
        _wrap_to(fig, warning, 0.95 * width_px)
        if warning.get_text().count("\n") >= 4:  # at most four lines: the rest is in the claims table
            warning.set_text("\n".join(warning.get_text().split("\n")[:4]) + " ...")
        fig._footer.append(warning)


def layout_rect(fig) -> tuple[float, float, float, float]:
    """The part of the figure between the title (and profile box) and the footer, in figure fractions."""
    renderer = fig.canvas.get_renderer()
    top, bottom = 0.99, 0.0
    for t in fig.texts:
        box = t.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        if t in getattr(fig, "_footer", []):
            bottom = max(bottom, box.y1)
        elif box.y0 > 0.5:
            top = min(top, box.y0)
    pad = 0.08 / fig.get_figheight()
    return 0.0, bottom + pad, 1.0, top - pad


# ---------------------------------------------------------------- reading a finished figure

def _axes_with_data(fig):
    return [ax for ax in fig.axes if ax.axison]


def _line_parts(line):
    """Display-space polylines (finite runs) and points with their marker radius (px) of one Line2D."""
    xy = np.asarray(line.get_xydata(), dtype=float)
    if xy.size == 0 or not line.get_visible():
        return [], np.empty((0, 2)), 0.0
    with np.errstate(invalid="ignore"):
        pts = line.get_transform().transform(xy)
    ok = np.isfinite(pts).all(axis=1)
    runs = []
    if line.get_linestyle() not in ("None", "none", "", " ") and len(pts) > 1:
        start = None
        for i, good in enumerate(np.append(ok, False)):
            if good and start is None:
                start = i
            elif not good and start is not None:
                if i - start >= 2:
                    runs.append(pts[start:i])
                start = None
    marker = line.get_marker()
    has_marker = marker not in (None, "None", "none", "", " ")
    radius = line.get_markersize() * line.figure.dpi / 72 / 2 if has_marker else line.get_linewidth() / 2
    points = pts[ok] if (has_marker or len(pts) == 1) else np.empty((0, 2))
    return runs, points, radius


def _covers(box: Bbox, ax) -> list[str]:
    """What of ax's data (lines, markers, bars, shaded regions, scatter points, annotations) lies inside box."""
    hits = []
    renderer = ax.figure.canvas.get_renderer()
    for line in ax.get_lines():
        runs, points, radius = _line_parts(line)
        grown = box.expanded(1, 1).padded(radius)
        inside = ((points[:, 0] > grown.x0) & (points[:, 0] < grown.x1) & (points[:, 1] > grown.y0)
                  & (points[:, 1] < grown.y1))
        if inside.any() or any(MplPath(run).intersects_bbox(grown, filled=False) for run in runs):
            hits.append(f"line {line.get_label()!r}")
    for patch in ax.patches:
        ext = patch.get_window_extent(renderer)
        if patch.get_visible() and ext.width > 0.5 and ext.height > 0.5 and ext.overlaps(box):
            hits.append(f"patch {patch.get_label()!r}")
    for coll in ax.collections:
        if not coll.get_visible():
            continue
        offsets = coll.get_offsets()
        if type(coll).__name__ == "PathCollection" and len(offsets):
            pts = coll.get_offset_transform().transform(offsets)
            if ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)).any():
                hits.append("scatter points")
        elif type(coll).__name__ in ("PolyCollection", "FillBetweenPolyCollection"):
            for path in coll.get_paths():
                if coll.get_transform().transform_path(path).intersects_bbox(box, filled=True):
                    hits.append("shaded band")
                    break
        elif type(coll).__name__ == "QuadMesh" and ax.bbox.overlaps(box):
            hits.append("colour map")
    for t in ax.texts:
        if t.get_visible() and t.get_text().strip() and t.get_window_extent(renderer).overlaps(box):
            hits.append(f"text {t.get_text()[:30]!r}")
    return hits


def legend_overlaps(fig, leg) -> list[str]:
    """Data of any panel that the legend covers (empty: the legend covers no data)."""
    box = leg.get_window_extent(fig.canvas.get_renderer()).padded(-1)
    return [f"{where}" for ax in _axes_with_data(fig) for where in _covers(box, ax)]


def legends(fig) -> list[Legend]:
    return [leg for leg in fig.findobj(Legend) if leg.get_visible()]


def _texts(fig) -> list[Text]:
    """Every text drawn: figure texts, titles, axis labels, tick labels in view, legend entries and titles."""
    fig.canvas.draw()
    out = [t for t in fig.texts]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        out += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                out.append(axis.label)
                for tick in axis._update_ticks():
                    out += [tick.label1, tick.label2]
                out.append(axis.offsetText)
    for leg in legends(fig):
        out += [*leg.get_texts(), leg.get_title()]
    return [t for t in out if t.get_visible() and t.get_text().strip()]


def font_sizes(fig) -> dict[str, float]:
    """{text: font size in pt} of every text the figure draws."""
    return {t.get_text(): t.get_fontsize() for t in _texts(fig)}


def _tick_gaps(ax, axis) -> float:
    """Largest share of the axis (in its own scale) beyond the outermost labelled ticks."""
    lo, hi = axis.get_view_interval()
    labelled = [tick.get_loc() for tick in axis._update_ticks() if tick.label1.get_visible()
                and tick.label1.get_text().strip()]
    if not labelled:  # an axis without tick labels (a colour bar's short side, a shared axis) is not read
        return 0.0
    if len(labelled) < 2:
        return 1.0
    scale = (lambda v: math.log10(v)) if axis.get_scale() == "log" else (lambda v: v)
    if axis.get_scale() == "log" and lo <= 0:
        return 0.0
    span = abs(scale(hi) - scale(lo))
    if span == 0:
        return 0.0
    return max(abs(scale(min(labelled)) - scale(min(lo, hi))), abs(scale(max(lo, hi)) - scale(max(labelled)))) / span


def legibility_problems(fig, max_gap: float = 0.35) -> list[str]:
    """What a reader at the README's display width could not read, one line each (empty: none).

    Texts smaller than min_font_pt; texts that collide with each other or leave the canvas; axis labels longer
    than their axes; legends over data; axes whose ends are more than max_gap of their length past the last
    labelled tick.
    """
    problems = []
    smallest = min_font_pt(fig) - 1e-9
    texts = _texts(fig)
    renderer = fig.canvas.get_renderer()
    canvas = fig.bbox.padded(1)
    boxes = []
    for t in texts:
        if t.get_fontsize() < smallest:
            problems.append(f"text {t.get_text()[:40]!r} is {t.get_fontsize():.1f} pt < {smallest:.1f} pt")
        box = t.get_window_extent(renderer)
        if not (canvas.contains(box.x0, box.y0) and canvas.contains(box.x1, box.y1)):
            problems.append(f"text {t.get_text()[:40]!r} leaves the figure")
        boxes.append(box.padded(-0.5))
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if boxes[i].overlaps(boxes[j]):
                problems.append(f"texts {texts[i].get_text()[:30]!r} and {texts[j].get_text()[:30]!r} collide")
    for ax in _axes_with_data(fig):
        if ax.yaxis.label.get_text() and ax.yaxis.label.get_window_extent(renderer).height > ax.bbox.height * 1.02:
            problems.append(f"y-label {ax.yaxis.label.get_text()[:40]!r} is taller than its axes")
        if ax.xaxis.label.get_text() and ax.xaxis.label.get_window_extent(renderer).width > ax.bbox.width * 1.02:
            problems.append(f"x-label {ax.xaxis.label.get_text()[:40]!r} is wider than its axes")
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if axis.get_ticklabels() and _tick_gaps(ax, axis) > max_gap:
                problems.append(f"{name}-axis of {ax.get_title(loc='left')[:30]!r}: more than {max_gap:.0%} of it "
                                f"lies beyond its labelled ticks")
    for leg in legends(fig):
        hits = legend_overlaps(fig, leg)
        if hits:
            problems.append(f"legend {[t.get_text() for t in leg.get_texts()][:2]} covers {', '.join(hits[:3])}")
    return problems


# ---------------------------------------------------------------- layout and saving

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


LEGEND_SPOTS = ("upper right", "upper left", "lower left", "lower right", "center right", "center left",
                "upper center", "lower center")


def _place_legends(fig) -> bool:
    """Move each auto-placed legend to the first spot where it covers no data; True if one went outside."""
    moved_out = False
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None or not getattr(leg, "_keep_off_data", False) or leg._outside:
            continue
        for spot in LEGEND_SPOTS:
            leg.set_loc(spot)
            leg.set_bbox_to_anchor(None)
            if not legend_overlaps(fig, leg):
                break
        else:
            leg._outside = True
            _put_outside(leg, ax)
            moved_out = True
    return moved_out


def finish(fig, tight: bool = True) -> None:
    """Lay the panels out between title and footer, then keep every legend off the data."""
    if not tight:
        return
    fig.canvas.draw()
    rect = layout_rect(fig)
    fig.tight_layout(rect=rect)
    _place_legends(fig)
    fig.tight_layout(rect=rect)  # an outside legend takes room from its axes; corners are re-checked after
    _place_legends(fig)
    fig.tight_layout(rect=rect)


def save(fig, png, pdf, tight: bool = True) -> None:
    """PNG and PDF written atomically, without timestamps, so reruns give the same bytes; what a reader could not
    read (see legibility_problems) is named in a warning."""
    finish(fig, tight)
    problems = legibility_problems(fig)
    if problems:  # the data are still right: written, with a warning in the job's log naming each problem
        print(f"WARNING {png}: not legible at the README's width:\n  " + "\n  ".join(problems), file=sys.stderr)
    for path, fmt, meta in ((png, "png", {"Software": None}), (pdf, "pdf", {"CreationDate": None, "Creator": None, "Producer": None})):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, metadata=meta, bbox_inches=None)
    plt.close(fig)
