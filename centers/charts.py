"""Charts drawn on the server as inline SVG: no JavaScript, no image files, printable.

Colour is never the only signal: each bar carries its numbers as text, and the pages show
the same numbers in a table.
"""

from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _


class LoadRow(NamedTuple):
    label: str
    value: int
    capacity: int


# Bootstrap 5's primary, warning and danger colours.
COLOURS = {"normal": "#0d6efd", "warning": "#ffc107", "danger": "#dc3545"}

LABEL_WIDTH = 200
BAR_WIDTH = 360
TEXT_WIDTH = 160
ROW_HEIGHT = 28
LABEL_CHARS = 26
BAR_HEIGHT = 18


def load_level(value: int, capacity: int) -> str:
    """normal under 80 % of capacity, warning from 80 % to 100 %, danger above."""
    if value > capacity:
        return "danger"
    # Integer arithmetic, so that exactly 80 % is a warning whatever the rounding.
    if value * 100 >= capacity * 80 and value > 0:
        return "warning"
    return "normal"


def load_bar_chart(rows, *, title: str | None = None, chart_id: str = "load-chart") -> SafeString:
    """A horizontal bar per row (label, value, capacity): the bar's length is the load.

    The scale runs to 100 % of capacity, or further when someone carries more; a dashed
    line marks 100 %.
    """
    rows = [LoadRow(*row) for row in rows]
    title = title or _("Open cases against capacity")
    percents = [100 * r.value / r.capacity if r.capacity else (100 if r.value else 0) for r in rows]
    scale = max([100, *percents])
    width = LABEL_WIDTH + BAR_WIDTH + TEXT_WIDTH
    height = max(len(rows), 1) * ROW_HEIGHT + 10
    full = LABEL_WIDTH + BAR_WIDTH * 100 / scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="load-chart" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {width} {height}" '
        # Shrunk to a narrow screen by the site's CSS (svg.load-chart), not a style attribute.
        f'width="{width}" height="{height}" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for index, (row, percent) in enumerate(zip(rows, percents, strict=True)):
        level = load_level(row.value, row.capacity)
        # Long names would run off the left edge; the table below has them in full.
        label = Truncator(row.label).chars(LABEL_CHARS)
        y = 5 + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 5
        numbers = _("%(value)s of %(capacity)s (%(percent)s %%)") % {
            "value": row.value,
            "capacity": row.capacity,
            "percent": round(percent),
        }
        parts.append(
            f'<g class="bar load-{level}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH * percent / scale:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{COLOURS[level]}"></rect>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{text_y}">{escape(numbers)}</text>'
            "</g>"
        )
    parts.append(
        f'<line x1="{full:.1f}" x2="{full:.1f}" y1="0" y2="{height}" stroke="#6c757d" '
        'stroke-dasharray="4 3"></line>'
    )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))
