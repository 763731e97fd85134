"""The case workflow's state diagram, drawn from the table in `workflow` as inline SVG.

Nothing here knows which states or arrows exist: a new row or state in the table shows up
by itself. The layout is a small layered drawing (Sugiyama style):

1. The states are the sources and targets of the rows. Rows whose target is None (or their
   own source) keep the case where it is: they are listed inside the state's box.
2. A depth-first walk from `draft` finds the steps back (answer_info, send_back...); with
   those turned around the graph has no cycle, and each state goes on the layer of the
   longest path that reaches it, so every arrow runs down (or, a step back, up) across
   layers.
3. An arrow spanning several layers gets an invisible waypoint on each layer in between,
   which takes room like a thin box: long arrows go around the boxes, not through them.
4. Each layer's order comes from barycentre sweeps (fewer crossings); the x positions from
   pulling every box towards its neighbours while keeping them apart (isotonic regression).
5. Arrows between adjacent layers are straight when aligned and a gentle S otherwise; an
   action's label sits on the arrow next to its target, and a gap between two layers grows
   until its labels no longer overlap.

Labels are the table's lazy strings, made text when drawn: the active language decides.
"""

import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cases import workflow
from cases.models import DECIDED_STATES, CaseState
from programs.models import Program

# Short names for the arrows; `workflow.ROLE_NAMES` has the full ones (used in <desc>).
ROLE_SHORT_NAMES = {
    workflow.APPLICANT: pgettext_lazy("workflow diagram role", "company"),
    workflow.OFFICER: pgettext_lazy("workflow diagram role", "official"),
    workflow.LEAD: pgettext_lazy("workflow diagram role", "lead"),
    workflow.ADMINISTRATOR: pgettext_lazy("workflow diagram role", "administrator"),
}
ROLE_ORDER = list(ROLE_SHORT_NAMES)

FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'Malgun Gothic', sans-serif"
# Bootstrap 5's colours.
INK = "#212529"
MUTED = "#6c757d"
ARROW = "#495057"
OPEN_FILL, OPEN_STROKE = "#e7f1ff", "#0d6efd"
END_FILL, END_STROKE = "#f8f9fa", "#495057"

TITLE_SIZE = 13
LABEL_SIZE = 12
SMALL_SIZE = 10
BOX_PADDING = 16
BOX_MIN_WIDTH = 110
BOX_HEADER = 38  # height of a box with only the state's name
LOOP_HEIGHT = 30  # each row that keeps the state, listed in the box
NODE_SEP = 44  # between two boxes of a layer
WAYPOINT_SEP = 22  # between a long arrow and its neighbour on a layer
GAP = 64  # the least room between two layers
GAP_STEP = 24  # how much a crowded gap grows at a time
MARGIN = 16
START_SPACE = 34  # above the first state, for the start marker
LABEL_PAD = 4  # inside a label's white halo
LOOP = "\u21bb"  # ↻


# ---------------------------------------------------------------------------------------
# Measuring text without a font: wide (CJK) characters count about twice a Latin letter.


def text_width(text: str, size: float, bold: bool = False) -> float:
    units = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            units += 1.05
        elif char in "iljtfrI.,:;'|!()[] ":
            units += 0.33
        elif char.isupper() or char in "mwMW@%—":
            units += 0.72
        else:
            units += 0.57
    return units * size * (1.12 if bold else 1.0)


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


# ---------------------------------------------------------------------------------------
# The graph.


@dataclass
class _Node:
    key: str
    layer: int = 0
    dummy: bool = False
    label: str = ""
    loops: list = field(default_factory=list)  # (label, roles) of rows keeping the state
    end: bool = False
    width: float = 0.0
    height: float = 0.0
    x: float = 0.0  # centre
    y: float = 0.0  # top


@dataclass
class _Edge:
    index: int  # the row's place in the table
    transition: workflow.Transition
    source: str
    target: str
    back: bool = False  # runs up the layers (a step back)
    chain: list = field(default_factory=list)  # node keys from the upper end to the lower
    points: list = field(default_factory=list)  # from source to target, set by _route

    @property
    def group(self):
        return (self.index, self.target)


@dataclass
class _Label:
    edges: list  # the arrows it names (one row's arrows into one state)
    lines: list  # (text, size, colour)
    width: float = 0.0
    height: float = 0.0
    x: float = 0.0  # left
    y: float = 0.0  # top


def _value(state) -> str:
    return str(state)  # Django's Choices give their value


