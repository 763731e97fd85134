"""The diagram's graph: states and arrows from the table, steps back, layers and their order."""

from dataclasses import dataclass, field
from itertools import pairwise

from cases import workflow
from cases.models import DECIDED_STATES, CaseState
from desk.diagram.style import GAP, rank, small_line, state_label, value


@dataclass
class Node:
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
class Edge:
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
class Label:
    edges: list  # the arrows it names (one row's arrows into one state)
    lines: list  # (text, size, colour)
    width: float = 0.0
    height: float = 0.0
    x: float = 0.0  # left
    y: float = 0.0  # top


class Graph:
    def __init__(self, rows, show_kinds: bool):
        self.rows = rows
        self.show_kinds = show_kinds
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.layers: list[list[str]] = []
        self.gaps: list[float] = []
        self.labels: list[Label] = []
        self.start = None  # the key of the state where cases begin

    # -- graph ------------------------------------------------------------------------

    def build(self):
        seen: list[str] = []
        for row in self.rows:
            for state in [*sorted(map(value, row.sources), key=rank), row.target]:
                if state is not None and value(state) not in seen:
                    seen.append(value(state))
        states = sorted(seen, key=rank)
        for state in states:
            self.nodes[state] = Node(state, label=state_label(state))
        for index, row in enumerate(self.rows):
            for source in sorted(map(value, row.sources), key=rank):
                target = source if row.target is None else value(row.target)
                if target == source:
                    small = small_line(row, self.show_kinds)
                    self.nodes[source].loops.append((str(row.label), small))
                else:
                    self.edges.append(Edge(index, row, source, target))
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
        outgoing: dict[str, list[Edge]] = {key: [] for key in self.nodes}
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
                self.nodes[key] = Node(key, layer=layer, dummy=True)
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
