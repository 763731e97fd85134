"""The workflow diagram is drawn from the table: every row and state shows, new ones too."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import translation

from cases import workflow
from cases.models import CaseState
from desk.diagram import text_width, workflow_svg

SVG = "{http://www.w3.org/2000/svg}"
HANGUL = re.compile("[\uac00-\ud7a3]")

# No query here, but tests/conftest.py's autouse role fixture queries whatever database is
# set up: without the test database it would reach the developer's own.
pytestmark = pytest.mark.django_db


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> str:
    return "\n".join(" ".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def arrows(root: ET.Element) -> set[tuple[str, str, str]]:
    return {
        (path.get("data-action"), path.get("data-source"), path.get("data-target"))
        for path in root.iter(f"{SVG}path")
        if path.get("data-action")
    }


def boxes(root: ET.Element) -> dict[str, tuple[float, ...]]:
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("data-state"):
            rect = group.find(f"{SVG}rect")
            x, y = float(rect.get("x")), float(rect.get("y"))
            found[group.get("data-state")] = (
                x, y, x + float(rect.get("width")), y + float(rect.get("height"))
            )  # fmt: skip
    return found


def label_boxes(root: ET.Element) -> list[tuple[float, ...]]:
    found = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "transition-label":
            rect = group.find(f"{SVG}rect")
            x, y = float(rect.get("x")), float(rect.get("y"))
            found.append((x, y, x + float(rect.get("width")), y + float(rect.get("height"))))
    return found


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_diagram_is_accessible_xml():
    with translation.override("en"):
        root = parse(workflow_svg())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "The case workflow"
    description = root.find(f"{SVG}desc").text
    assert "Submit the application" in description
    assert "a member of the applying company" in description


def test_every_state_and_action_of_the_table_shows():
    with translation.override("en"):
        root = parse(workflow_svg())
        words = texts(root)
        states = boxes(root)
        drawn = arrows(root)
        for row in workflow.TRANSITIONS:
            assert str(row.label) in words, row.action
            for source in row.sources:
                assert str(source) in states
                assert str(CaseState(source).label) in words
                if row.target is not None:
                    assert (row.action, str(source), str(row.target)) in drawn
            if row.target is not None:
                assert str(row.target) in states


def test_rows_that_keep_the_state_are_listed_in_its_box():
    with translation.override("en"):
        root = parse(workflow_svg())
    reassign = next(t for t in workflow.TRANSITIONS if t.action == "reassign")
    assert reassign.target is None
    for group in root.iter(f"{SVG}g"):
        state = group.get("data-state")
        if state:
            inside = " ".join(group.itertext())
            assert (str(reassign.label) in inside) == (state in reassign.sources), state
    assert not any(action == "reassign" for action, _s, _t in arrows(root))


def test_ending_states_look_different():
    root = parse(workflow_svg())
    styles = {g.get("data-state"): g.get("class") for g in root.iter(f"{SVG}g")}
    for state in (CaseState.CLOSED, CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN):
        assert styles[state] == "state state-end"
    for state in (CaseState.DRAFT, CaseState.IN_REVIEW, CaseState.RECOMMENDED):
        assert styles[state] == "state state-open"


def test_a_new_row_and_state_appear_by_themselves():
    escalate = workflow.Transition(
        "escalate",
        frozenset({CaseState.IN_REVIEW, CaseState.RECOMMENDED}),
        "escalated",
        frozenset({workflow.LEAD}),
        "Escalate to headquarters",
    )
    reopen = workflow.Transition(
        "reopen",
        frozenset({CaseState.REJECTED}),
        CaseState.IN_REVIEW,
        frozenset({workflow.ADMINISTRATOR}),
        "Reopen <the> case & review",
    )
    with translation.override("en"):
        before = parse(workflow_svg())
        after = parse(workflow_svg([*workflow.TRANSITIONS, escalate, reopen]))
    added = arrows(after) - arrows(before)
    assert added == {
        ("escalate", "in_review", "escalated"),
        ("escalate", "recommended", "escalated"),
        ("reopen", "rejected", "in_review"),
    }
    assert "escalated" in boxes(after)
    assert "escalated" not in boxes(before)
    words = texts(after)
    assert "Escalate to headquarters" in words
    assert "Reopen <the> case & review" in words  # escaped on the way out, whole on the way in
    assert "Escalated" in words  # a state the model does not know, by its value


def test_nothing_overlaps():
    with translation.override("ko"):
        root = parse(workflow_svg())
    states = list(boxes(root).values())
    labels = label_boxes(root)
    for i, box in enumerate(states):
        assert not any(overlap(box, other) for other in states[i + 1 :])
        assert not any(overlap(box, label) for label in labels)
    for i, label in enumerate(labels):
        assert not any(overlap(label, other) for other in labels[i + 1 :])


@pytest.mark.parametrize("language", ["en", "ko"])
def test_labels_are_in_the_active_language(language):
    with translation.override(language):
        root = parse(workflow_svg())
        words = texts(root)
        for row in workflow.TRANSITIONS:
            assert str(row.label) in words
        for state in CaseState:
            assert str(state.label) in words
        expected_title = str(translation.gettext("The case workflow"))
    assert root.find(f"{SVG}title").text == expected_title
    if language == "ko":
        assert "검토 중" in words  # In review
        assert "작성 중" in words  # Draft
    else:
        assert "In review" in words
        assert not HANGUL.search(words)


def test_boxes_are_sized_for_korean():
    assert text_width("검토중", 13) > text_width("abc", 13) * 1.8  # a CJK character: ~2 letters
    with translation.override("ko"):
        root = parse(workflow_svg())
    for group in root.iter(f"{SVG}g"):
        if group.get("data-state"):
            rect = group.find(f"{SVG}rect")
            for text in group.iter(f"{SVG}text"):
                size = float(text.get("font-size", 12))
                assert text_width("".join(text.itertext()), size) < float(rect.get("width"))


def test_a_program_kind_draws_its_own_rows(monkeypatch):
    disburse = workflow.Transition(
        "disburse",
        frozenset({CaseState.APPROVED}),
        "disbursed",
        frozenset({workflow.LEAD}),
        "Disburse the loan",
        kinds=frozenset({"financing"}),
    )
    monkeypatch.setattr(workflow, "TRANSITIONS", [*workflow.TRANSITIONS, disburse])
    with translation.override("en"):
        financing = parse(workflow_svg(kind="financing"))
        incentive = parse(workflow_svg(kind="incentive"))
        everything = parse(workflow_svg())
    assert ("disburse", "approved", "disbursed") in arrows(financing)
    assert ("disburse", "approved", "disbursed") not in arrows(incentive)
    assert "Trade financing" in financing.find(f"{SVG}title").text
    assert "Trade financing only" in texts(everything)  # the whole table says whose row it is


def test_the_command_writes_a_file(tmp_path):
    target = tmp_path / "workflow.svg"
    out = io.StringIO()
    call_command("workflow_diagram", output=str(target), language="ko", stdout=out)
    root = ET.fromstring(target.read_bytes())
    assert "검토 중" in texts(root)
    assert str(target) in out.getvalue()


def test_the_command_writes_to_stdout_in_english():
    out = io.StringIO()
    call_command("workflow_diagram", "--language", "en", "--kind", "financing", stdout=out)
    root = ET.fromstring(out.getvalue().encode())
    assert "In review" in texts(root)
