"""Charts drawn on the server with pygal, as SVG images in the page: no JavaScript.

pygal draws labelled axes, a legend and lines from plain lists, and its SVG carries its
own styles; shown through an <img> (a data: URI), those styles stay inside the image, so
the site's Content-Security-Policy (no inline style on the page) holds. Numbers are
formatted in the page's language, with thousands separators and their unit; every chart
has a table beside it with the same numbers.
"""

import base64
from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    # Bootstrap's primary and danger, then a grey: told apart by the legend and the table.
    colors=("#0d6efd", "#dc3545", "#6c757d"),
    font_family="sans-serif",
)


def grouped(value, decimals: int = 0) -> str:
    return number_format(Decimal(value), decimals, use_l10n=True, force_grouping=True)


def usd_millions(value) -> str:
    if value is None:
        return "—"
    return _("US$ %(amount)s million") % {"amount": grouped(value)}


def line_chart(*, title: str, x_labels: list[str], lines, formatter=usd_millions) -> str:
    """lines: (name, values) pairs, a value None where a month is missing. A data: URI."""
    chart = pygal.Line(
        style=STYLE,
        js=[],  # pygal's tooltips load a script from the network: none here
        width=800,
        height=360,
        title=title,
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(x_labels) // 8),
        value_formatter=formatter,
        legend_at_bottom=True,
        allow_interruptions=True,
    )
    chart.x_labels = x_labels
    for name, values in lines:
        chart.add(name, [None if v is None else float(v) for v in values])
    svg = chart.render()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def count_formatter(value) -> str:
    return grouped(value)


def bar_chart(*, title: str, x_labels: list[str], bars, formatter=count_formatter) -> str:
    """bars: (name, values) pairs, one value per label. A data: URI."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        width=800,
        height=max(240, 60 + 36 * len(x_labels)),
        title=title,
        value_formatter=formatter,
        legend_at_bottom=True,
        print_values=True,
        truncate_label=40,
    )
    chart.x_labels = x_labels
    for name, values in bars:
        chart.add(name, values)
    svg = chart.render()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
