"""Announcements move to the outreach app: this app forgets the model, the table stays
(outreach's first migration takes it over with its rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_queue_indexes"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Announcement")],
            database_operations=[],
        ),
    ]
