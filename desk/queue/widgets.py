"""Select boxes that print fast: the filter's lists are long and on every page."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _escaped(value) -> str:
    return str(conditional_escape(value))


def _frozen(choices) -> tuple:
    """The choices as plain strings in a hashable tuple: lazy labels read in the current
    language, a top-level value None as the empty option (Django's Select does the same).
    Escaping waits for _options_markup, so a list already printed costs no escaping."""
    frozen = []
    for value, label in choices:
        value = "" if value is None else str(value)
        if isinstance(label, list | tuple):
            frozen.append((value, tuple((str(v), str(t)) for v, t in label)))
        else:
            frozen.append((value, str(label)))
    return tuple(frozen)


@functools.lru_cache(maxsize=256)
def _options_markup(choices: tuple) -> str:
    """The <option>s and <optgroup>s of a list with nothing selected, kept per list. The key
    is the list itself: a changed catalog, another language or another center's officials
    make another entry, so nothing kept is ever stale."""
    parts = []
    for value, label in choices:
        if isinstance(label, tuple):
            inner = "".join(
                f'<option value="{_escaped(v)}">{_escaped(text)}</option>' for v, text in label
            )
            parts.append(
                f'<optgroup label="{_escaped(value)}">{inner}</optgroup>' if value else inner
            )
        else:
            parts.append(f'<option value="{_escaped(value)}">{_escaped(label)}</option>')
    return "".join(parts)


class FastSelect(forms.Select):
    """Django's Select with the same markup, rendered in Python rather than with a template
    per option, and each list's options printed once: the filter's eighty-odd options cost
    more through templates than the queue's query does."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options = _options_markup(_frozen(self.choices))
        # As Django's Select: the first option with the value is the selected one.
        for chosen in self.format_value(value)[:1]:
            option = f'<option value="{_escaped(chosen)}">'
            options = options.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(f'<select name="{_escaped(name)}"{flatatt(attrs)}>{options}</select>')

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
