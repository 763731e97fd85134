"""Rows in and out by the ten thousand: ids reserved at once, COPY on PostgreSQL
(bulk_create elsewhere), fresh planner statistics, deletes in batches."""

import time

from django.db import connection, models, transaction

from applicants.models import Company
from cases.models import Case


def reserve_ids(model, count: int) -> int:
    """The first of `count` consecutive ids nobody else will take."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
                f"(SELECT last_value FROM {sequence}))"
            )
            last = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, last + count])
            return last + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0] + 1


def insert(model, rows, through_rows):
    """The rows, then the many-to-many rows; COPY on PostgreSQL, bulk_create elsewhere."""
    through = model.promising_items.through if model is Company else model.export_items.through
    with transaction.atomic():
        if connection.vendor == "postgresql":
            copy(model, rows)
            copy(through, through_rows)
        else:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
            through.objects.bulk_create([through(**row) for row in through_rows], batch_size=500)


def copy(model, rows):
    if not rows:
        return
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
    json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    # Fields the generator leaves out take their default (the schema may grow).
    missing = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in rows[0] and not f.primary_key and f.has_default()
    ]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields + missing)
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f.attname for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [row[name] for name in names]
            for index in json:
                values[index] = Jsonb(values[index])
            copy.write_row(values + defaults)


def analyze(stdout):
    """Fresh statistics for the planner; VACUUM too when it may run (not inside a
    transaction, as in a test): it empties the trigram indexes' pending lists, which a
    bulk load fills and every search would otherwise read through."""
    started = time.perf_counter()
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = [
        Case._meta.db_table,
        Case.export_items.through._meta.db_table,
        Company._meta.db_table,
        Company.promising_items.through._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    stdout.write(f"  {command} in {time.perf_counter() - started:.1f} s")


def delete_in_batches(queryset, size: int = 20_000) -> int:
    """Delete the rows in transactions of `size`, so a million never sit in one."""
    deleted = 0
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:size]):
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted
