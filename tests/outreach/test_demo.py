"""The demo's liaison: difficulties at each status, contacts at each level, opportunities
with interest; made once."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from outreach.models import Contact, Difficulty, Interest, Opportunity
from outreach.selectors import quarter_of
from tests.factories import UserFactory


def seed():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_each_status_each_level_and_interest_and_is_made_once(db):
    seed()
    statuses = set(Difficulty.objects.values_list("status", flat=True))
    assert statuses == set(Difficulty.Status.values)
    levels = set(Contact.objects.values_list("body__level", flat=True))
    assert levels == {"central", "provincial", "municipal"}
    assert Interest.objects.count() == Opportunity.objects.count() == 4
    counts = (Difficulty.objects.count(), Contact.objects.count(), Interest.objects.count())

    seed()

    assert (Difficulty.objects.count(), Contact.objects.count(), Interest.objects.count()) == counts


def test_the_overview_shows_the_demo_quarter(client, db):
    seed()
    admin = UserFactory(is_staff=True, role="administrator")
    client.force_login(admin)
    latest = Contact.objects.order_by("-held_on").first().held_on
    response = client.get(reverse("staffing:liaison"), {"quarter": quarter_of(latest)})
    assert response.status_code == 200
    assert "海关总署" in response.content.decode()
