"""The administrators' CSV of monthly export figures: parsed whole, imported whole.

One malformed row refuses the file: a half-imported month would put wrong figures on the
ministry's page without anyone noticing. Importing a month replaces what the site held
for it, so a corrected release is simply imported again.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from insights.models import ExportIndicator

COLUMNS = ["month", "market", "product_group", "exports_usd", "imports_usd"]
MAX_ROWS = 5000


@dataclass(frozen=True)
class Row:
    line: int
    month: datetime.date
    market: str
    product_group: str
    exports_usd: Decimal
    imports_usd: Decimal | None

    @property
    def market_label(self) -> str:
        return ExportIndicator.Market(self.market).label

    @property
    def product_group_label(self) -> str:
        return ExportIndicator.ProductGroup(self.product_group).label


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str


class CSVRefused(Exception):
    def __init__(self, errors: list[LineError]):
        super().__init__("; ".join(f"{e.line}: {e.reason}" for e in errors))
        self.errors = errors


def _amount(text: str, column: str, *, required: bool) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        if required:
            raise ValueError(_("%(column)s is empty.") % {"column": column})
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            _("%(column)s is not a number: “%(value)s”.") % {"column": column, "value": text}
        ) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError(
            _("%(column)s must be zero or more, with at most two decimals.") % {"column": column}
        )
    if value >= Decimal("1e14"):
        raise ValueError(_("%(column)s is too large.") % {"column": column})
    return value


def _row(line: int, record: dict) -> Row:
    try:
        month = datetime.datetime.strptime(record["month"].strip(), "%Y-%m").date()
    except ValueError:
        raise ValueError(
            _("month must be written YYYY-MM, not “%(value)s”.") % {"value": record["month"]}
        ) from None
    market = record["market"].strip()
    if market not in ExportIndicator.Market.values:
        raise ValueError(
            _("unknown market “%(value)s” (expected %(choices)s).")
            % {"value": market, "choices": ", ".join(ExportIndicator.Market.values)}
        )
    group = record["product_group"].strip() or ExportIndicator.ProductGroup.ALL
    if group not in ExportIndicator.ProductGroup.values:
        raise ValueError(
            _("unknown product group “%(value)s” (expected %(choices)s).")
            % {"value": group, "choices": ", ".join(ExportIndicator.ProductGroup.values)}
        )
    return Row(
        line=line,
        month=month,
        market=market,
        product_group=group,
        exports_usd=_amount(record["exports_usd"] or "", "exports_usd", required=True),
        imports_usd=_amount(record["imports_usd"] or "", "imports_usd", required=False),
    )


def parse(text: str) -> list[Row]:
    """Every row of the file, or CSVRefused naming each bad line (the header is line 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    if header != COLUMNS:
        raise CSVRefused(
            [LineError(1, _("the header must be: %(columns)s.") % {"columns": ",".join(COLUMNS)})]
        )
    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(
                LineError(line, _("the file has more than %(max)s rows.") % {"max": MAX_ROWS})
            )
            break
        if None in record or any(value is None for value in record.values()):
            errors.append(
                LineError(line, _("expected %(count)s columns.") % {"count": len(COLUMNS)})
            )
            continue
        try:
            row = _row(line, record)
        except ValueError as error:
            errors.append(LineError(line, str(error)))
            continue
        key = (row.month, row.market, row.product_group)
        if key in seen:
            errors.append(
                LineError(
                    line, _("the same month and series as line %(line)s.") % {"line": seen[key]}
                )
            )
            continue
        seen[key] = line
        rows.append(row)
    if errors:
        raise CSVRefused(errors)
    if not rows:
        raise CSVRefused([LineError(2, _("the file has no rows."))])
    return rows


@transaction.atomic
def indicators_import(*, text: str) -> int:
    """Import the whole file or nothing; a market's month in it replaces what the site
    held for that market and month (every product group: a release is read whole)."""
    rows = parse(text)
    replaced = Q()
    for month, market in {(row.month, row.market) for row in rows}:
        replaced |= Q(month=month, market=market)
    ExportIndicator.objects.filter(replaced).delete()
    ExportIndicator.objects.bulk_create(
        ExportIndicator(
            month=row.month,
            market=row.market,
            product_group=row.product_group,
            exports_usd=row.exports_usd,
            imports_usd=row.imports_usd,
        )
        for row in rows
    )
    return len(rows)
