from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "desk-demo-2026"


def seed_user(email: str, full_name: str, role: Role, *, language: str = "ko") -> User:
    """Create or refresh a demo user, with a confirmed e-mail address.

    The password and the confirmation time are set only once, so reruns change nothing.
    """
    from django.contrib.auth.models import Group

    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "language": language,
            "is_active": True,
            "is_staff": role == Role.ADMINISTRATOR,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if user.email_verified_at is None:
        # Demo addresses cannot receive mail; their owners count as confirmed from the start.
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    user.groups.add(Group.objects.get(name=role.value))
    return user
