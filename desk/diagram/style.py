"""How the diagram looks and reads: sizes, colours, text widths and the words on it."""

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cases import workflow
from cases.models import CaseState
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


def fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def value(state) -> str:
    return str(state)  # Django's Choices give their value


def state_label(value: str) -> str:
    try:
        return str(CaseState(value).label)
    except ValueError:  # a state the model does not know (yet): its value, readable
        return value.replace("_", " ").capitalize()


def rank(state):
    """Sort key: the model's states in their order, then the others (sorted() is stable,
    so those keep the table's order)."""
    state = value(state)
    return (0, CaseState.values.index(state)) if state in CaseState.values else (1, 0)


def ordered_roles(roles) -> list[str]:
    return [r for r in ROLE_ORDER if r in roles] + sorted(set(roles) - set(ROLE_ORDER))


def roles_text(roles) -> str:
    return ", ".join(
        str(ROLE_SHORT_NAMES.get(r, workflow.ROLE_NAMES.get(r, r))) for r in ordered_roles(roles)
    )


def kinds_text(kinds) -> str:
    names = []
    for kind in sorted(kinds):
        try:
            names.append(str(Program.Kind(kind).label))
        except ValueError:
            names.append(kind)
    return ", ".join(names)


def small_line(transition, show_kinds: bool) -> str:
    text = roles_text(transition.roles)
    if show_kinds and transition.kinds:
        text = _("%(roles)s · %(kinds)s only") % {
            "roles": text,
            "kinds": kinds_text(transition.kinds),
        }
    return text
