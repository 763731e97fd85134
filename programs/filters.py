import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.choices import sector_choices
from programs.models import Program, Sector


class ProgramFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of support"), choices=Program.Kind.choices, empty_label=_("All kinds")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.select_related("parent"),
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    open_now = django_filters.BooleanFilter(
        label=_("Open for applications now"),
        method="filter_open_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Program
        fields = ["kind", "sector", "open_now"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sector = self.form.fields["sector"]
        sector.widget.choices = [("", sector.empty_label), *sector_choices(sector.queryset)]
        for name in ("kind", "sector"):
            self.form.fields[name].widget.attrs["class"] = "form-select"
        self.form.fields["open_now"].widget.attrs["class"] = "form-check-input"

    def filter_sector(self, queryset, name, sector):
        # A program serves a sector when it names it, its area, or no sector at all; asked
        # for an area, show also the programs for one of its industries.
        return queryset.filter(
            Q(sectors=sector)
            | Q(sectors=sector.parent_id)
            | Q(sectors__parent=sector)
            | Q(sectors__isnull=True)
        ).distinct()

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now() if value else queryset
