"""Pictures drawn at build time as inline SVG: no chart library, nothing fetched.

Every piece of persona text placed in a picture goes through
:func:`markupsafe.escape`; the pictures are returned as :class:`Markup` so that
templates (autoescaped) embed them as they are. Colours come from CSS classes
(``pg-…`` in ``guide.css``) so that the pictures follow the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LEVELS = 5


@dataclass(frozen=True, slots=True)
class SpectrumEntry:
    """One persona on the formality spectrum."""

    name: str
    formality: int
    href: str | None  # relative link to its page, or None when it has no page in this language


def _x(level: float, left: float, width: float, rtl: bool) -> float:
    """Horizontal position of ``level`` (1..5) on an axis; mirrored for right-to-left pages."""
    fraction = (level - 1) / (LEVELS - 1)
    return left + (1 - fraction if rtl else fraction) * width


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _two_lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at word boundaries into at most two lines of about ``width`` characters."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
            if len(lines) == 2:
                break
        else:
            line = f"{line} {word}".strip()
    else:
        lines.append(line)
    if len(lines) == 2 and " ".join(lines) != " ".join(words):
        lines[1] = _truncate(lines[1] + " …", width)
    return [_truncate(one, width) for one in lines[:2]] or [""]


def formality_gauge(formality: int, tolerance: int, labels: Sequence[str], caption: str, rtl: bool) -> Markup:
    """Five steps, the target filled, the tolerated band outlined; ``labels`` name levels 1..5."""
    step, gap, top, margin = 60, 8, 8, 10
    width = 2 * margin + LEVELS * step + (LEVELS - 1) * gap
    parts = [
        f'<svg class="pg-gauge" viewBox="0 0 {width} 64" width="{width}" height="64" role="img" '
        f'aria-label="{escape(caption)}"><title>{escape(caption)}</title>'
    ]
    low, high = max(1, formality - tolerance), min(LEVELS, formality + tolerance)
    for level in range(1, LEVELS + 1):
        index = (LEVELS - level) if rtl else (level - 1)
        x = margin + index * (step + gap)
        css = "pg-gauge-on" if level <= formality else "pg-gauge-off"
        if level == formality:
            css += " pg-gauge-target"
        parts.append(f'<rect class="{css}" x="{x}" y="{top}" width="{step}" height="22" rx="4"/>')
        parts.append(
            f'<text class="pg-gauge-label" x="{x + step / 2}" y="{top + 44}" text-anchor="middle">'
            f"{escape(labels[level - 1])}</text>"
        )
    first = (LEVELS - high) if rtl else (low - 1)
    span = high - low + 1
    band_x = margin + first * (step + gap) - 3
    band_w = span * step + (span - 1) * gap + 6
    parts.append(
        f'<rect class="pg-gauge-band" x="{band_x}" y="{top - 4}" width="{band_w}" height="30" rx="6"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def formality_spectrum(
    entries: Sequence[SpectrumEntry], level_labels: Sequence[str], caption: str, rtl: bool
) -> Markup:
    """Every persona placed in the column of its formality, stacked, linked to its page.

    The picture is a labelled group (``role="group"``) rather than an image, since it
    holds a link to each persona's page (``nested-interactive`` otherwise).
    """
    width, left, right, axis_y, row = 760, 76, 76, 36, 40
    inner = width - left - right
    columns: dict[int, list[SpectrumEntry]] = {level: [] for level in range(1, LEVELS + 1)}
    for entry in entries:
        columns[min(LEVELS, max(1, entry.formality))].append(entry)
    tallest = max((len(c) for c in columns.values()), default=0)
    height = axis_y + 24 + tallest * row + 4
    parts = [
        # a group, not an image: it holds links, and an image's content is not interactive
        f'<svg class="pg-spectrum" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-label="{escape(caption)}"><title>{escape(caption)}</title>',
        f'<line class="pg-axis" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}"/>',
    ]
    for level in range(1, LEVELS + 1):
        x = _x(level, left, inner, rtl)
        parts.append(f'<circle class="pg-tick" cx="{x:.1f}" cy="{axis_y}" r="5"/>')
        parts.append(
            f'<text class="pg-tick-label" x="{x:.1f}" y="{axis_y - 14}" text-anchor="middle">'
            f"{level} · {escape(level_labels[level - 1])}</text>"
        )
        for i, entry in enumerate(columns[level]):
            parts.append(_spectrum_label(entry, x, axis_y + 34 + i * row))
    parts.append("</svg>")
    return Markup("".join(parts))


def _spectrum_label(entry: SpectrumEntry, x: float, y: float) -> str:
    lines = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 15}">{escape(line)}</tspan>'
        for i, line in enumerate(_two_lines(entry.name, 22))
    )
    text = (
        f'<text class="pg-spectrum-name" x="{x:.1f}" y="{y}" text-anchor="middle">'
        f"<title>{escape(entry.name)}</title>{lines}</text>"
    )
    if entry.href is None:
        return f'<g class="pg-spectrum-nolink">{text}</g>'
    return f'<a class="pg-spectrum-link" href="{escape(entry.href)}">{text}</a>'
