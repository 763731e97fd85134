"""The desk's order over every submitted case (case_queue* cover only the open ones).

The desk can show any state; at a million cases PostgreSQL otherwise sorts the table for a
page of 50. Building it takes a couple of seconds at that size.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_announcements")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("state", "draft"), _negated=True),
                fields=["-priority", "submitted_at", "id"],
                name="case_desk",
            ),
        ),
    ]
