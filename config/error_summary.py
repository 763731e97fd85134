"""The error summary at the top of every page whose form failed (GOV.UK's pattern).

templates/base.html calls `{% error_summary %}` once, above every page's content: it finds
the bound forms of the page's context that have errors, so a new page's form gets its
summary without asking for it. Each entry names the field and links to it;
static/js/error-summary.js focuses the summary on load and each link's field on click.
"""

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


def _forms_in(value, depth=0):
    """The forms a context value holds: a form, a formset's forms, a filter's form, or those
    in a list or a dict (a page's several action forms)."""
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        if value.is_bound:
            yield value
            yield from value.forms
    elif isinstance(value, list | tuple | dict) and depth < 2:
        for item in value.values() if isinstance(value, dict) else value:
            yield from _forms_in(item, depth + 1)
    elif depth == 0 and isinstance(getattr(value, "form", None), forms.BaseForm):
        yield value.form  # django-filter's FilterSet


def _target(bound_field) -> str:
    """The id of the element a link to the field focuses: the first box of a group."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
        return widget.id_for_label(bound_field.auto_id, "0")
    return bound_field.id_for_label or bound_field.auto_id or ""


def _entries(form) -> list[dict]:
    if isinstance(form, BaseFormSet):
        return [{"message": error, "target": "", "name": ""} for error in form.non_form_errors()]
    if not form.is_bound or not form.errors:
        return []
    visible = [field for field in form if not field.is_hidden]
    first = visible[0] if visible else None
    entries = [
        {
            "message": error,
            "target": _target(first) if first else "",
            "name": first.html_name if first else "",
        }
        for error in form.non_field_errors()
    ]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                entries.append({"message": error, "target": "", "name": ""})
            else:
                entries.append(
                    {
                        "label": field.label,
                        "message": error,
                        "target": _target(field),
                        "name": field.html_name,
                    }
                )
    return entries


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    seen, entries = set(), []
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) not in seen:
                seen.add(id(form))
                entries.extend(_entries(form))
    return {"entries": entries}
