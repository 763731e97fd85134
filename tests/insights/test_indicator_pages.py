"""The administrators' indicator page and its CSV import with a preview."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.demo import seed_indicators
from insights.models import ExportIndicator

pytestmark = pytest.mark.django_db

HEADER = "month,market,product_group,exports_usd,imports_usd\n"
GOOD = HEADER + "2023-04,china,all,9520000000,11790000000\n2023-04,all,semiconductors,6400000000,\n"


def upload(client, text, name="figures.csv"):
    return client.post(
        reverse("staffing:indicators_import"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_it_shows_the_latest_month_with_its_chart_and_table(admin_client):
    seed_indicators()
    response = admin_client.get(reverse("staffing:indicators"))
    page = response.content.decode()
    assert "April 2023: exports of US$ 9,520 million" in page
    assert "-26.5 % year on year" in page
    assert "11 months of decline in a row" in page
    assert "In deficit since October 2022." in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "illustrative" in page
    assert '<tr data-month="2023-04">' in page


def test_the_page_reads_the_series_in_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    seed_indicators()
    with django_assert_max_num_queries(8) as few:
        admin_client.get(reverse("staffing:indicators"))
    ExportIndicator.objects.bulk_create(
        ExportIndicator(
            month=datetime.date(2000 + n // 12, n % 12 + 1, 1),
            market=ExportIndicator.Market.CHINA,
            exports_usd=Decimal(1000 + n),
        )
        for n in range(240)
    )
    with django_assert_max_num_queries(len(few)):
        admin_client.get(reverse("staffing:indicators"))


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line(admin_client):
    text = GOOD + "2023-13,china,all,100,\n"
    response = upload(admin_client, text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 4: month must be written YYYY-MM" in page
    assert "Nothing from this file was imported." in page
    assert not ExportIndicator.objects.exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2023-04,japan,all,1,", "unknown market"),
        ("2023-04,china,cars,1,", "unknown product group"),
        ("2023-04,china,all,-5,", "exports_usd must be zero or more"),
        ("2023-04,china,all,ten,", "exports_usd is not a number"),
        ("2023-04,china,all,,", "exports_usd is empty"),
        ("2023-04,china,all,1", "expected 5 columns"),
        ("2023-04,china,all,1,2", "the same month and series as line 2"),
    ],
)
def test_each_kind_of_bad_row_is_named(admin_client, row, reason):
    response = upload(admin_client, GOOD + row + "\n")
    assert f"Line 4: {reason}" in response.content.decode()
    assert not ExportIndicator.objects.exists()


def test_a_good_file_is_previewed_then_imported(admin_client):
    response = upload(admin_client, GOOD)
    page = response.content.decode()
    assert "The file holds 2 monthly figures." in page
    assert "Semiconductors" in page and "US$ 9,520,000,000.00" in page
    assert not ExportIndicator.objects.exists()

    response = admin_client.post(
        reverse("staffing:indicators_import"),
        {"text": response.context["preview"]["form"]["text"].value()},
    )
    assert response.status_code == 302
    assert ExportIndicator.objects.count() == 2


def test_importing_a_month_again_replaces_it(admin_client):
    seed_indicators()
    april = datetime.date(2023, 4, 1)
    text = HEADER + "2023-04,china,all,9000000000,9500000000\n"
    admin_client.post(reverse("staffing:indicators_import"), {"text": text})
    china = ExportIndicator.objects.filter(market="china", month=april)
    assert [(r.exports_usd, r.imports_usd) for r in china] == [
        (Decimal("9000000000.00"), Decimal("9500000000.00"))
    ]
    # The other market's April stays.
    assert ExportIndicator.objects.filter(market="all", month=april).count() == 2
    page = admin_client.get(reverse("staffing:indicators")).content.decode()
    assert "April 2023: exports of US$ 9,000 million" in page


def test_a_file_that_is_not_utf8_is_refused_next_to_the_field(admin_client):
    response = admin_client.post(
        reverse("staffing:indicators_import"),
        {"file": SimpleUploadedFile("f.csv", "월,시장".encode("euc-kr"))},
    )
    assert "The file is not UTF-8 text." in response.content.decode()


def test_a_file_too_large_for_the_preview_is_refused_next_to_the_field(admin_client):
    text = GOOD + "2023-04,all,all,1,\n" * 30_000
    response = upload(admin_client, text)
    assert "The file is larger than 512 KB." in response.content.decode()
    assert not ExportIndicator.objects.exists()
