"""The desk's filter: state, program, sector, item, center, official, SLA, search."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases import sla
from cases.models import OPEN_STATES, Case, CaseState
from centers.models import SupportCenter, TradeOfficial
from desk.queue.options import CATALOG, catalog_options
from desk.queue.search import search
from desk.queue.widgets import quick_choices
from programs.models import Program, PromisingItem, Sector


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
        queryset=PromisingItem.objects.select_related("sector__parent"),
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
        # The names the queue's rows print (desk.queue.rows), from the same kept lists:
        # every program and center, as a case referred from another center shows its own.
        self.names = {
            name: {int(pk): label for pk, label in options[name]} for name in ("program", "center")
        }
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

    def get_form_class(self):
        """The form's class, made once: django-filters makes one for each filter set, from
        fields it builds anew (and the form copies them again). What differs by request,
        the lists and a center's scope, is set on the form's own copies in __init__."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

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