def _state_label(value: str) -> str:
    try:
        return str(CaseState(value).label)
    except ValueError:  # a state the model does not know (yet): its value, readable
        return value.replace("_", " ").capitalize()


def _rank(state):
    """Sort key: the model's states in their order, then the others (sorted() is stable,
    so those keep the table's order)."""
    state = _value(state)
    return (0, CaseState.values.index(state)) if state in CaseState.values else (1, 0)


def _ordered_roles(roles) -> list[str]:
    return [r for r in ROLE_ORDER if r in roles] + sorted(set(roles) - set(ROLE_ORDER))


def _roles_text(roles) -> str:
    return ", ".join(
        str(ROLE_SHORT_NAMES.get(r, workflow.ROLE_NAMES.get(r, r))) for r in _ordered_roles(roles)
    )


def _kinds_text(kinds) -> str:
    names = []
    for kind in sorted(kinds):
        try:
            names.append(str(Program.Kind(kind).label))
        except ValueError:
            names.append(kind)
    return ", ".join(names)


def _small_line(transition, show_kinds: bool) -> str:
    text = _roles_text(transition.roles)
    if show_kinds and transition.kinds:
        text = _("%(roles)s · %(kinds)s only") % {
            "roles": text,
            "kinds": _kinds_text(transition.kinds),
        }
    return text


