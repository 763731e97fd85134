"""The filter's lists from the catalog, kept for a minute per process and language."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

# The filter's lists from the catalog: they change a few times a year, and the desk shows
# them on every page. Each process keeps them per language for a minute; a change saved in
# the process forgets them at once (desk/apps.py), one saved in another process shows
# within the minute.
CATALOG = ("program", "sector", "item", "center")
CATALOG_SECONDS = 60


def _catalog_key(name: str, language: str) -> str:
    return f"desk:filter-options:{name}:{language}"


def catalog_options(name: str, field) -> list[tuple[str, str]]:
    """The field's (value, label) options in the current language, kept for a minute."""
    key = _catalog_key(name, translation.get_language())
    options = cache.get(key)
    if options is None:
        options = [(str(obj.pk), field.label_from_instance(obj)) for obj in field.queryset]
        cache.set(key, options, CATALOG_SECONDS)
    return options


def forget_catalog_options(**kwargs) -> None:
    cache.delete_many(
        [_catalog_key(name, code) for name in CATALOG for code, _label in settings.LANGUAGES]
    )
