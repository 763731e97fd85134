"""The triage desk's queue: which cases an official sees, how they are filtered, searched,
ordered and paged, in queries that stay fast at a million cases on PostgreSQL.

- Scope: the cases of the centers the official staffs now (administrators: all), by the
  center ids read once, so no join decides the scope and the partial queue indexes serve
  the order.
- Order: priority (stored on the case), then the longest waiting, then the id.
- Pages: keyset ("after this row"), never OFFSET and never a COUNT of the table, so a page
  deep in the queue costs what the first one does.
- Search: a reference, a business registration number, or any part of the company's name
  in Korean or English (trigram indexes on PostgreSQL, see applicants migration 0005).
"""

from desk.queue.filters import DeskFilter
from desk.queue.options import assignees, forget_assignees, forget_catalog_options
from desk.queue.paging import ORDER, PAGE_SIZE, Page, page
from desk.queue.rows import rows, state_labels
from desk.queue.scope import (
    desk_cases,
    may_assign,
    may_use_desk,
    staffed_center_ids,
    staffed_centers,
)
from desk.queue.search import search
from desk.queue.table import rows_markup
from desk.queue.widgets import quick_choices

__all__ = [
    "ORDER",
    "PAGE_SIZE",
    "DeskFilter",
    "Page",
    "assignees",
    "desk_cases",
    "forget_assignees",
    "forget_catalog_options",
    "may_assign",
    "may_use_desk",
    "page",
    "quick_choices",
    "rows",
    "rows_markup",
    "search",
    "staffed_center_ids",
    "staffed_centers",
    "state_labels",
]
