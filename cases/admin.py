from django.contrib import admin

from cases.models import Case, CaseEvent, Document


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = [
        "document_type",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["created_at", "action", "from_state", "to_state", "actor", "note"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """For support staff to look things up; every change goes through cases/services.py."""

    list_display = ["__str__", "company", "program", "state", "center", "submitted_at"]
    list_filter = ["state", "program__kind", "program", "center"]
    search_fields = [
        "reference",
        "company__name_ko",
        "company__name_en",
        "company__business_number",
    ]
    list_select_related = ["company", "program", "center"]
    date_hierarchy = "submitted_at"
    inlines = [DocumentInline, CaseEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
