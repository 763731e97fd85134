from django.contrib import admin

from reshoring.models import ReshoringSettings


@admin.register(ReshoringSettings)
class ReshoringSettingsAdmin(admin.ModelAdmin):
    """A reshoring program's rules, which change by decree: administrators set them here.
    Plans, milestones, tranches and payments change only through reshoring/services.py."""

    list_display = [
        "program",
        "min_cut_percent",
        "ksic_digits",
        "subsidy_rate_percent",
        "cap_per_company",
        "obligation_years",
        "recovery_rule",
    ]
    list_select_related = ["program"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "program":
            from programs.models import Program

            kwargs["queryset"] = Program.objects.filter(kind=Program.Kind.RESHORING)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
