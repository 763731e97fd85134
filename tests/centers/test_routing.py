import pytest

from centers import routing, services
from centers.models import StaffAssignment
from tests.factories import SectorFactory, StaffAssignmentFactory, TradeOfficialFactory


@pytest.fixture
def batteries(db):
    return SectorFactory(code="secondary-batteries", parent=SectorFactory(code="new-industries"))


@pytest.fixture
def east(shanghai, beijing):
    services.center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-JS"])
    services.center_set_jurisdiction(center=beijing, provinces=["CN-BJ"])
    return shanghai


def officer(center, *, specialties=(), capacity=100, active=True):
    official = TradeOfficialFactory(max_open_cases=capacity, is_active=active)
    official.specialties.set(specialties)
    StaffAssignmentFactory(official=official, center=center)
    return official


def no_load(center):
    return {}


def test_it_routes_to_the_center_covering_the_province(east, batteries):
    assert routing.route(province="CN-JS", sector=batteries, loads_for=no_load).center == east


def test_it_falls_back_to_the_headquarters(east, beijing, batteries):
    assert routing.route(province="CN-YN", sector=batteries, loads_for=no_load).center == beijing


def test_it_suggests_a_specialist_of_the_sector_or_its_area(east, batteries):
    officer(east)
    specialist = officer(east, specialties=[batteries.parent])

    route = routing.route(province="CN-SH", sector=batteries, loads_for=no_load)

    assert route.official == specialist


def test_it_suggests_the_lowest_load_relative_to_capacity(east, batteries):
    busy = officer(east, specialties=[batteries], capacity=10)
    roomy = officer(east, specialties=[batteries], capacity=100)
    loads = {busy.pk: 5, roomy.pk: 20}  # 50 % against 20 %

    route = routing.route(province="CN-SH", sector=batteries, loads_for=lambda c: loads)

    assert route.official == roomy


def test_it_breaks_ties_by_fewer_cases_then_by_staff_number(east, batteries):
    first, second, third = (officer(east, capacity=capacity) for capacity in (10, 20, 20))
    loads = {first.pk: 1, second.pk: 2, third.pk: 2}  # 10 %, 10 %, 10 %

    route = routing.route(province="CN-SH", sector=batteries, loads_for=lambda c: loads)
    assert route.official == first

    loads[first.pk] = 2  # 20 %: the two others tie on share and count, the earlier wins
    route = routing.route(province="CN-SH", sector=batteries, loads_for=lambda c: loads)
    assert route.official == second


def test_it_skips_inactive_officials_leads_and_former_staff(east, batteries):
    officer(east, specialties=[batteries], active=False)
    former = officer(east, specialties=[batteries])
    former.assignments.update(starts_on="2024-01-01", ends_on="2025-01-01")
    StaffAssignmentFactory(center=east, role=StaffAssignment.Role.LEAD)
    remaining = officer(east)

    route = routing.route(province="CN-SH", sector=batteries, loads_for=no_load)

    assert route.official == remaining
