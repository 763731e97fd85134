import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from accounts.models import User
from accounts.roles import Role


@pytest.mark.django_db
def test_the_migrations_create_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_an_administrator_may_manage_centers_and_companies(administrator):
    assert administrator.is_administrator
    assert administrator.has_perms(
        ["centers.change_staffassignment", "applicants.view_company", "accounts.change_user"]
    )
    assert not administrator.has_perm("accounts.delete_user")


def test_an_official_may_look_but_not_change(official):
    assert official.is_trade_official and not official.is_administrator
    assert official.has_perm("applicants.view_company")
    assert not official.has_perm("centers.change_staffassignment")


def test_a_company_member_has_no_staff_permissions(applicant):
    assert applicant.is_company_member
    assert not applicant.is_trade_official
    assert applicant.get_all_permissions() == set()


@pytest.mark.django_db
def test_the_email_is_unique_whatever_its_case():
    User.objects.create_user("Someone@Example.com", "pw", full_name="A")

    assert User.objects.get_by_natural_key("SOMEONE@example.COM").email == "someone@example.com"
    with pytest.raises(IntegrityError):
        User.objects.create(email="SOMEONE@EXAMPLE.COM", full_name="B")
