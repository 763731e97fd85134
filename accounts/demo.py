from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "desk-demo-2026"


def seed_user(email: str, full_name: str, role: Role, *, language: str = "ko") -> User:
    """Create or refresh a demo user; the password is set only once, so reruns change nothing."""
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
    user.groups.add(Group.objects.get(name=role.value))
    return user
