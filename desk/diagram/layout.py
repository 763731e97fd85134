"""Where everything goes: box sizes, x and y positions, ports, arrows and their labels."""

from itertools import pairwise

from desk.diagram.graph import Edge, Graph, Label
from desk.diagram.style import (
    BOX_HEADER,
    BOX_MIN_WIDTH,
    BOX_PADDING,
    GAP_STEP,
    INK,
    LABEL_PAD,
    LABEL_SIZE,
    LOOP,
    LOOP_HEIGHT,
    MARGIN,
    MUTED,
    NODE_SEP,
    SMALL_SIZE,
    START_SPACE,
    TITLE_SIZE,
    WAYPOINT_SEP,
    small_line,
    text_width,
)


class Layout(Graph):
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
        groups: dict[tuple, list[Edge]] = {}
        for edge in self.edges:
            groups.setdefault(edge.group, []).append(edge)
        self.labels = []
        for edges in groups.values():
            row = edges[0].transition
            lines = [(str(row.label), LABEL_SIZE, INK)]
            small = small_line(row, self.show_kinds)
            if small:
                lines.append((small, SMALL_SIZE, MUTED))
            width = max(text_width(text, size) for text, size, _c in lines) + 2 * LABEL_PAD
            height = sum(size + 3 for _t, size, _c in lines) + 2 * LABEL_PAD - 1
            self.labels.append(Label(edges, lines, width, height))

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
                        clash = any(overlap(box, other, 4) for other in placed)
                        if clash and not crowded_ok:
                            continue
                        covered = sum(1 for point in others if inside(point, box, 2))
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


def overlap(a, b, pad):
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def inside(point, box, pad):
    x, y = point
    return box[0] - pad <= x <= box[2] + pad and box[1] - pad <= y <= box[3] + pad
