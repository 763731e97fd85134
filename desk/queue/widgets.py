"""Select boxes that print fast: the filter's lists are long and on every page."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """Django's Select with the same markup, rendered in Python rather than with a template
    per option: the filter's eighty-odd options cost more through templates than the
    queue's query does."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, html) if group else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((part,) for part in parts)),
        )

    @classmethod
    def replacing(cls, widget: forms.Select) -> "FastSelect":
        fast = cls(attrs=widget.attrs)
        fast.choices = widget.choices
        fast.is_required = widget.is_required
        return fast


class FetchedChoices(forms.models.ModelChoiceIterator):
    """A model's options in one plain query. Django's iterator streams them through a
    server-side cursor (DECLARE, FETCH, CLOSE: three round trips on PostgreSQL), and again
    after a template has already asked whether there are any; these lists are short."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (
            getattr(self.field, "null_label", None) is not None
        )
        return len(self.queryset) + extra


def quick_choices(field) -> None:
    """Make a choice field cheap to render: its options in one query, its select in Python."""
    if isinstance(field, forms.ModelChoiceField):
        field.iterator = FetchedChoices
        field.widget.choices = field.choices
    if type(field.widget) is forms.Select:
        field.widget = FastSelect.replacing(field.widget)
