from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from config import views
from config.converters import IdConverter

# Before the includes below: their patterns take ids with it (`<id:pk>`).
register_converter(IdConverter, "id")

admin.site.site_header = _("China Export Support Desk administration")
admin.site.site_title = _("China Export Support Desk")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("companies/", include("portal.company_urls")),
    path("", include("portal.urls")),
    path("staff/", include("staffing.urls")),
    path("desk/", include("desk.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
