"""factory_boy factories for every model; personas in conftest.py are built from these."""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company, CompanyMember, KoreanRegion
from applicants.validators import business_number_check_digit
from centers.models import ChineseProvince, StaffAssignment, SupportCenter, TradeOfficial
from programs.models import CompanySize, DocumentType, Program, PromisingItem, Sector

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


class PromisingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromisingItem
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"item-{n}")
    name_ko = factory.Sequence(lambda n: f"유망 품목 {n}")
    name_en = factory.Sequence(lambda n: f"Promising item {n}")
    sector = factory.SubFactory(SectorFactory)
    hs_prefixes = ["8507"]


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"document-{n}")
    name_ko = factory.Sequence(lambda n: f"서류 {n}")
    name_en = factory.Sequence(lambda n: f"Document {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    """An open financing program for every sector and size, with room in its budget."""

    class Meta:
        model = Program
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    kind = Program.Kind.FINANCING
    code = factory.Sequence(lambda n: f"program-{n}")
    name_ko = factory.Sequence(lambda n: f"지원 사업 {n}")
    name_en = factory.Sequence(lambda n: f"Support program {n}")
    description_ko = "중국 수출 기업을 지원합니다."
    description_en = "Support for exporters to China."
    min_amount = 10_000_000
    max_amount = 100_000_000
    budget = 1_000_000_000
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def required_documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_documents.set(extracted)


# A real (tiny) PDF, so that content sniffing accepts it.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CaseFactory(factory.django.DjangoModelFactory):
    """A draft of company A's kind: a company, an open program, nothing filled in yet."""

    class Meta:
        model = "cases.Case"

    company = factory.SubFactory(CompanyFactory)
    program = factory.SubFactory(ProgramFactory)
    created_by = factory.SubFactory(UserFactory)
    state = "draft"
    # An approved case has its amount and date, as the database requires.
    approved_amount = factory.Maybe(
        factory.LazyAttribute(lambda case: str(case.state) == "approved"),
        yes_declaration=factory.SelfAttribute("program.min_amount"),
        no_declaration=None,
    )
    decided_at = factory.Maybe(
        factory.LazyAttribute(lambda case: str(case.state) == "approved"),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Document"

    case = factory.SubFactory(CaseFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    file = factory.django.FileField(filename="plan.pdf", data=PDF_BYTES)
    original_name = "plan.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    uploaded_by = factory.SelfAttribute("case.created_by")


class CompanyInvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation, valid for seven days from now."""

    class Meta:
        model = "applicants.CompanyInvitation"

    company = factory.SubFactory(CompanyFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    invited_by = factory.SubFactory(UserFactory, role=Role.COMPANY_MEMBER)
    token = factory.Sequence(lambda n: f"invitation-token-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    class Params:
        expired = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=8)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applicants.JoinRequest"

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=Role.COMPANY_MEMBER)
    message = "수출팀 담당자입니다."


# The liaison with Chinese authorities (outreach/) ------------------------------------------


class AuthorityBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.AuthorityBody"
        django_get_or_create = ["name_zh"]

    level = "provincial"
    province = ChineseProvince.SHANGHAI
    name_ko = factory.Sequence(lambda n: f"상하이 세관 {n}")
    name_en = factory.Sequence(lambda n: f"Shanghai Customs {n}")
    name_zh = factory.Sequence(lambda n: f"上海海关{n}")


class DifficultyFactory(factory.django.DjangoModelFactory):
    """An open difficulty at a center, as the routing leaves it."""

    class Meta:
        model = "outreach.Difficulty"

    company = factory.SubFactory(CompanyFactory)
    kind = "customs"
    province = ChineseProvince.SHANGHAI
    authority = "Yangshan port customs"
    description = "Forty pallets of battery cells held since Monday."
    center = factory.SubFactory(SupportCenterFactory)
    reported_by = factory.SubFactory(UserFactory, role=Role.COMPANY_MEMBER)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
