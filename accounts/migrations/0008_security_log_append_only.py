"""The security log is append-only in the database too, whatever writes to it.

PostgreSQL: a trigger refuses UPDATE and DELETE of any row. TRUNCATE fires no row trigger,
so the test suite's flush between transactional tests still empties the table; only the
table's owner may truncate, and the application never does.

SQLite (the laptop's database): a trigger refuses UPDATE only. Django's test flush empties
tables with DELETE there, and SQLite has no session setting a trigger could consult to let
only that through; deleting stays refused by the model, its queryset and the admin.
"""

from django.db import migrations

from accounts.roles import Role, grant_permissions

POSTGRESQL = [
    """
    CREATE FUNCTION accounts_securityevent_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the security log is append-only: % refused', TG_OP;
    END;
    $$;
    """,
    """
    CREATE TRIGGER accounts_securityevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_securityevent
    FOR EACH ROW EXECUTE FUNCTION accounts_securityevent_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_securityevent_append_only ON accounts_securityevent;",
    "DROP FUNCTION IF EXISTS accounts_securityevent_append_only();",
]
SQLITE = [
    """
    CREATE TRIGGER accounts_securityevent_no_update
    BEFORE UPDATE ON accounts_securityevent
    BEGIN
        SELECT RAISE(ABORT, 'the security log is append-only: UPDATE refused');
    END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS accounts_securityevent_no_update;"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses %

    return run


def grant(apps, schema_editor):
    # Administrators read the log (in the admin and on the staffing page); nobody edits it.
    grant_permissions(apps, Role.ADMINISTRATOR, ["accounts.view_securityevent"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_security_event")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
