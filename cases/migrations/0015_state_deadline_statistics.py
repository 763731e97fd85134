"""Statistics on a case's state and deadline together, for PostgreSQL's planner.

A deadline (sla_due) is set only while a case is open, so the two columns are correlated.
Taken as independent, "in review and overdue" was expected to match 1,500 of a million
cases where 51,000 did: the desk's filtered queue then read the deadline index and sorted
thousands of rows (about 100 ms) instead of walking the queue's index (under 1 ms). A
list of the most common (state, deadline) pairs lets the planner count them; open cases'
deadlines span a few hundred days, so the list holds nearly all of them.
"""

from django.db import migrations

NAME = "case_state_deadline"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (mcv) ON state, sla_due FROM cases_case"
    )
    schema_editor.execute(f"ALTER STATISTICS {NAME} SET STATISTICS 1000")
    schema_editor.execute("ANALYZE cases_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_business_days_to_answer")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
