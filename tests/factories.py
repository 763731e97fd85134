"""factory_boy factories for every model; personas in conftest.py are built from these."""

import itertools

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company, CompanyMember, CompanySize, KoreanRegion
from applicants.validators import business_number_check_digit
from centers.models import ChineseProvince, StaffAssignment, SupportCenter, TradeOfficial
from programs.models import Sector

PASSWORD = "correct-horse-battery-staple"

_business_numbers = itertools.count(100000001)


def valid_business_number() -> str:
    nine = str(next(_business_numbers))
    return nine + str(business_number_check_digit(nine))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="ko_KR")
    language = "ko"
    password = factory.django.Password(PASSWORD)
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role(extracted).value))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_ko = factory.Sequence(lambda n: f"업종 {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    is_focus = True


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    business_number = factory.LazyFunction(valid_business_number)
    name_ko = factory.Sequence(lambda n: f"수출기업 {n} 주식회사")
    name_en = factory.Sequence(lambda n: f"Exporter {n} Co., Ltd.")
    representative = factory.Faker("name", locale="ko_KR")
    size = CompanySize.SME
    region = KoreanRegion.GYEONGGI
    sector = factory.SubFactory(SectorFactory)


class CompanyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMember

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=Role.COMPANY_MEMBER)
    role = CompanyMember.Role.MEMBER


class SupportCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCenter
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"center-{n}")
    name_ko = factory.Sequence(lambda n: f"지원센터 {n}")
    name_en = factory.Sequence(lambda n: f"Support Center {n}")
    name_zh = factory.Sequence(lambda n: f"支援中心 {n}")
    city = "Shanghai"
    province = ChineseProvince.SHANGHAI
    status = SupportCenter.Status.OPEN


class TradeOfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeOfficial

    user = factory.SubFactory(UserFactory, role=Role.TRADE_OFFICIAL)
    title = "무역관"


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    official = factory.SubFactory(TradeOfficialFactory)
    center = factory.SubFactory(SupportCenterFactory)
    role = StaffAssignment.Role.OFFICER
