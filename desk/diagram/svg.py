"""The diagram drawn as inline SVG."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases import workflow
from desk.diagram.graph import Label, Node
from desk.diagram.layout import Layout
from desk.diagram.style import (
    ARROW,
    BOX_HEADER,
    BOX_PADDING,
    END_FILL,
    END_STROKE,
    FONT,
    INK,
    LABEL_PAD,
    LABEL_SIZE,
    LOOP,
    LOOP_HEIGHT,
    MUTED,
    OPEN_FILL,
    OPEN_STROKE,
    SMALL_SIZE,
    START_SPACE,
    TITLE_SIZE,
    fmt,
    kinds_text,
    ordered_roles,
    rank,
    text_width,
    value,
)


def _path(points) -> str:
    (x, y), rest = points[0], points[1:]
    d = [f"M{fmt(x)},{fmt(y)}"]
    previous = points[0]
    for i, (x, y) in enumerate(rest):
        if i % 2 == 0 and abs(x - previous[0]) > 0.5:
            ym = (previous[1] + y) / 2
            d.append(f"C{fmt(previous[0])},{fmt(ym)} {fmt(x)},{fmt(ym)} {fmt(x)},{fmt(y)}")
        else:
            d.append(f"L{fmt(x)},{fmt(y)}")
        previous = (x, y)
    return " ".join(d)


def _description(diagram: Layout) -> str:
    def names(keys):
        return ", ".join(diagram.nodes[k].label for k in keys)

    sentences = []
    for row in diagram.rows:
        roles = [str(workflow.ROLE_NAMES.get(r, r)) for r in ordered_roles(row.roles)]
        values = {
            "action": str(row.label),
            "roles": _(" or ").join(roles),
            "sources": names(sorted(map(value, row.sources), key=rank)),
        }
        if row.target is None:
            sentences.append(
                _("“%(action)s” (%(roles)s): in %(sources)s, the case stays.") % values
            )
        else:
            values["target"] = diagram.nodes[value(row.target)].label
            sentences.append(
                _("“%(action)s” (%(roles)s): from %(sources)s to %(target)s.") % values
            )
    ends = [n.key for n in diagram.nodes.values() if not n.dummy and n.end]
    if ends:
        sentences.append(_("The case ends in: %(states)s.") % {"states": names(ends)})
    return " ".join(sentences)


def workflow_svg(
    transitions=None,
    kind: str | None = None,
    *,
    title: str | None = None,
    svg_id: str = "workflow-diagram",
) -> SafeString:
    """The workflow's state diagram as an SVG document (safe to put in a page as is).

    `transitions` defaults to the whole table, or to the rows of a program `kind`; given
    both, the rows are narrowed to that kind.
    """
    if transitions is None:
        transitions = (
            list(workflow.transitions_for(kind).values()) if kind else workflow.TRANSITIONS
        )
    elif kind:
        transitions = [t for t in transitions if t.kinds is None or kind in t.kinds]
    rows = list(transitions)
    if title is None:
        title = _("The case workflow")
        if kind:
            title = _("The case workflow: %(kind)s") % {"kind": kinds_text([kind])}
    diagram = Layout(rows, show_kinds=kind is None)
    diagram.lay_out()
    left, top, right, bottom = diagram.bounds()
    width, height = right - left, bottom - top
    ident = escape(svg_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="{fmt(left)} {fmt(top)} {fmt(width)} {fmt(height)}" '
        # Its own size, shrunk to a narrow screen by the site's CSS (svg.workflow-diagram):
        # a style attribute would break the Content-Security-Policy.
        f'width="{fmt(width)}" height="{fmt(height)}" font-size="{LABEL_SIZE}" '
        f'font-family="{escape(FONT)}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(_description(diagram))}</desc>',
        f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0,1 L10,5 L0,9 z" fill="{ARROW}"></path></marker></defs>',
        '<g class="transitions" fill="none">',
    ]
    for edge in diagram.edges:
        parts.append(
            f'<path class="transition{" step-back" if edge.back else ""}" '
            f'data-action="{escape(edge.transition.action)}" '
            f'data-source="{escape(edge.source)}" data-target="{escape(edge.target)}" '
            f'd="{_path(edge.points)}" stroke="{ARROW}" stroke-width="1.4" '
            f'marker-end="url(#{ident}-arrow)"></path>'
        )
    if diagram.start:
        node = diagram.nodes[diagram.start]
        x = diagram.port[("start", "target")]
        parts.append(
            f'<circle class="start" cx="{fmt(x)}" cy="{fmt(node.y - START_SPACE + 8)}" '
            f'r="6" fill="{ARROW}"></circle>'
            f'<path d="M{fmt(x)},{fmt(node.y - START_SPACE + 14)} L{fmt(x)},{fmt(node.y)}" '
            f'stroke="{ARROW}" stroke-width="1.4" marker-end="url(#{ident}-arrow)"></path>'
        )
    parts.append("</g>")
    parts.append('<g class="states">')
    for node in diagram.nodes.values():
        if node.dummy:
            continue
        parts.append(_box(node))
    parts.append("</g>")
    parts.append('<g class="transition-labels">')
    for label in diagram.labels:
        parts.append(_label(label))
    parts.append("</g></svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))


def _box(node: Node) -> str:
    left, top = node.x - node.width / 2, node.y
    fill, stroke = (END_FILL, END_STROKE) if node.end else (OPEN_FILL, OPEN_STROKE)
    kind = "end" if node.end else "open"
    parts = [
        f'<g class="state state-{kind}" data-state="{escape(node.key)}">',
        f'<rect x="{fmt(left)}" y="{fmt(top)}" width="{fmt(node.width)}" '
        f'height="{fmt(node.height)}" rx="10" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{2 if node.end else 1.4}"></rect>',
    ]
    if node.end:  # a double border: the shape says it too, not only the colour
        parts.append(
            f'<rect x="{fmt(left + 3)}" y="{fmt(top + 3)}" width="{fmt(node.width - 6)}" '
            f'height="{fmt(node.height - 6)}" rx="7" fill="none" stroke="{stroke}" '
            f'stroke-width="0.8"></rect>'
        )
    parts.append(
        f'<text x="{fmt(node.x)}" y="{fmt(top + 24)}" text-anchor="middle" '
        f'font-size="{TITLE_SIZE}" font-weight="bold" fill="{INK}">{escape(node.label)}</text>'
    )
    if node.loops:
        y = top + BOX_HEADER
        parts.append(
            f'<line x1="{fmt(left + 8)}" x2="{fmt(left + node.width - 8)}" y1="{fmt(y)}" '
            f'y2="{fmt(y)}" stroke="{stroke}" stroke-width="0.6"></line>'
        )
        indent = left + BOX_PADDING + text_width(f"{LOOP} ", LABEL_SIZE)
        for label, small in node.loops:
            parts.append(
                f'<text class="stays" x="{fmt(left + BOX_PADDING)}" y="{fmt(y + 15)}" '
                f'fill="{INK}">{LOOP} {escape(label)}</text>'
                f'<text x="{fmt(indent)}" y="{fmt(y + 27)}" font-size="{SMALL_SIZE}" '
                f'fill="{MUTED}">{escape(small)}</text>'
            )
            y += LOOP_HEIGHT
    parts.append("</g>")
    return "".join(parts)


def _label(label: Label) -> str:
    action = label.edges[0].transition.action
    parts = [
        f'<g class="transition-label" data-action="{escape(action)}">',
        f'<rect x="{fmt(label.x)}" y="{fmt(label.y)}" width="{fmt(label.width)}" '
        f'height="{fmt(label.height)}" rx="3" fill="#ffffff" fill-opacity="0.88"></rect>',
    ]
    y = label.y + LABEL_PAD
    for text, size, colour in label.lines:
        y += size
        parts.append(
            f'<text x="{fmt(label.x + LABEL_PAD)}" y="{fmt(y)}" font-size="{size}" '
            f'fill="{colour}">{escape(text)}</text>'
        )
        y += 3
    parts.append("</g>")
    return "".join(parts)
