"""The small named world every test can use, and the Celery fixtures."""

import importlib

import pytest
from django.core.cache import cache
from django.test import Client

from accounts import broker
from accounts.roles import Role
from applicants.models import CompanyMember
from centers.models import StaffAssignment
from config.celery import app as celery_app
from tests import factories
from tests.second_factor import verify_session


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test's own process unless a test asks for the live worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True
    broker.breaker.reset()  # an outage a test made ends with it


# The data migrations that create the roles and grant their permissions.
ROLE_MIGRATIONS = [
    ("accounts.migrations.0002_roles", "create_roles"),
    ("accounts.migrations.0005_outgoing_email_permissions", "grant"),
    ("accounts.migrations.0006_second_factor_permissions", "grant"),
    ("accounts.migrations.0008_security_log_append_only", "grant"),
    ("accounts.migrations.0009_throttling", "grant"),
    ("accounts.migrations.0012_hash_backup_codes", "grant"),
    ("applicants.migrations.0002_role_permissions", "grant"),
    ("centers.migrations.0002_role_permissions", "grant"),
    ("centers.migrations.0004_jurisdiction_permissions", "grant"),
    ("cases.migrations.0001_programs_role_permissions", "grant"),
    ("cases.migrations.0003_case_permissions", "grant"),
    ("notifications.migrations.0002_role_permissions", "grant"),
    ("reshoring.migrations.0004_role_permissions", "grant"),
]


@pytest.fixture(autouse=True)
def _roles_survive_flushes(request, django_db_blocker):
    """A transactional test ends by emptying every table, the roles that data migrations
    made included: put them back before the next test needs them."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:  # no test database is set up: never touch the developer's own one
        return
    with django_db_blocker.unblock():
        if not Group.objects.filter(name=Role.ADMINISTRATOR.value).exists():
            for module, function in ROLE_MIGRATIONS:
                getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """What a test's pages kept (the desk's filter options) is gone with its database."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness would make every factory-built user cost 0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_signed_in_with_the_second_factor(request, monkeypatch):
    """`client.force_login(staff)` gives the session a real sign-in would have: the password
    and the second step (a confirmed authenticator app). Tests of the second step itself
    sign in through the pages, or mark themselves `second_factor_pending`."""
    if request.node.get_closest_marker("second_factor_pending"):
        return
    from accounts.otp import second_factor_required

    force_login = Client.force_login

    def force_login_and_verify(client, user, backend=None):
        force_login(client, user, backend)
        if second_factor_required(user):
            verify_session(client, user)

    monkeypatch.setattr(Client, "force_login", force_login_and_verify)


@pytest.fixture
def applicant(db):
    """The owner of company A (secondary batteries)."""
    member = factories.CompanyMemberFactory(
        company__name_ko="한빛배터리 주식회사",
        company__name_en="Hanbit Battery Co., Ltd.",
        company__sector=factories.SectorFactory(code="secondary-batteries"),
        user__email="owner@hanbit.example.com",
        user__full_name="이정호",
        role=CompanyMember.Role.OWNER,
    )
    return member.user


@pytest.fixture
def other_applicant(db):
    """The owner of company B (cosmetics), who must never see company A's things."""
    member = factories.CompanyMemberFactory(
        company__name_ko="서해코스메틱 주식회사",
        company__name_en="Seohae Cosmetics Inc.",
        company__sector=factories.SectorFactory(code="cosmetics"),
        user__email="owner@seohae.example.com",
        role=CompanyMember.Role.OWNER,
    )
    return member.user


@pytest.fixture
def shanghai(db):
    return factories.SupportCenterFactory(
        code="shanghai", name_ko="상하이 수출지원센터", name_en="Shanghai Export Support Center"
    )


@pytest.fixture
def beijing(db):
    return factories.SupportCenterFactory(
        code="beijing",
        name_ko="베이징 수출지원센터",
        name_en="Beijing Export Support Center",
        city="Beijing",
        province="CN-BJ",
        is_headquarters=True,
    )


@pytest.fixture
def official(shanghai):
    """A trade officer at the Shanghai center."""
    return factories.StaffAssignmentFactory(
        center=shanghai, official__user__email="officer@shanghai.example.com"
    ).official.user


@pytest.fixture
def beijing_official(beijing):
    return factories.StaffAssignmentFactory(
        center=beijing, official__user__email="officer@beijing.example.com"
    ).official.user


@pytest.fixture
def lead(beijing):
    """The lead of the Beijing center (the headquarters)."""
    return factories.StaffAssignmentFactory(
        center=beijing,
        role=StaffAssignment.Role.LEAD,
        official__user__email="lead@beijing.example.com",
    ).official.user


@pytest.fixture
def administrator(db):
    return factories.UserFactory(
        is_staff=True, role=Role.ADMINISTRATOR, email="admin@example.com", full_name="관리자 홍길동"
    )


@pytest.fixture
def personas(applicant, official, administrator):
    """One user per role, by the role's name; `anonymous` is None."""
    return {
        "anonymous": None,
        Role.COMPANY_MEMBER.value: applicant,
        Role.TRADE_OFFICIAL.value: official,
        Role.ADMINISTRATOR.value: administrator,
    }


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_blocker):
    """One live worker, in a thread, on the configured broker, for the whole session."""
    from celery.contrib.testing import tasks  # noqa: F401  registers celery.ping for the ping check
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    # Messages left by an interrupted earlier run would otherwise be delivered now. This
    # empties the queue of the Redis database the tests were given: give them their own.
    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", perform_ping_check=True, loglevel="WARNING", shutdown_timeout=10
    ) as worker:
        yield worker


@pytest.fixture
def live_worker(transactional_db, _celery_worker_session):
    """A real Celery worker consuming from the real broker (Redis in CI).

    The worker runs in a thread with its own database connection, so the test's data must
    be committed: hence transactional_db.
    """
    celery_app.conf.task_always_eager = False
    yield _celery_worker_session
    celery_app.conf.task_always_eager = True
