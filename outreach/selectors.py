"""Reads of the liaison that pages share."""

from outreach.models import Contact, Difficulty


def contacts_shown_to_company(difficulty) -> list[Contact]:
    """The contacts that took the difficulty up, as a company may read them: which body and
    when (the counterpart, topics and outcome of a meeting stay with the officials)."""
    return list(
        Contact.objects.filter(difficulties=difficulty)
        .select_related("body")
        .only("held_on", "channel", "body__name_ko", "body__name_en", "body__name_zh")
        .order_by("held_on", "pk")
    )


def open_difficulty_count(center_ids) -> int:
    """Open difficulties at these centers (None: every center), for the desk's tab."""
    return Difficulty.objects.of_centers(center_ids).open().count()
