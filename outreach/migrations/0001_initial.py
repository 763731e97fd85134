"""Announcements, moved here from the cases app with their rows.

The model first takes over the table as it is (the state only), then the table, its
sectors table and its index get this app's names, and the content type follows so that
anything pointing at it (permissions, admin log entries) keeps pointing at it. On a new
database the cases app's migrations have created the table just before.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="cases", target="outreach"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label=source, model="announcement")
    if old.exists():
        ContentType.objects.using(db).filter(app_label=target, model="announcement").delete()
        old.update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="outreach", target="cases")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0008_queue_indexes"),
        ("centers", "0004_jurisdiction_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0003_program_four_eyes_above"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Announcement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(max_length=5000, verbose_name="message")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="posted"
                            ),
                        ),
                        (
                            "fanned_out_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="sent to everyone"
                            ),
                        ),
                        (
                            "recipients",
                            models.PositiveIntegerField(default=0, verbose_name="recipients"),
                        ),
                        (
                            "center",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="announcements",
                                to="centers.supportcenter",
                                verbose_name="support center",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="posted by",
                            ),
                        ),
                        (
                            "sectors",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="programs.sector",
                                verbose_name="sectors",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_announcement",
                        "verbose_name": "announcement",
                        "verbose_name_plural": "announcements",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["center", "-created_at"],
                                name="cases_annou_center__2438e6_idx",
                            ),
                            models.Index(
                                condition=models.Q(("fanned_out_at__isnull", True)),
                                fields=["created_at"],
                                name="announcement_not_fanned_out",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # None: the app's own name, outreach_announcement (and its sectors table).
        migrations.AlterModelTable(name="announcement", table=None),
        migrations.RenameIndex(
            model_name="announcement",
            new_name="announcement_center_recent",
            old_name="cases_annou_center__2438e6_idx",
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
