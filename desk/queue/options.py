"""The desk's long lists, kept for a minute per process: the filter's lists from the
catalog, per language, and the officials bulk assignment offers."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cases import sla
from centers.models import TradeOfficial
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


# The officials bulk assignment offers, per set of centers and day. A change to staffing,
# an official or a user saved in the process starts a new generation (desk/apps.py), so
# every set is read again at once; one saved in another process shows within the minute,
# and the assignment itself is checked against the staffing of the moment.
STAFF_GENERATION = "desk:staff-generation"


def assignees(center_ids: list[int] | None) -> list[tuple[int, str]]:
    """(id, name) of the officials working at the centers today (None: at any center), by
    name; as an official's str(), the address of one who gave no name."""
    generation = cache.get_or_set(STAFF_GENERATION, time.time_ns, None)
    scope = "all" if center_ids is None else ",".join(map(str, sorted(center_ids)))
    key = f"desk:assignees:{generation}:{sla.today()}:{scope}"
    names = cache.get(key)
    if names is None:
        officials = (
            TradeOfficial.objects.working_at(center_ids)
            .order_by("user__full_name", "pk")
            .values_list("pk", "user__full_name", "user__email")
        )
        names = [(pk, name or email) for pk, name, email in officials]
        cache.set(key, names, CATALOG_SECONDS)
    return names


def forget_assignees(**kwargs) -> None:
    cache.set(STAFF_GENERATION, time.time_ns(), None)
