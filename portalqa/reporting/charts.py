"""The scorecard's charts, drawn as inline SVG: nothing to load, nothing to run.

Every chart carries its title and description for screen readers (`role="img"`), prints its figures
as text beside the marks, and never says anything by colour alone: a bar that had no evidence is
drawn as a dashed outline with words in it, and each line of the trend chart has its own marker
shape as well as its own colour. The words come from the caller (portalqa.reporting.wording); this
module only knows geometry. All text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour per grade: a bar's grade is also printed in its label.
TONES = ("A", "B", "C", "D", "E", "ungraded", "none")
# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), one per line.
LINE_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif"'
MAX_LABEL_CHARS = 46
CHAR_WIDTH = 6.6  # average width of a 12 px character, to size the label column


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0–100; None: no evidence (drawn as an outline with `text` in it)
    text: str  # printed after the bar (or inside the outline)
    tone: str = "ungraded"  # one of TONES
    title: str = ""  # full text for a hover tooltip (defaults to label and text)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per x position; None: not scored in that run


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    scale_label: str = "",
    plot_width: int = 360,
) -> Markup:
    """Horizontal bars on a 0–100 scale, one row per bar, labels on the left, figures on the right."""
    longest = max((len(_clip(bar.label)) for bar in bars), default=10)
    label_width = min(320, max(90, int(longest * CHAR_WIDTH) + 12))
    widest_text = max((len(bar.text) for bar in bars if bar.value is not None), default=0)
    text_width = max(40, int(widest_text * CHAR_WIDTH) + 16)
    width = label_width + plot_width + text_width
    row = 26
    top = 22 if scale_label else 8
    height = top + row * max(1, len(bars)) + 22
    parts = [_open(chart_id, width, height, title, description, "bar-chart")]
    if scale_label:
        parts.append(f'<text x="{label_width}" y="14" class="axis-label">{escape(scale_label)}</text>')
    bottom = top + row * max(1, len(bars))
    for tick in (0, 25, 50, 75, 100):
        x = label_width + plot_width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" class="grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 15}" text-anchor="middle" class="tick">{tick}</text>')
    for index, bar in enumerate(bars):
        y = top + index * row
        tooltip = bar.title or f"{bar.label}: {bar.text}"
        parts.append(f'<g class="bar-row" data-value="{"" if bar.value is None else bar.value}">')
        parts.append(f"<title>{escape(tooltip)}</title>")
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="bar-label">'
            f"{escape(_clip(bar.label))}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{plot_width}" height="{row - 8}" '
                'class="bar-none"/>'
            )
            parts.append(
                f'<text x="{label_width + plot_width / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                f'class="bar-none-text">{escape(bar.text)}</text>'
            )
        else:
            value = min(100.0, max(0.0, float(bar.value)))
            length = max(1.5, plot_width * value / 100)
            tone = bar.tone if bar.tone in TONES else "ungraded"
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
                f'class="bar tone-{tone}"/>'
            )
            parts.append(
                f'<text x="{label_width + plot_width + 8}" y="{y + 17}" class="bar-text">'
                f"{escape(bar.text)}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_label: str = "",
) -> Markup:
    """Scores (0–100) over runs: a line and a marker shape per series, a legend naming each."""
    left, right, top = 44, 64, 18
    plot_width = max(240, 90 * (len(x_labels) - 1))
    plot_height = 200
    legend_row = 20
    legend_top = top + plot_height + 52
    width = left + plot_width + right
    height = legend_top + legend_row * len(series) + 8
    parts = [_open(chart_id, width, height, title, description, "line-chart")]
    if y_label:
        parts.append(f'<text x="4" y="11" class="axis-label">{escape(y_label)}</text>')

    def x_of(i: int) -> float:
        return left + (plot_width * i / (len(x_labels) - 1) if len(x_labels) > 1 else plot_width / 2)

    def y_of(v: float) -> float:
        return top + plot_height * (1 - min(100.0, max(0.0, v)) / 100)

    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, label in enumerate(x_labels):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{top + plot_height + 18}" text-anchor="middle" class="tick">'
            f"{escape(label)}</text>"
        )
    for n, line in enumerate(series):
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        marker = MARKERS[n % len(MARKERS)]
        parts.append(f'<g class="series" data-series="{escape(line.name)}">')
        parts.append(f"<title>{escape(line.name)}</title>")
        for segment in _segments(line.values):
            points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in segment)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for i, value in enumerate(line.values):
            if value is not None:
                parts.append(_marker(marker, x_of(i), y_of(value), colour, f"{x_labels[i]}: {value:g}"))
        parts.append("</g>")
        y = legend_top + n * legend_row
        parts.append(_marker(marker, left + 6, y - 4, colour, ""))
        latest = next((v for v in reversed(line.values) if v is not None), None)
        text = line.name if latest is None else f"{line.name}: {latest:g}"
        parts.append(f'<text x="{left + 18}" y="{y}" class="legend">{escape(_clip(text, 70))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(chart_id: str, width: float, height: float, title: str, description: str, kind: str) -> str:
    chart_id = escape(chart_id)
    return (
        f'<svg class="chart {kind}" data-part="chart" id="{chart_id}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT} font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> str:
    tooltip = f"<title>{escape(label)}</title>" if label else ""
    common = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if shape == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" {common}>{tooltip}</rect>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 6:.1f} {x + 5.5:.1f},{y + 4:.1f} {x - 5.5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" {common}>{tooltip}</polygon>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
        return f'<polygon points="{points}" {common}>{tooltip}</polygon>'
    if shape == "cross":
        d = f"M{x - 5:.1f},{y - 5:.1f}L{x + 5:.1f},{y + 5:.1f}"
        d += f"M{x - 5:.1f},{y + 5:.1f}L{x + 5:.1f},{y - 5:.1f}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="3" fill="none">{tooltip}</path>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {common}>{tooltip}</circle>'


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive values: a run without a score breaks the line rather than bridging it."""
    segments: list[list[tuple[int, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((i, value))
    return [s for s in segments if len(s) > 1]


def _clip(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
