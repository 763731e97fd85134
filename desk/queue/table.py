"""The queue's table rows as HTML, printed in Python in one pass.

Fifty rows of a dozen values each cost the template engine about a thousand nodes a page
(a lookup, a localization and an escape per value), more than the queue's query. The
markup is the one templates/desk/queue.html printed row by row, character for character
(tests/desk/test_queue_markup.py compares the two).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

_PICK = (
    '<td><input class="form-check-input" type="checkbox" name="cases" value="{pk}" '
    'id="pick-{pk}" aria-label="{pick_label}">\n'
    '              <input type="hidden" name="version-{pk}" value="{version}"></td>'
)
_ROW = (
    '\n          <tr data-case="{reference}">\n'
    "            {pick}\n"
    '            <th scope="row" class="fw-normal"><a href="{url}">{reference}</a></th>\n'
    "            <td>{company}<br>"
    '<span class="small text-body-secondary text-nowrap">{business_number}</span></td>\n'
    "            <td>{program}</td>\n"
    "            <td>{state}</td>\n"
    "            <td>{center}</td>\n"
    "            <td>{assigned_to}</td>\n"
    '            <td class="text-end">{priority}</td>\n'
    '            <td class="text-end">{waited}</td>\n'
    "            <td>{due}\n"
    "              {flag}{late}</td>\n"
    "          </tr>\n"
    "        "
)
_TEXT = (
    "reference",
    "url",
    "pick_label",
    "company",
    "business_number",
    "program",
    "state",
    "center",
    "waited",
    "due",
)


def rows_markup(rows: list[dict], *, may_assign: bool) -> SafeString:
    """The <tr>s of the queue's table for desk.queue.rows' values, in the current language."""
    nobody = f'<span class="text-body-secondary">{escape(gettext("Nobody yet"))}</span>'
    flags = {
        "overdue": f'<span class="badge text-bg-danger">{escape(gettext("Overdue"))}</span>'
        "\n              ",
        "due_soon": f'<span class="badge text-bg-warning">{escape(gettext("Due soon"))}</span>',
    }
    parts = []
    for row in rows:
        values = {name: escape(str(row[name])) for name in _TEXT}
        values.update(
            pk=row["pk"],
            version=row["version"],
            priority=row["priority"],
            assigned_to=escape(str(row["assigned_to"])) if row["assigned_to"] else nobody,
            flag=flags.get(row["flag"], ""),
            late=_late_badge(row["milestones_late"]),
        )
        values["pick"] = _PICK.format(**values) if may_assign else ""
        parts.append(_ROW.format(**values))
    return mark_safe("".join(parts))


def _late_badge(late: int) -> str:
    """A reshoring case's late relocation milestones, as its case page counts them."""
    if not late:
        return ""
    text = ngettext("%(late)s milestone late", "%(late)s milestones late", late) % {"late": late}
    return f'<span class="badge text-bg-danger">{escape(text)}</span>'
