"""Announcements become one kind of opportunity: each row moves to the opportunities'
table with its number (so the notifications' dedupe keys and links still name it), its
sectors, its author, its time and whether it was sent to everyone; the model stays, as a
proxy of the opportunities of that kind. Reversible: the rows move back."""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models


def _reset_sequence(schema_editor, model):
    # Rows inserted with their numbers: PostgreSQL's sequence must pass them (SQLite's
    # AUTOINCREMENT follows by itself).
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


def copy_announcements(apps, schema_editor):
    Announcement = apps.get_model("outreach", "Announcement")
    Opportunity = apps.get_model("outreach", "Opportunity")
    db = schema_editor.connection.alias
    taken = set(Opportunity.objects.using(db).values_list("pk", flat=True))
    for old in Announcement.objects.using(db).order_by("pk"):
        new = Opportunity.objects.using(db).create(
            pk=None if old.pk in taken else old.pk,
            center_id=old.center_id,
            kind="announcement",
            title=old.title,
            description=old.body,
            province="",
            deadline=None,
            created_by_id=old.created_by_id,
            created_at=old.created_at,
            fanned_out_at=old.fanned_out_at,
            recipients=old.recipients,
        )
        new.sectors.set(old.sectors.values_list("pk", flat=True))
    _reset_sequence(schema_editor, Opportunity)


def copy_announcements_back(apps, schema_editor):
    Announcement = apps.get_model("outreach", "Announcement")
    Opportunity = apps.get_model("outreach", "Opportunity")
    db = schema_editor.connection.alias
    moved = Opportunity.objects.using(db).filter(kind="announcement").order_by("pk")
    for new in moved:
        old = Announcement.objects.using(db).create(
            pk=new.pk,
            center_id=new.center_id,
            title=new.title,
            body=new.description,
            created_by_id=new.created_by_id,
            created_at=new.created_at,
            fanned_out_at=new.fanned_out_at,
            recipients=new.recipients,
        )
        old.sectors.set(new.sectors.values_list("pk", flat=True))
    moved.delete()
    _reset_sequence(schema_editor, Announcement)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0005_assignment_ended_by"),
        ("outreach", "0002_liaison"),
        ("programs", "0004_text_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="opportunity",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="deadline"),
        ),
        migrations.AlterField(
            model_name="opportunity",
            name="kind",
            field=models.CharField(
                choices=[
                    ("buyer", "Buyer's request"),
                    ("tender", "Tender"),
                    ("fair", "Trade fair"),
                    ("project", "Local government project"),
                    ("announcement", "Announcement"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="opportunity",
            name="province",
            field=models.CharField(
                blank=True,
                choices=[
                    ("CN-AH", "Anhui"),
                    ("CN-BJ", "Beijing"),
                    ("CN-CQ", "Chongqing"),
                    ("CN-FJ", "Fujian"),
                    ("CN-GS", "Gansu"),
                    ("CN-GD", "Guangdong"),
                    ("CN-GX", "Guangxi"),
                    ("CN-GZ", "Guizhou"),
                    ("CN-HI", "Hainan"),
                    ("CN-HE", "Hebei"),
                    ("CN-HL", "Heilongjiang"),
                    ("CN-HA", "Henan"),
                    ("CN-HB", "Hubei"),
                    ("CN-HN", "Hunan"),
                    ("CN-NM", "Inner Mongolia"),
                    ("CN-JS", "Jiangsu"),
                    ("CN-JX", "Jiangxi"),
                    ("CN-JL", "Jilin"),
                    ("CN-LN", "Liaoning"),
                    ("CN-NX", "Ningxia"),
                    ("CN-QH", "Qinghai"),
                    ("CN-SN", "Shaanxi"),
                    ("CN-SD", "Shandong"),
                    ("CN-SH", "Shanghai"),
                    ("CN-SX", "Shanxi"),
                    ("CN-SC", "Sichuan"),
                    ("CN-TJ", "Tianjin"),
                    ("CN-XZ", "Tibet"),
                    ("CN-XJ", "Xinjiang"),
                    ("CN-YN", "Yunnan"),
                    ("CN-ZJ", "Zhejiang"),
                ],
                max_length=5,
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["center", "-created_at"], name="opportunity_center_recent"),
        ),
        migrations.AddConstraint(
            model_name="opportunity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "announcement"),
                    models.Q(
                        models.Q(("province", ""), _negated=True), ("deadline__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="opportunity_province_and_deadline_unless_announcement",
            ),
        ),
        # After the schema changes: PostgreSQL refuses DDL on a table with rows just
        # written in the same transaction (their deferred foreign key checks pending).
        migrations.RunPython(copy_announcements, copy_announcements_back),
        migrations.DeleteModel(
            name="Announcement",
        ),
        migrations.CreateModel(
            name="Announcement",
            fields=[],
            options={
                "verbose_name": "announcement",
                "verbose_name_plural": "announcements",
                "ordering": ["-created_at", "-pk"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("outreach.opportunity",),
        ),
    ]
