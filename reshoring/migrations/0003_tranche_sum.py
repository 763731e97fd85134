"""The tranches of a case add up to its approved amount once the schedule is fixed: the
database says no to any write that breaks this, the ORM's or anyone else's.

PostgreSQL: constraint triggers, deferred to the commit, so a transaction may rearrange the
tranches as long as they add up when it ends. SQLite has no deferred triggers: fixing a
schedule whose tranches do not add up is refused, and so is any change to the tranches of
a fixed schedule (rows deleted with their case are left to the cascade)."""

from django.db import migrations

POSTGRES = [
    """CREATE FUNCTION reshoring_check_tranche_sum() RETURNS trigger AS $$
DECLARE
    the_case bigint;
    fixed timestamptz;
    total bigint;
    approved bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN the_case := OLD.case_id; ELSE the_case := NEW.case_id; END IF;
    SELECT schedule_fixed_at INTO fixed FROM reshoring_relocationplan WHERE case_id = the_case;
    IF fixed IS NULL THEN RETURN NULL; END IF;
    SELECT COALESCE(SUM(amount), 0) INTO total FROM reshoring_tranche WHERE case_id = the_case;
    SELECT approved_amount INTO approved FROM cases_case WHERE id = the_case;
    IF approved IS NULL OR total <> approved THEN
        RAISE EXCEPTION 'reshoring_tranches_add_up: case % has tranches of % won, approved % won',
            the_case, total, approved USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    """CREATE CONSTRAINT TRIGGER reshoring_tranche_sum
    AFTER INSERT OR UPDATE OR DELETE ON reshoring_tranche
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reshoring_check_tranche_sum()""",
    """CREATE CONSTRAINT TRIGGER reshoring_plan_sum
    AFTER INSERT OR UPDATE ON reshoring_relocationplan
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reshoring_check_tranche_sum()""",
]

POSTGRES_REVERSE = [
    "DROP TRIGGER reshoring_plan_sum ON reshoring_relocationplan",
    "DROP TRIGGER reshoring_tranche_sum ON reshoring_tranche",
    "DROP FUNCTION reshoring_check_tranche_sum()",
]

FIXED = "(SELECT schedule_fixed_at FROM reshoring_relocationplan WHERE case_id = {row}.case_id)"
REFUSE = "BEGIN SELECT RAISE(ABORT, 'reshoring_tranches_add_up'); END"

SQLITE = [
    f"""CREATE TRIGGER reshoring_plan_sum BEFORE UPDATE OF schedule_fixed_at
    ON reshoring_relocationplan
    WHEN NEW.schedule_fixed_at IS NOT NULL AND (
        SELECT COALESCE(SUM(amount), 0) FROM reshoring_tranche WHERE case_id = NEW.case_id
    ) IS NOT (SELECT approved_amount FROM cases_case WHERE id = NEW.case_id)
    {REFUSE};""",
    f"""CREATE TRIGGER reshoring_tranche_insert BEFORE INSERT ON reshoring_tranche
    WHEN {FIXED.format(row="NEW")} IS NOT NULL {REFUSE};""",
    f"""CREATE TRIGGER reshoring_tranche_update BEFORE UPDATE ON reshoring_tranche
    WHEN {FIXED.format(row="OLD")} IS NOT NULL OR {FIXED.format(row="NEW")} IS NOT NULL
    {REFUSE};""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER reshoring_plan_sum;",
    "DROP TRIGGER reshoring_tranche_insert;",
    "DROP TRIGGER reshoring_tranche_update;",
]


def forwards(apps, schema_editor):
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    statements = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("reshoring", "0002_milestones_and_money")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
