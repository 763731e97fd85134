from django.contrib import admin

from applicants.models import Company, CompanyMember


class CompanyMemberInline(admin.TabularInline):
    model = CompanyMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = [
        "name_ko",
        "name_en",
        "business_number_display",
        "size",
        "region",
        "sector",
    ]
    list_filter = ["size", "region", "sector"]
    search_fields = ["name_ko", "name_en", "business_number", "representative"]
    list_select_related = ["sector"]
    inlines = [CompanyMemberInline]
