"""The case's timeline as pages show it: each entry labelled in the page's language."""

from cases import workflow
from cases.models import CaseEvent
from programs.models import DocumentType


def timeline_events(case) -> list[CaseEvent]:
    """The entries, oldest first, each with its `label`. An upload's note keeps the document
    type's code (data, in no language: "business-plan: plan.pdf"); it shows the type's name
    instead, all names read in one query."""
    events = list(case.events.select_related("actor"))
    uploads = [event for event in events if event.action == "upload" and ": " in event.note]
    codes = {event.note.split(": ", 1)[0] for event in uploads}
    kinds = DocumentType.objects.filter(code__in=codes) if codes else []
    names = {kind.code: kind.name for kind in kinds}
    for event in events:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
    for event in uploads:
        code, file_name = event.note.split(": ", 1)
        if code in names:
            event.note = f"{names[code]}: {file_name}"
    return events
