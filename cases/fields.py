"""The fields of an application, defined once: the draft form shows them, an official may
ask the company to change them, and `merge` writes them into a case."""

from django.utils.formats import number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from cases.models import Case
from programs.formatting import krw, usd

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


def changed(case: Case, values: dict) -> dict:
    """The application fields of `values` whose value differs from what the case holds."""
    differ = {}
    for name in APPLICATION_FIELDS:
        if name not in values:
            continue
        if name in ROW_FIELDS:
            if getattr(case, name) != values[name]:
                differ[name] = values[name]
        elif {item.pk for item in values[name]} != set(
            getattr(case, name).values_list("pk", flat=True)
        ):
            differ[name] = values[name]
    return differ


def describe(values: dict) -> str:
    """The fields and their new values in words, for the timeline: "Target city: Chengdu"."""
    parts = []
    for name, value in values.items():
        field = Case._meta.get_field(name)
        if value is None or value == "" or (field.many_to_many and not value):
            shown = _("(empty)")
        elif field.many_to_many:
            shown = ", ".join(str(item) for item in value)
        elif field.choices:
            shown = str(dict(field.flatchoices).get(value, value))
        elif field.get_internal_type() == "DecimalField":
            shown = usd(value)  # the case's only decimals are US$ export figures
        elif "amount" in name:
            shown = krw(value)
        elif isinstance(value, int | float):
            shown = number_format(value, force_grouping=True)
        else:
            shown = str(value)
        parts.append(f"{capfirst(field.verbose_name)}: {Truncator(shown).chars(120)}")
    return "; ".join(parts)