class _Diagram:
    def __init__(self, rows, show_kinds: bool):
        self.rows = rows
        self.show_kinds = show_kinds
        self.nodes: dict[str, _Node] = {}
        self.edges: list[_Edge] = []
        self.layers: list[list[str]] = []
        self.gaps: list[float] = []
        self.labels: list[_Label] = []
        self.start = None  # the key of the state where cases begin

    # -- graph ------------------------------------------------------------------------

    def build(self):
        seen: list[str] = []
        for row in self.rows:
            for state in [*sorted(map(_value, row.sources), key=_rank), row.target]:
                if state is not None and _value(state) not in seen:
                    seen.append(_value(state))
        states = sorted(seen, key=_rank)
        for state in states:
            self.nodes[state] = _Node(state, label=_state_label(state))
        for index, row in enumerate(self.rows):
            for source in sorted(map(_value, row.sources), key=_rank):
                target = source if row.target is None else _value(row.target)
                if target == source:
                    small = _small_line(row, self.show_kinds)
                    self.nodes[source].loops.append((str(row.label), small))
                else:
                    self.edges.append(_Edge(index, row, source, target))
        leaving = {e.source for e in self.edges}
        for node in self.nodes.values():
            node.end = node.key not in leaving or node.key in DECIDED_STATES
        arriving = {e.target for e in self.edges}
        if CaseState.DRAFT.value in self.nodes:
            self.start = CaseState.DRAFT.value
        elif states:
            self.start = next((s for s in states if s not in arriving), states[0])

    def find_steps_back(self):
        """Depth-first from the start: an arrow to a state still being walked closes a
        cycle; it is drawn upwards so that the rest flows down."""
        outgoing: dict[str, list[_Edge]] = {key: [] for key in self.nodes}
        for edge in self.edges:
            outgoing[edge.source].append(edge)
        state: dict[str, int] = {}  # 1: being walked, 2: done

        def walk(key):
            state[key] = 1
            for edge in outgoing[key]:
                if state.get(edge.target) == 1:
                    edge.back = True
                elif edge.target not in state:
                    walk(edge.target)
            state[key] = 2

        roots = [self.start] if self.start else []
        for key in [*roots, *self.nodes]:
            if key not in state:
                walk(key)

    def assign_layers(self):
        """Longest path: each state one layer below the lowest state leading to it."""
        down: dict[str, list[str]] = {key: [] for key in self.nodes}
        incoming = dict.fromkeys(self.nodes, 0)
        for edge in self.edges:
            upper, lower = (edge.target, edge.source) if edge.back else (edge.source, edge.target)
            down[upper].append(lower)
            incoming[lower] += 1
        ready = [key for key in self.nodes if incoming[key] == 0]
        while ready:
            key = ready.pop(0)
            for lower in down[key]:
                self.nodes[lower].layer = max(self.nodes[lower].layer, self.nodes[key].layer + 1)
                incoming[lower] -= 1
                if incoming[lower] == 0:
                    ready.append(lower)
        count = max((n.layer for n in self.nodes.values()), default=-1) + 1
        self.layers = [[] for _ in range(count)]
        for key, node in self.nodes.items():  # in the states' order: a first guess
            self.layers[node.layer].append(key)
        for edge in self.edges:
            upper, lower = (edge.target, edge.source) if edge.back else (edge.source, edge.target)
            chain = [upper]
            for layer in range(self.nodes[upper].layer + 1, self.nodes[lower].layer):
                key = f"~{len(self.nodes)}"
                self.nodes[key] = _Node(key, layer=layer, dummy=True)
                self.layers[layer].append(key)
                chain.append(key)
            chain.append(lower)
            edge.chain = chain
        self.gaps = [GAP] * max(count - 1, 0)

    def _segments(self):
        for edge in self.edges:
            yield from pairwise(edge.chain)

    # -- order and positions ----------------------------------------------------------

    def order_layers(self):
        ups: dict[str, list[str]] = {key: [] for key in self.nodes}
        downs: dict[str, list[str]] = {key: [] for key in self.nodes}
        for upper, lower in self._segments():
            downs[upper].append(lower)
            ups[lower].append(upper)

        def crossings(layers):
            total = 0
            for upper_layer, lower_layer in pairwise(layers):
                place = {key: i for i, key in enumerate(upper_layer)}
                below = {key: i for i, key in enumerate(lower_layer)}
                pairs = [(place[u], below[v]) for u, v in self._segments() if u in place]
                for i, (a, b) in enumerate(pairs):
                    total += sum(1 for c, d in pairs[i + 1 :] if (a - c) * (b - d) < 0)
            return total

        def sweep(layers, neighbours, indices):
            for i in indices:
                ref = layers[i - 1] if neighbours is ups else layers[i + 1]
                place = {key: j for j, key in enumerate(ref)}
                current = layers[i]

                def centre(key, current=current, place=place):
                    near = [place[k] for k in neighbours[key] if k in place]
                    return sum(near) / len(near) if near else current.index(key)

                layers[i] = sorted(current, key=centre)

        best = [list(layer) for layer in self.layers]
        best_count = crossings(best)
        layers = [list(layer) for layer in self.layers]
        for _round in range(8):
            sweep(layers, ups, range(1, len(layers)))
            sweep(layers, downs, range(len(layers) - 2, -1, -1))
            count = crossings(layers)
            if count < best_count:
                best, best_count = [list(layer) for layer in layers], count
        self.layers = best
        self._ups, self._downs = ups, downs

    def size_nodes(self):
        for node in self.nodes.values():
            if node.dummy:
                continue
            widths = [text_width(node.label, TITLE_SIZE, bold=True)]
            for label, small in node.loops:
                widths.append(text_width(f"{LOOP} {label}", LABEL_SIZE))
                widths.append(text_width(small, SMALL_SIZE) + text_width(f"{LOOP} ", LABEL_SIZE))
            node.width = max(BOX_MIN_WIDTH, max(widths) + 2 * BOX_PADDING)
            node.height = BOX_HEADER + (LOOP_HEIGHT * len(node.loops) + 6 if node.loops else 0)

    def place_x(self):
        for layer in self.layers:  # packed from the left to begin with
            x = 0.0
            for key in layer:
                node = self.nodes[key]
                node.x = x + node.width / 2
                x += node.width + NODE_SEP
        passes = [(self._ups, range(1, len(self.layers)))]
        passes.append((self._downs, range(len(self.layers) - 2, -1, -1)))
        for _round in range(10):
            for neighbours, indices in passes:
                for i in indices:
                    self._pull(self.layers[i], neighbours)
        both = {key: self._ups[key] + self._downs[key] for key in self.nodes}
        for layer in self.layers:
            self._pull(layer, both)
        left = min((n.x - n.width / 2 for n in self.nodes.values()), default=0)
        for node in self.nodes.values():
            node.x -= left

    def _pull(self, layer, neighbours):
        """Move the layer's nodes as near as they may to their neighbours' mean: isotonic
        regression of the wanted positions minus the least offsets (pool adjacent
        violators), so the order stays and nothing overlaps."""
        nodes = [self.nodes[key] for key in layer]
        offsets = [0.0]
        for a, b in pairwise(nodes):
            sep = NODE_SEP if not (a.dummy or b.dummy) else WAYPOINT_SEP
            offsets.append(offsets[-1] + (a.width + b.width) / 2 + sep)
        wanted = []
        for node in nodes:
            near = [self.nodes[k].x for k in neighbours[node.key]]
            wanted.append(sum(near) / len(near) if near else node.x)
        blocks: list[list[float]] = []  # [sum, weight, count]
        for want, offset, node in zip(wanted, offsets, nodes, strict=True):
            weight = 1.0 if node.dummy else 2.0
            blocks.append([(want - offset) * weight, weight, 1])
            while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
                total, weight, count = blocks.pop()
                blocks[-1][0] += total
                blocks[-1][1] += weight
                blocks[-1][2] += count
        i = 0
        for total, weight, count in blocks:
            for _k in range(int(count)):
                nodes[i].x = total / weight + offsets[i]
                i += 1

    def place_y(self):
        y = START_SPACE
        self.bands = []
        for i, layer in enumerate(self.layers):
            height = max((self.nodes[k].height for k in layer), default=0)
            for key in layer:
                self.nodes[key].y = y
            self.bands.append((y, y + height))
            y += height + (self.gaps[i] if i < len(self.gaps) else 0)

    # -- arrows -----------------------------------------------------------------------

    def ports(self):
        """Where each arrow leaves and enters a box: spread along the side, in the order of
        what lies at the other end; one row's arrows into a state share their entry."""
        self.port = {}  # (edge id, "source" or "target") -> x
        sides: dict[tuple, dict] = {}
        for edge in self.edges:
            # The next point along the arrow from each end.
            near_source = edge.chain[1] if not edge.back else edge.chain[-2]
            near_target = edge.chain[-2] if not edge.back else edge.chain[1]
            out_side = (edge.source, "top" if edge.back else "bottom")
            in_side = (edge.target, "bottom" if edge.back else "top")
            sides.setdefault(out_side, {})[("out", id(edge))] = [
                self.nodes[near_source].x,
                edge.index,
                [(id(edge), "source")],
            ]
            entry = sides.setdefault(in_side, {}).setdefault(
                ("in", edge.group), [0.0, edge.index, []]
            )
            entry[2].append((id(edge), "target"))
            entry[0] += self.nodes[near_target].x  # ordered by the mean of the other ends
        if self.start:
            start_side = sides.setdefault((self.start, "top"), {})
            start_side[("start",)] = [self.nodes[self.start].x, -1, [("start", "target")]]
        for (key, _side), items in sides.items():
            node = self.nodes[key]
            ordered = sorted(
                items.values(), key=lambda item: (item[0] / max(len(item[2]), 1), item[1])
            )
            usable = node.width - 2 * BOX_PADDING
            for k, (_x, _index, ends) in enumerate(ordered):
                x = (
                    node.x
                    if len(ordered) == 1
                    else (node.x - usable / 2 + usable * (k + 0.5) / len(ordered))
                )
                for end in ends:
                    self.port[end] = x

    def route(self):
        for edge in self.edges:
            source, target = self.nodes[edge.source], self.nodes[edge.target]
            waypoints = edge.chain[1:-1]
            if edge.back:
                start = (self.port[(id(edge), "source")], source.y)
                end = (self.port[(id(edge), "target")], target.y + target.height)
                waypoints = list(reversed(waypoints))
            else:
                start = (self.port[(id(edge), "source")], source.y + source.height)
                end = (self.port[(id(edge), "target")], target.y)
            points = [start]
            for key in waypoints:
                top, bottom = self.bands[self.nodes[key].layer]
                x = self.nodes[key].x
                points += [(x, bottom), (x, top)] if edge.back else [(x, top), (x, bottom)]
            points.append(end)
            edge.points = points

    @staticmethod
    def _curve(p, q, t):
        """The point at t on the S from p to q (vertical at both ends)."""
        (x1, y1), (x2, y2) = p, q
        ym = (y1 + y2) / 2
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        return (a * x1 + b * x1 + c * x2 + d * x2, a * y1 + b * ym + c * ym + d * y2)

    def _samples(self, edge):
        points = []
        for i, (p, q) in enumerate(pairwise(edge.points)):
            if i % 2 == 0:  # from a box or waypoint across a gap
                points += [self._curve(p, q, k / 16) for k in range(17)]
            else:  # down (or up) a waypoint's layer
                steps = max(int(abs(q[1] - p[1]) / 8), 1)
                points += [(p[0], p[1] + (q[1] - p[1]) * k / steps) for k in range(steps + 1)]
        return points

    # -- labels -----------------------------------------------------------------------

    def make_labels(self):
        groups: dict[tuple, list[_Edge]] = {}
        for edge in self.edges:
            groups.setdefault(edge.group, []).append(edge)
        self.labels = []
        for edges in groups.values():
            row = edges[0].transition
            lines = [(str(row.label), LABEL_SIZE, INK)]
            small = _small_line(row, self.show_kinds)
            if small:
                lines.append((small, SMALL_SIZE, MUTED))
            width = max(text_width(text, size) for text, size, _c in lines) + 2 * LABEL_PAD
            height = sum(size + 3 for _t, size, _c in lines) + 2 * LABEL_PAD - 1
            self.labels.append(_Label(edges, lines, width, height))

    def place_labels(self, crowded_ok: bool = False) -> int | None:
        """Put each label on one of its arrows, in the gap next to the state it leads to,
        where it overlaps no other label and covers as little of other arrows as it can.
        Returns the gap that has no room left, if any (unless overlaps are accepted)."""
        samples = {id(e): self._samples(e) for e in self.edges}
        placed: list[tuple] = []
        for label in self.labels:
            own = {id(e) for e in label.edges}
            others = [p for e in self.edges if id(e) not in own for p in samples[id(e)]]
            best = None
            edges = sorted(label.edges, key=lambda e: abs(e.points[-1][0] - e.points[-2][0]))
            fractions = (0.3, 0.45, 0.2, 0.6) if len(edges) > 1 else (0.5, 0.35, 0.65, 0.25)
            target = self.nodes[edges[0].target]
            rank = 0
            for edge in edges:
                gap = target.layer if edge.back else target.layer - 1
                low, high = self.bands[gap][1] + 3, self.bands[gap + 1][0] - 3
                p, q = edge.points[-2], edge.points[-1]
                for fraction in fractions:
                    x, y = self._curve(p, q, 1 - fraction)
                    for side in ("right", "left", "middle"):
                        rank += 1
                        left = {"right": x + 5, "left": x - 5 - label.width}.get(
                            side, x - label.width / 2
                        )
                        top = y - label.height / 2
                        top = min(max(top, low), high - label.height)
                        if top < low:
                            continue
                        box = (left, top, left + label.width, top + label.height)
                        clash = any(_overlap(box, other, 4) for other in placed)
                        if clash and not crowded_ok:
                            continue
                        covered = sum(1 for point in others if _inside(point, box, 2))
                        score = covered * 3 + rank * 0.05 + (1 if side == "middle" else 0)
                        score += 1000 if clash else 0
                        if best is None or score < best[0]:
                            best = (score, box)
            if best is None:
                edge = edges[0]
                return target.layer if edge.back else target.layer - 1
            label.x, label.y = best[1][0], best[1][1]
            placed.append(best[1])
        return None

    # -- all together -----------------------------------------------------------------

    def lay_out(self):
        self.build()
        self.find_steps_back()
        self.assign_layers()
        self.order_layers()
        self.size_nodes()
        self.place_x()
        self.make_labels()
        attempts = 60
        for attempt in range(attempts):
            self.place_y()
            self.ports()
            self.route()
            crowded = self.place_labels(crowded_ok=attempt == attempts - 1)
            if crowded is None:
                break
            self.gaps[crowded] += GAP_STEP

    def bounds(self):
        xs, ys = [0.0], [0.0]
        for node in self.nodes.values():
            if not node.dummy:
                xs += [node.x - node.width / 2, node.x + node.width / 2]
                ys += [node.y, node.y + node.height]
        for label in self.labels:
            xs += [label.x, label.x + label.width]
            ys += [label.y, label.y + label.height]
        for edge in self.edges:
            for x, y in self._samples(edge):
                xs.append(x)
                ys.append(y)
        return min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN


