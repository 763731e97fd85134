from django.contrib import admin

from centers.models import StaffAssignment, SupportCenter, TradeOfficial


@admin.register(SupportCenter)
class SupportCenterAdmin(admin.ModelAdmin):
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


@admin.register(TradeOfficial)
class TradeOfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "max_open_cases", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["user__full_name", "user__email", "title"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["official", "center", "role", "starts_on", "ends_on", "assigned_by"]
    list_filter = ["role", "center", ("ends_on", admin.EmptyFieldListFilter)]
    search_fields = [
        "official__user__full_name",
        "official__user__email",
        "center__code",
    ]
    list_select_related = ["official__user", "center", "assigned_by"]
    autocomplete_fields = ["official", "assigned_by"]
