"""The triage desk's queue: which cases an official sees, how they are filtered, searched,
ordered and paged, in queries that stay fast at a million cases on PostgreSQL.

- Scope: the cases of the centers the official staffs now (administrators: all), by the
  center ids read once, so no join decides the scope and the partial queue indexes serve
  the order.
- Order: priority (stored on the case), then the longest waiting, then the id.
- Pages: keyset ("after this row"), never OFFSET and never a COUNT of the table, so a page
  deep in the queue costs what the first one does.
- Search: a reference, a business registration number, or any part of the company's name
  in Korean or English (trigram indexes on PostgreSQL, see applicants migration 0005).
"""

import base64
import datetime
import json
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applicants.models import Company
from cases import sla
from cases.models import OPEN_STATES, Case, CaseState
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from programs.models import Program, PromisingItem, Sector

PAGE_SIZE = 50
ORDER = ("-priority", "submitted_at", "id")


def staffed_center_ids(user) -> list[int] | None:
    """The ids of the centers the user works at now; None means every center (administrators)."""
    if user.is_administrator:
        return None
    return list(
        StaffAssignment.objects.active_on(sla.today())
        .filter(official__user=user)
        .values_list("center_id", flat=True)
    )


def desk_cases(user, center_ids=None):
    """The submitted cases the user may work on at the desk."""
    center_ids = staffed_center_ids(user) if center_ids is None else center_ids
    cases = Case.objects.exclude(state=CaseState.DRAFT)
    if center_ids is not None:
        cases = cases.filter(center_id__in=center_ids)
    return cases


def may_use_desk(user) -> bool:
    return user.is_authenticated and (user.is_administrator or user.is_trade_official)


# The shape of a case reference (cases/rules.py): FIN-2026-000123.
REFERENCE = re.compile(r"[A-Z]+-[0-9]{4}-[0-9]+")


def search(queryset, text: str):
    """A reference, a business registration number, or part of a company's name.

    One condition at a time: an OR of the reference and the companies would make
    PostgreSQL read the whole open queue to test each case against both.
    """
    text = text.strip()
    if not text:
        return queryset
    if REFERENCE.fullmatch(text.upper()):
        return queryset.filter(reference=text.upper())
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit() and len(digits) == 10:
        companies = Company.objects.filter(business_number=digits)
    else:
        companies = Company.objects.filter(Q(name_ko__icontains=text) | Q(name_en__icontains=text))
    return queryset.filter(company_id__in=companies.values("pk"))


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


# The filter's lists from the catalog: they change a few times a year, and the desk shows
# them on every page. Each process keeps them per language for a minute; a change saved in
# the process forgets them at once (cases/apps.py), one saved in another process shows
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


class DeskFilter(django_filters.FilterSet):
    OPEN = "open"
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OPEN, _("Open (not decided)")), *CaseState.choices[1:]],
        empty_label=_("Any state"),
        method="filter_state",
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.order_by("code"), empty_label=_("All programs")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.select_related("parent"),
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    item = django_filters.ModelChoiceFilter(
        label=_("Promising item"),
        queryset=PromisingItem.objects.order_by("code"),
        method="filter_item",
        empty_label=_("Any item"),
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"), queryset=SupportCenter.objects.all(), empty_label=_("All my centers")
    )
    assigned = django_filters.ChoiceFilter(
        label=_("Assigned to"),
        choices=[("me", _("Me")), ("unassigned", _("Nobody yet"))],
        empty_label=_("Anyone"),
        method="filter_assigned",
    )
    sla = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due within 2 business days"))],
        empty_label=_("Any"),
        method="filter_sla",
    )

    class Meta:
        model = Case
        fields = ["q", "state", "program", "sector", "item", "center", "assigned", "sla"]

    def __init__(self, data=None, *args, user, center_ids, **kwargs):
        data = data.copy() if data is not None else {}
        if "state" not in data:
            data["state"] = self.OPEN
        super().__init__(data, *args, **kwargs)
        self.user = user
        options = {name: catalog_options(name, self.form.fields[name]) for name in CATALOG}
        if center_ids is not None:
            self.filters["center"].queryset = SupportCenter.objects.filter(pk__in=center_ids)
            self.form.fields["center"].queryset = self.filters["center"].queryset
            mine = {str(pk) for pk in center_ids}
            options["center"] = [option for option in options["center"] if option[0] in mine]
        else:
            self.form.fields["center"].empty_label = _("All centers")
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
            field.required = False
            quick_choices(field)
            if name in options:
                # Shown from the kept list; a chosen value is still checked against the
                # field's queryset (an official's own centers only).
                field.widget.choices = [("", field.empty_label), *options[name]]
        self.form.fields["q"].widget.attrs.update(
            placeholder=_("Reference, company name or business number"), type="search"
        )

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_state(self, queryset, name, value):
        if value == self.OPEN:
            return queryset.filter(state__in=OPEN_STATES)
        return queryset.filter(state=value)

    def filter_sector(self, queryset, name, sector):
        # An area covers its industries. Their ids first: an OR across the company's and the
        # sector's tables would leave PostgreSQL no index and no estimate to plan with.
        sectors = Sector.objects.filter(Q(pk=sector.pk) | Q(parent=sector))
        return queryset.filter(company__sector_id__in=list(sectors.values_list("pk", flat=True)))

    def filter_item(self, queryset, name, item):
        through = Case.export_items.through
        return queryset.filter(
            Exists(through.objects.filter(case_id=OuterRef("pk"), promisingitem_id=item.pk))
        )

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            official = TradeOfficial.objects.filter(user=self.user).first()
            return queryset.filter(assigned_to=official) if official else queryset.none()
        return queryset.filter(assigned_to__isnull=True)

    def filter_sla(self, queryset, name, value):
        # Only open cases have a running clock. When the state filter already keeps open
        # cases only, saying it twice would make PostgreSQL count the condition twice,
        # expect a handful of rows, and sort thousands instead of walking the queue index.
        state = self.form.cleaned_data.get("state")
        if state and state != self.OPEN and state not in OPEN_STATES:
            return queryset.none()
        if not state:
            queryset = queryset.filter(state__in=OPEN_STATES)
        today = sla.today()
        if value == "overdue":
            return queryset.filter(sla_due__lt=today)
        return queryset.filter(sla_due__gte=today, sla_due__lte=sla.due_soon_limit(today))