def _overlap(a, b, pad):
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _inside(point, box, pad):
    x, y = point
    return box[0] - pad <= x <= box[2] + pad and box[1] - pad <= y <= box[3] + pad


# ---------------------------------------------------------------------------------------
# Drawing.


def _path(points) -> str:
    (x, y), rest = points[0], points[1:]
    d = [f"M{_fmt(x)},{_fmt(y)}"]
    previous = points[0]
    for i, (x, y) in enumerate(rest):
        if i % 2 == 0 and abs(x - previous[0]) > 0.5:
            ym = (previous[1] + y) / 2
            d.append(f"C{_fmt(previous[0])},{_fmt(ym)} {_fmt(x)},{_fmt(ym)} {_fmt(x)},{_fmt(y)}")
        else:
            d.append(f"L{_fmt(x)},{_fmt(y)}")
        previous = (x, y)
    return " ".join(d)


def _description(diagram: _Diagram) -> str:
    def names(keys):
        return ", ".join(diagram.nodes[k].label for k in keys)

    sentences = []
    for row in diagram.rows:
        roles = [str(workflow.ROLE_NAMES.get(r, r)) for r in _ordered_roles(row.roles)]
        values = {
            "action": str(row.label),
            "roles": _(" or ").join(roles),
            "sources": names(sorted(map(_value, row.sources), key=_rank)),
        }
        if row.target is None:
            sentences.append(
                _("“%(action)s” (%(roles)s): in %(sources)s, the case stays.") % values
            )
        else:
            values["target"] = diagram.nodes[_value(row.target)].label
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
            title = _("The case workflow: %(kind)s") % {"kind": _kinds_text([kind])}
    diagram = _Diagram(rows, show_kinds=kind is None)
    diagram.lay_out()
    left, top, right, bottom = diagram.bounds()
    width, height = right - left, bottom - top
    ident = escape(svg_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="{_fmt(left)} {_fmt(top)} {_fmt(width)} {_fmt(height)}" '
        f'width="100%" style="max-width: {_fmt(width)}px" font-size="{LABEL_SIZE}" '
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
            f'<circle class="start" cx="{_fmt(x)}" cy="{_fmt(node.y - START_SPACE + 8)}" '
            f'r="6" fill="{ARROW}"></circle>'
            f'<path d="M{_fmt(x)},{_fmt(node.y - START_SPACE + 14)} L{_fmt(x)},{_fmt(node.y)}" '
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


def _box(node: _Node) -> str:
    left, top = node.x - node.width / 2, node.y
    fill, stroke = (END_FILL, END_STROKE) if node.end else (OPEN_FILL, OPEN_STROKE)
    kind = "end" if node.end else "open"
    parts = [
        f'<g class="state state-{kind}" data-state="{escape(node.key)}">',
        f'<rect x="{_fmt(left)}" y="{_fmt(top)}" width="{_fmt(node.width)}" '
        f'height="{_fmt(node.height)}" rx="10" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{2 if node.end else 1.4}"></rect>',
    ]
    if node.end:  # a double border: the shape says it too, not only the colour
        parts.append(
            f'<rect x="{_fmt(left + 3)}" y="{_fmt(top + 3)}" width="{_fmt(node.width - 6)}" '
            f'height="{_fmt(node.height - 6)}" rx="7" fill="none" stroke="{stroke}" '
            f'stroke-width="0.8"></rect>'
        )
    parts.append(
        f'<text x="{_fmt(node.x)}" y="{_fmt(top + 24)}" text-anchor="middle" '
        f'font-size="{TITLE_SIZE}" font-weight="bold" fill="{INK}">{escape(node.label)}</text>'
    )
    if node.loops:
        y = top + BOX_HEADER
        parts.append(
            f'<line x1="{_fmt(left + 8)}" x2="{_fmt(left + node.width - 8)}" y1="{_fmt(y)}" '
            f'y2="{_fmt(y)}" stroke="{stroke}" stroke-width="0.6"></line>'
        )
        indent = left + BOX_PADDING + text_width(f"{LOOP} ", LABEL_SIZE)
        for label, small in node.loops:
            parts.append(
                f'<text class="stays" x="{_fmt(left + BOX_PADDING)}" y="{_fmt(y + 15)}" '
                f'fill="{INK}">{LOOP} {escape(label)}</text>'
                f'<text x="{_fmt(indent)}" y="{_fmt(y + 27)}" font-size="{SMALL_SIZE}" '
                f'fill="{MUTED}">{escape(small)}</text>'
            )
            y += LOOP_HEIGHT
    parts.append("</g>")
    return "".join(parts)


def _label(label: _Label) -> str:
    action = label.edges[0].transition.action
    parts = [
        f'<g class="transition-label" data-action="{escape(action)}">',
        f'<rect x="{_fmt(label.x)}" y="{_fmt(label.y)}" width="{_fmt(label.width)}" '
        f'height="{_fmt(label.height)}" rx="3" fill="#ffffff" fill-opacity="0.88"></rect>',
    ]
    y = label.y + LABEL_PAD
    for text, size, colour in label.lines:
        y += size
        parts.append(
            f'<text x="{_fmt(label.x + LABEL_PAD)}" y="{_fmt(y)}" font-size="{size}" '
            f'fill="{colour}">{escape(text)}</text>'
        )
        y += 3
    parts.append("</g>")
    return "".join(parts)
