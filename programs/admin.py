from django.contrib import admin

from programs.models import Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["code", "name_ko", "name_en"]
    list_select_related = ["parent"]