# Keyset pages ---------------------------------------------------------------------------


def _cursor(case) -> str:
    key = [case.priority, case.submitted_at.isoformat(), case.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _key(cursor: str):
    """(priority, submitted_at, id) from a cursor, or None for a cursor that is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        priority, submitted, pk = json.loads(raw)
        moment = parse_datetime(submitted)
        if not (isinstance(priority, int) and isinstance(pk, int) and moment):
            return None
        return priority, moment, pk
    except (ValueError, TypeError):
        return None


# The first condition of each is implied by the rest; it is there for PostgreSQL, which can
# start the index scan at the cursor's priority with it instead of reading every row before.


def _after(key) -> Q:
    priority, submitted, pk = key
    return Q(priority__lte=priority) & (
        Q(priority__lt=priority)
        | Q(priority=priority, submitted_at__gt=submitted)
        | Q(priority=priority, submitted_at=submitted, pk__gt=pk)
    )


def _before(key) -> Q:
    priority, submitted, pk = key
    return Q(priority__gte=priority) & (
        Q(priority__gt=priority)
        | Q(priority=priority, submitted_at__lt=submitted)
        | Q(priority=priority, submitted_at=submitted, pk__lt=pk)
    )


# What a row of the queue shows (templates/desk/queue.html), and nothing more: the case's
# wide text columns and the related rows' descriptions would cost more to read and build
# than the query itself. A new column needs its field here.
ROW_RELATIONS = ("company", "program", "center", "assigned_to__user")
ROW_FIELDS = (
    "reference",
    "state",
    "priority",
    "submitted_at",
    "sla_due",
    *ROW_RELATIONS,
    "company__name_ko",
    "company__name_en",
    "company__business_number",
    "program__code",
    "center__code",
    "assigned_to__user__full_name",
    "assigned_to__user__email",
)


@dataclass
class Page:
    cases: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def is_first(self) -> bool:
        return self.previous_cursor is None


def page(queryset, *, after: str = "", before: str = "", size: int | None = None) -> Page:
    """One page of the queue in its order, and the cursors of its neighbours.

    One query: it reads size + 1 rows to know whether there is a next (or previous) page.
    """
    size = size or PAGE_SIZE
    queryset = queryset.select_related(*ROW_RELATIONS).only(*ROW_FIELDS)
    if before and (key := _key(before)):
        rows = list(
            queryset.filter(_before(key)).order_by("priority", "-submitted_at", "-id")[: size + 1]
        )
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return Page(
            rows,
            next_cursor=_cursor(rows[-1]) if rows else None,
            previous_cursor=_cursor(rows[0]) if rows and more_before else None,
        )
    key = _key(after) if after else None
    if key:
        queryset = queryset.filter(_after(key))
    rows = list(queryset.order_by(*ORDER)[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return Page(
        rows,
        next_cursor=_cursor(rows[-1]) if rows and more_after else None,
        previous_cursor=_cursor(rows[0]) if rows and key else None,
    )


def state_labels() -> dict[str, str]:
    """Each state's label in the current language, for lists: get_state_display() would
    translate every label to find one, for each row."""
    return {value: str(label) for value, label in CaseState.choices}


def rows(cases, today: datetime.date) -> list[dict]:
    """What each row of the queue shows, ready to print in the current language.

    Plain values rather than the cases themselves: for fifty rows, the template's lookups
    on model instances, its tags and its per-value localization cost more than the
    queue's query. templates/desk/queue.html prints these keys; ROW_FIELDS reads them.
    """
    states = state_labels()
    shown = []
    for case in cases:
        waited = waited_days(case, today)
        shown.append(
            {
                "pk": case.pk,
                "reference": case.reference,
                "url": reverse("desk:case", args=[case.pk]),
                "pick_label": gettext("Select %(reference)s") % {"reference": case.reference},
                "company": case.company.name,
                "business_number": case.company.business_number_display,
                "program": case.program.code,
                "state": states[case.state],
                "center": case.center.code if case.center else "—",
                "assigned_to": str(case.assigned_to) if case.assigned_to else "",
                "priority": case.priority,
                "waited": ngettext("%(days)s day", "%(days)s days", waited) % {"days": waited},
                "due": date_format(case.sla_due, "SHORT_DATE_FORMAT") if case.sla_due else "",
                "flag": case.sla_flag(today),
            }
        )
    return shown


def waited_days(case, today: datetime.date) -> int:
    return sla.business_days_between(sla.local_date(case.submitted_at), today)
