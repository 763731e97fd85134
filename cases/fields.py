"""The fields of an application, defined once: the draft form shows them, an official may
ask the company to change them, and `merge` writes them into a case."""

from cases.models import Case

# In the order of the application form.
APPLICATION_FIELDS = (
    "amount_requested",
    "purpose",
    "target_province",
    "target_city",
    "export_items",
    "planned_exports_to_china",
)

# The fields stored on the case's row; the others (export_items) are relations.
ROW_FIELDS = tuple(
    name for name in APPLICATION_FIELDS if not Case._meta.get_field(name).many_to_many
)


def merge(case: Case, values: dict) -> list[str]:
    """Write into the case the application fields that `values` has, leave the others.

    Relations are written at once (the case must be saved already); returns the names of
    the row fields to save. The caller holds the case's lock.
    """
    changed = []
    for name in APPLICATION_FIELDS:
        if name not in values:
            continue
        if name in ROW_FIELDS:
            setattr(case, name, values[name])
            changed.append(name)
        else:
            getattr(case, name).set(values[name])
    return changed
