"""Inline SVG charts for the HTML report (no script, no external file)."""

from __future__ import annotations

from html import escape

_W, _H, _PAD = 320, 170, 28


def histogram(title: str, values: list[float], bins: int = 10) -> str:
    """Distribution of a score in [0, 1] as ten bars, with the mean marked."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    top = max(counts, default=0) or 1
    width = (_W - 2 * _PAD) / bins
    bars = []
    for i, count in enumerate(counts):
        h = (_H - 2 * _PAD) * count / top
        x, y = _PAD + i * width, _H - _PAD - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width - 2:.1f}" height="{h:.1f}" fill="#4a6fb3">'
            f"<title>{i / bins:.1f}–{(i + 1) / bins:.1f} : {count}</title></rect>"
        )
    mean = sum(values) / len(values) if values else 0.0
    mx = _PAD + mean * (_W - 2 * _PAD)
    # The label goes left of the line when the mean is in the right half, so it is never cut off.
    side, anchor = (-4, "end") if mean > 0.5 else (4, "start")
    axis = (
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" stroke="#333"/>'
        f'<text x="{_PAD}" y="{_H - 10}" font-size="11">0</text>'
        f'<text x="{_W - _PAD - 6}" y="{_H - 10}" font-size="11">1</text>'
        f'<line x1="{mx:.1f}" y1="{_PAD}" x2="{mx:.1f}" y2="{_H - _PAD}" stroke="#c0392b" stroke-dasharray="4 3"/>'
        f'<text x="{mx + side:.1f}" y="{_PAD + 10}" font-size="11" fill="#c0392b" text-anchor="{anchor}">'
        f"moyenne {mean:.2f}</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" role="img" '
        f'aria-label="{escape(title)}"><text x="{_PAD}" y="16" font-size="13" font-weight="600">'
        f"{escape(title)} (n = {len(values)})</text>{''.join(bars)}{axis}</svg>"
    )
