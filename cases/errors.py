class CaseError(Exception):
    """A write the rules refuse; `reasons` say why, in words for the user."""

    def __init__(self, reasons):
        super().__init__(reasons)
        self.reasons = [str(reason) for reason in reasons]


class StaleCase(CaseError):
    """The case changed after the person acting last saw it; `changes` are the timeline
    entries they have not seen. Nothing was written."""

    def __init__(self, reasons, changes):
        super().__init__(reasons)
        self.changes = changes
