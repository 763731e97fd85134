"""Trigram indexes for the desk's search by any part of a company's name, on PostgreSQL.

The desk searches with `icontains`, which PostgreSQL runs as UPPER(column) LIKE UPPER(%s):
the indexes are on those expressions. Other databases scan, which is fine for a laptop.
Creating the pg_trgm extension needs a role allowed to (the database owner on PostgreSQL 13
and later, as pg_trgm is a trusted extension).
"""

from django.db import migrations

INDEXES = {
    "applicants_company_name_ko_trgm": "name_ko",
    "applicants_company_name_en_trgm": "name_en",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON applicants_company "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("applicants", "0004_invitations_and_join_requests")]

    operations = [migrations.RunPython(create, drop)]
