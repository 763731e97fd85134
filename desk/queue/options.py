"""The filter's lists from the catalog, kept for a minute per process and language."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from programs.choices import item_choices, sector_choices

# The filter's lists from the catalog: they change a few times a year, and the desk shows
# them on every page. Each process keeps them per language for a minute; a change saved in
# the process forgets them at once (desk/apps.py), one saved in another process shows
# within the minute.
CATALOG = ("program", "sector", "item", "center")
CATALOG_SECONDS = 60


def _catalog_key(name: str, language: str) -> str:
    return f"desk:filter-options:{name}:{language}"


def _grouped(choices) -> list:
    return [(group, [(str(pk), label) for pk, label in options]) for group, options in choices]


# Long lists grouped by area and sorted by name (programs/choices.py); the others by name.
GROUPED = {
    "sector": lambda queryset: _grouped(sector_choices(queryset)),
    "item": lambda queryset: _grouped(item_choices(queryset)),
}


def catalog_options(name: str, field) -> list:
    """The field's options in the current language (a list of (value, label), or of (group,
    [(value, label), ...]) for the grouped ones), kept for a minute."""
    key = _catalog_key(name, translation.get_language())
    options = cache.get(key)
    if options is None:
        if name in GROUPED:
            options = GROUPED[name](field.queryset)
        else:
            rows = sorted(field.queryset, key=lambda obj: str(obj).casefold())
            options = [(str(obj.pk), field.label_from_instance(obj)) for obj in rows]
        cache.set(key, options, CATALOG_SECONDS)
    return options


def forget_catalog_options(**kwargs) -> None:
    cache.delete_many(
        [_catalog_key(name, code) for name in CATALOG for code, _label in settings.LANGUAGES]
    )
