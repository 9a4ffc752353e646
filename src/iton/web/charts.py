"""Trend charts as inline SVG drawn on the server: no script, no CDN, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from iton.analysis.trends import TrendPoint

__all__ = ["trend_svg"]

WIDTH, HEIGHT = 720, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 56
# Series drawn in one chart: more lines than this are unreadable; the rest are summed as "אחר".
MAX_SERIES = 6
# Periods drawn with zeros filled in; a longer span is drawn from the periods with counts only.
MAX_PERIODS = 400
# Colour-blind-safe palette (Okabe-Ito).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")


def _series(points: Sequence[TrendPoint]) -> dict[str, dict[str, int]]:
    totals: dict[str, int] = {}
    by_outlet: dict[str, dict[str, int]] = {}
    for p in points:
        totals[p.outlet] = totals.get(p.outlet, 0) + p.count
        by_outlet.setdefault(p.outlet, {})[p.period] = p.count
    ranked = sorted(totals, key=lambda o: (-totals[o], o))
    out = {o: by_outlet[o] for o in ranked[:MAX_SERIES]}
    rest = ranked[MAX_SERIES:]
    if rest:
        other: dict[str, int] = {}
        for o in rest:
            for period, count in by_outlet[o].items():
                other[period] = other.get(period, 0) + count
        out["אחר"] = other
    return out


def _all_periods(seen: list[str], bucket: str) -> list[str]:
    """Every period from the first to the last seen (a period with no mention is a zero, not a gap)."""
    first, last = date.fromisoformat(seen[0]), date.fromisoformat(seen[-1])
    step = {"day": 1, "week": 7}.get(bucket)
    out, day = [], first
    if step is None and bucket != "month" or len(seen) > MAX_PERIODS:
        return seen
    while day <= last and len(out) <= MAX_PERIODS:
        out.append(day.isoformat())
        if step:
            day += timedelta(days=step)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out if len(out) <= MAX_PERIODS else seen


def trend_svg(points: Sequence[TrendPoint], title: str, bucket: str = "") -> str:
    """An SVG line chart of counts over periods, one line per outlet, with axis labels and a legend.

    Text in the chart is escaped; the markup holds no script and no external reference.
    """
    label = escape(title)
    if not points:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" class="chart" '
                f'viewBox="0 0 {WIDTH} 60" width="{WIDTH}" height="60"><text x="{WIDTH // 2}" y="35" '
                f'text-anchor="middle">אין נתונים</text></svg>')
    periods = _all_periods(sorted({p.period for p in points}), bucket)
    series = _series(points)
    peak = max(max(s.values()) for s in series.values()) or 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    # Time runs right to left in a right-to-left page? Charts keep the usual left-to-right time axis,
    # as Hebrew newspapers print them.
    first, last = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1])
    span = max((last - first).days, 1)

    def x(period: str) -> float:
        if len(periods) == 1:
            return MARGIN_LEFT + plot_w / 2
        return MARGIN_LEFT + plot_w * (date.fromisoformat(period) - first).days / span

    def y(count: int) -> float:
        return MARGIN_TOP + plot_h * (1 - count / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" class="chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" direction="ltr">',
        f"<title>{label}</title>",
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP + plot_h}" x2="{WIDTH - MARGIN_RIGHT}" '
        f'y2="{MARGIN_TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{MARGIN_TOP + plot_h}" stroke="#333"/>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    ends = [(periods[0], "start"), (periods[-1], "end")] if len(periods) > 1 else [(periods[0], "middle")]
    for period, anchor in ends:
        parts.append(f'<text x="{x(period):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="{anchor}" '
                     f'font-size="11">{escape(period)}</text>')
    for k, (outlet, counts) in enumerate(series.items()):
        colour = COLOURS[k % len(COLOURS)]
        coords = [(x(p), y(counts.get(p, 0))) for p in periods]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            parts.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for p, (cx, cy) in zip(periods, coords):
            if counts.get(p):
                parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}">'
                             f"<title>{escape(outlet)} {escape(p)}: {counts[p]}</title></circle>")
        lx = MARGIN_LEFT + (k % 3) * (plot_w / 3)
        ly = HEIGHT - 22 + (k // 3) * 14
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{lx + 14:.1f}" y="{ly + 1}" font-size="11">{escape(outlet)}</text>')
    parts.append("</svg>")
    return "".join(parts)
