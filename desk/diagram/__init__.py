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

from desk.diagram.svg import text_width, workflow_svg

__all__ = ["text_width", "workflow_svg"]
