from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The companies' pages: the catalog, applying, their cases and their companies."""

    name = "portal"
    verbose_name = _("Company portal")
