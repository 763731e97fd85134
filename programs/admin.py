from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programs.forms import ProgramAdminForm, PromisingItemAdminForm
from programs.models import DocumentType, Program, PromisingItem, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "name_zh", "parent", "is_focus", "position"]
    list_filter = ["is_focus", "parent"]
    search_fields = ["code", "name_ko", "name_en", "name_zh"]
    list_select_related = ["parent"]


@admin.register(PromisingItem)
class PromisingItemAdmin(admin.ModelAdmin):
    form = PromisingItemAdminForm
    list_display = ["code", "name_ko", "name_en", "name_zh", "sector", "hs_prefix_list"]
    list_filter = ["sector"]
    search_fields = ["code", "name_ko", "name_en", "name_zh"]
    list_select_related = ["sector"]

    @admin.display(description=_("HS code prefixes"))
    def hs_prefix_list(self, item):
        return ", ".join(item.hs_prefixes)


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "name_zh"]
    search_fields = ["code", "name_ko", "name_en", "name_zh"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = ["code", "name_ko", "kind", "opens_at", "closes_at", "budget", "committed"]
    list_filter = ["kind", "is_published", "sectors"]
    search_fields = ["code", "name_ko", "name_en", "name_zh"]
    date_hierarchy = "closes_at"
    filter_horizontal = ["sectors", "required_documents"]
    readonly_fields = ["committed"]
