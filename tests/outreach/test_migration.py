"""Announcements moved from the cases app to outreach: a database migrated before the move
keeps every announcement, its sectors and its content type after it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outreach.models import Announcement, Opportunity
from tests.factories import SectorFactory, SupportCenterFactory, UserFactory

BEFORE_THE_MOVE = [("cases", "0008_queue_indexes"), ("outreach", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_announcements_posted_before_the_move():
    center = SupportCenterFactory(name_en="Shanghai")
    lead = UserFactory()
    batteries, cosmetics = SectorFactory(), SectorFactory()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE_THE_MOVE)
        OldAnnouncement = old_apps.get_model("cases", "Announcement")
        ContentType.objects.get_or_create(app_label="cases", model="announcement")
        posted = OldAnnouncement.objects.create(
            center_id=center.pk, title="Battery fair", body="Stand 12.", created_by_id=lead.pk
        )
        posted.sectors.set([batteries.pk, cosmetics.pk])
        OldAnnouncement.objects.create(center_id=center.pk, title="Tender", created_by_id=lead.pk)
    finally:
        migrate(latest)
    ContentType.objects.clear_cache()

    moved = Announcement.objects.get(pk=posted.pk)
    assert moved.title == "Battery fair"
    assert moved.center == center
    assert set(moved.sectors.all()) == {batteries, cosmetics}
    assert Announcement.objects.count() == 2
    assert ContentType.objects.get_for_model(Announcement).app_label == "outreach"
    assert not ContentType.objects.filter(app_label="cases", model="announcement").exists()
    # Announcements are one kind of opportunity now, under the same number.
    opportunity = Opportunity.objects.get(pk=posted.pk)
    assert (opportunity.kind, opportunity.description) == ("announcement", "Stand 12.")
    assert opportunity.fanned_out_at is None and opportunity.deadline is None
    # The next announcement takes the next number, not one already used.
    assert Announcement.objects.create(center=center, title="Next", created_by=lead).pk > posted.pk
