from django.urls import reverse

from tests.factories import UserFactory


def change_form(user, **overrides):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        **overrides,
    }


def test_an_administrator_cannot_make_itself_a_superuser(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accounts_user_change", args=[administrator.pk]),
        change_form(administrator, is_superuser="on"),
    )

    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.is_superuser is False


def test_an_administrator_cannot_change_a_superuser_or_their_password(client, administrator):
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(administrator)

    change = client.post(
        reverse("admin:accounts_user_change", args=[root.pk]),
        change_form(root, email="taken-over@example.com"),
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "a-takeover-passphrase", "password2": "a-takeover-passphrase"},
    )

    assert change.status_code == 403
    assert password.status_code == 403
    root.refresh_from_db()
    assert root.email != "taken-over@example.com"
    assert not root.check_password("a-takeover-passphrase")


def test_a_superuser_can_still_grant_superuser_status(client, administrator):
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)

    client.post(
        reverse("admin:accounts_user_change", args=[administrator.pk]),
        change_form(administrator, is_superuser="on"),
    )

    administrator.refresh_from_db()
    assert administrator.is_superuser is True
