"""The catalog's long lists as people scan them: grouped by area, sorted by name in the
page's language (not by code), and for an application the program's own items first.

Each function takes rows already read (with their sector and its parent) and returns
Django choices with groups: [(group label, [(value, label), ...]), ...].
"""

from itertools import groupby

from django.utils.translation import gettext as _


def _by_name(rows):
    return sorted(rows, key=lambda row: row.name.casefold())


def _area(sector):
    return sector.parent if sector.parent_id else sector


def sector_choices(sectors, *, areas_selectable=True) -> list:
    """Each area a group: the area itself first ("all of it") when it may be chosen, then
    its industries by name. An area without industries is its own only option."""
    sectors = list(sectors)
    children = {}
    for sector in sectors:
        if sector.parent_id:
            children.setdefault(sector.parent_id, []).append(sector)
    choices = []
    for area in _by_name(s for s in sectors if not s.parent_id):
        options = [(sector.pk, sector.name) for sector in _by_name(children.get(area.pk, []))]
        if areas_selectable or not options:
            label = _("All of %(area)s") % {"area": area.name} if options else area.name
            options.insert(0, (area.pk, label))
        choices.append((area.name, options))
    return choices


def item_choices(items, *, covered=None) -> list:
    """The promising items grouped by area, by name within each. `covered` (the ids of the
    items the program serves) come first, in a group of their own, when they are not all."""
    items = list(items)
    first = []
    if covered is not None and 0 < len(covered) < len(items):
        first = [
            (
                _("Covered by this program"),
                [(i.pk, i.name) for i in _by_name(item for item in items if item.pk in covered)],
            )
        ]
        items = [item for item in items if item.pk not in covered]
    groups = groupby(
        sorted(items, key=lambda item: (_area(item.sector).name.casefold(), item.name.casefold())),
        key=lambda item: _area(item.sector).name,
    )
    return first + [(area, [(item.pk, item.name) for item in rows]) for area, rows in groups]


def covered_items(program, items) -> set:
    """The ids of the items whose sector (or its area) the program serves; a program that
    names no sector serves them all."""
    served = {sector.pk for sector in program.sectors.all()}
    if not served:
        return {item.pk for item in items}
    return {
        item.pk
        for item in items
        if item.sector_id in served or (item.sector.parent_id or 0) in served
    }
