"""The three roles of the desk. A role is a group; its permissions are granted by migrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The values are the group names: stable, never shown to users.
    COMPANY_MEMBER = "company_member", _("Company member")
    TRADE_OFFICIAL = "trade_official", _("Trade official")
    ADMINISTRATOR = "administrator", _("Administrator")


def grant_permissions(apps, role: Role | str, codenames: list[str]) -> None:
    """Give a role's group the permissions named "app_label.codename" (for data migrations).

    Permissions are normally created after all migrations ran; creating them here lets a
    data migration grant them on a fresh database.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=str(role))
    for name in codenames:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
