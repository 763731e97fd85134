from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseEvent, Decision, Document, InformationRequest, Recommendation
from programs.models import Sector


class ReadOnlyInline(admin.TabularInline):
    """A case's rows, to look at: each is written by a service (cases/services.py), never here.
    Whoever may view the case sees them."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("cases.view_case")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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


class InformationRequestInline(ReadOnlyInline):
    model = InformationRequest
    fields = ["requested_at", "requested_by", "message", "due_on", "answered_at", "answered_by"]


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = [
        "recommended_at",
        "recommended_by",
        "outcome",
        "amount",
        "status",
        "resolved_by",
        "resolved_at",
        "sent_back_reason",
    ]


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = ["decided_at", "decided_by", "outcome", "amount", "conditions", "explanation"]


class SectorListFilter(admin.SimpleListFilter):
    """The company's sector; an area covers its industries (as on the triage desk)."""

    title = _("sector")
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        return [
            (sector.pk, f"{sector.parent} / {sector}" if sector.parent_id else str(sector))
            for sector in Sector.objects.select_related("parent")
        ]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        sector = int(self.value())
        return queryset.filter(Q(company__sector=sector) | Q(company__sector__parent=sector))


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """For support staff to look things up; every change goes through cases/services.py."""

    list_display = ["__str__", "company", "program", "state", "center", "submitted_at"]
    list_filter = ["state", "program__kind", "program", "center", SectorListFilter, "sla_due"]
    search_fields = [
        "reference",
        "company__name_ko",
        "company__name_en",
        "company__business_number",
    ]
    list_select_related = ["company", "program", "center"]
    date_hierarchy = "submitted_at"
    inlines = [
        DocumentInline,
        InformationRequestInline,
        RecommendationInline,
        DecisionInline,
        CaseEventInline,
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
