"""The admin shows the centers' data; the writes that move people or cases (assigning,
ending, deactivating, closing) happen on the staffing pages, through the services, so here
they are read-only."""

from django.contrib import admin

from centers import services
from centers.forms import SupportCenterForm
from centers.models import CenterProvince, StaffAssignment, SupportCenter, TradeOfficial


@admin.register(SupportCenter)
class SupportCenterAdmin(admin.ModelAdmin):
    form = SupportCenterForm
    list_display = [
        "code",
        "name_ko",
        "name_en",
        "city",
        "province",
        "status",
        "is_headquarters",
    ]
    list_filter = ["status", "is_headquarters", "province"]
    search_fields = ["code", "name_ko", "name_en", "name_zh", "city"]

    def get_readonly_fields(self, request, obj=None):
        # Closing moves the center's cases and staff: the staffing page does it.
        return ["status", "opened_on", "closed_on"] if obj is not None else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Through the service, so the jurisdiction is in force exactly while the center is open.
        services.center_set_jurisdiction(
            center=form.instance, provinces=form.cleaned_data["provinces"]
        )


@admin.register(TradeOfficial)
class TradeOfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "max_open_cases", "is_active"]
    list_filter = ["is_active", "specialties"]
    filter_horizontal = ["specialties"]
    search_fields = ["user__full_name", "user__email", "title"]
    list_select_related = ["user"]
    # Added (with their account) and deactivated (with a handover) on the staffing pages.
    readonly_fields = ["user", "is_active"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    """Read-only: an assignment starts, ends or moves on the staffing pages, which hand over
    the official's cases and tell the people concerned."""

    list_display = [
        "official",
        "center",
        "role",
        "starts_on",
        "ends_on",
        "assigned_by",
        "ended_by",
    ]
    list_filter = ["role", "center", ("ends_on", admin.EmptyFieldListFilter)]
    search_fields = [
        "official__user__full_name",
        "official__user__email",
        "center__code",
    ]
    list_select_related = ["official__user", "center", "assigned_by", "ended_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CenterProvince)
class CenterProvinceAdmin(admin.ModelAdmin):
    """To look up who covers what; jurisdictions change on the center's page (or form),
    through the service that keeps them from overlapping."""

    list_display = ["province", "center", "is_active"]
    list_filter = ["is_active", "center", "province"]
    search_fields = ["center__code", "center__name_ko", "center__name_en"]
    list_select_related = ["center"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
