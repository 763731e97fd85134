"""The queue prints in Python what its template printed: the same rows, the same options.

The rows and the filter's select boxes are printed without the template engine, for speed
(desk/queue/table.py, desk/queue/widgets.py). These tests hold them to the markup they
replace: the queue's former per-row template, kept here as the reference, and Django's own
Select widget.
"""

import datetime
import re

import pytest
from django import forms
from django.template import engines
from django.utils import timezone, translation

from cases.models import Case, CaseState
from centers.models import TradeOfficial
from desk import queue
from reshoring.models import MILESTONE_ORDER, Milestone
from tests.desk.test_desk import submitted
from tests.factories import PromisingItemFactory, SectorFactory

# The rows as templates/desk/queue.html printed them, one {% for %} over desk.queue.rows.
REFERENCE_ROWS = engines["django"].from_string(
    """{% load i18n %}{% for row in rows %}
          <tr data-case="{{ row.reference }}">
            {% if may_assign %}<td><input class="form-check-input" type="checkbox" name="cases" value="{{ row.pk }}" id="pick-{{ row.pk }}" aria-label="{{ row.pick_label }}">
              <input type="hidden" name="version-{{ row.pk }}" value="{{ row.version }}"></td>{% endif %}
            <th scope="row" class="fw-normal"><a href="{{ row.url }}">{{ row.reference }}</a></th>
            <td>{{ row.company }}<br><span class="small text-body-secondary text-nowrap">{{ row.business_number }}</span></td>
            <td>{{ row.program }}</td>
            <td>{{ row.state }}</td>
            <td>{{ row.center }}</td>
            <td>{% if row.assigned_to %}{{ row.assigned_to }}{% else %}<span class="text-body-secondary">{% translate "Nobody yet" %}</span>{% endif %}</td>
            <td class="text-end">{{ row.priority }}</td>
            <td class="text-end">{{ row.waited }}</td>
            <td>{{ row.due }}
              {% if row.flag == "overdue" %}<span class="badge text-bg-danger">{% translate "Overdue" %}</span>
              {% elif row.flag == "due_soon" %}<span class="badge text-bg-warning">{% translate "Due soon" %}</span>{% endif %}{% if row.milestones_late %}<span class="badge text-bg-danger">{% blocktranslate count late=row.milestones_late %}{{ late }} milestone late{% plural %}{{ late }} milestones late{% endblocktranslate %}</span>{% endif %}</td>
          </tr>
        {% endfor %}"""  # noqa: E501
)


@pytest.fixture
def varied_cases(shanghai, official):
    """Rows of every kind: assigned or not, overdue, due soon, no clock, no center, late
    relocation milestones, and a company name that must be escaped."""
    today = timezone.localdate()
    assignee = TradeOfficial.objects.get(user=official)
    submitted(shanghai, sla_due=today - datetime.timedelta(days=3), assigned_to=assignee)
    submitted(shanghai, sla_due=today, company__name_en='Kim & Lee <Trading> "Co"')
    submitted(shanghai, sla_due=None, state=CaseState.IN_REVIEW, days_ago=30, priority=7)
    submitted(None, company__name_ko="한빛 <배터리> & 상사", priority=12_345)
    submitted(shanghai, sla_due=today + datetime.timedelta(days=40), days_ago=0)
    # Reshoring cases in relocation: one with two milestones late, one with one late and
    # one not due yet.
    for late, on_time in ((2, 0), (1, 1)):
        case = submitted(shanghai, state=CaseState.RELOCATION, priority=3)
        for position, kind in enumerate(MILESTONE_ORDER[: late + on_time]):
            days = -1 if position < late else 30
            Milestone.objects.create(
                case=case, kind=kind, position=position, due_on=today + datetime.timedelta(days)
            )
    return list(Case.objects.values(*queue.paging.ROW_VALUES).order_by("pk"))


@pytest.mark.parametrize("language", ["ko", "en", "zh-hans"])
@pytest.mark.parametrize("may_assign", [True, False])
def test_the_rows_print_as_the_template_printed_them(varied_cases, language, may_assign):
    with translation.override(language):
        # No names kept: the rows read the programs' and centers' names themselves, as
        # they do for one saved in another process within the catalog's minute.
        rows = queue.rows(varied_cases, timezone.localdate(), names={})
        expected = REFERENCE_ROWS.render({"rows": rows, "may_assign": may_assign})

        shown = queue.rows_markup(rows, may_assign=may_assign)

    assert shown == expected
    assert {row["flag"] for row in rows} == {"overdue", "due_soon", ""}
    assert sorted(row["milestones_late"] for row in rows) == [0, 0, 0, 0, 0, 1, 2]
    assert "Kim &amp; Lee &lt;Trading&gt; &quot;Co&quot;" in shown or language == "ko"


def test_a_queue_without_cases_says_so(client, varied_cases, lead):
    client.force_login(lead)  # Beijing's lead: none of these cases is Beijing's

    page = client.get("/desk/").content.decode()

    assert "No case matches." in page
    assert "<tr data-case=" not in page


def _one_line(html: str) -> str:
    """Django's select template puts each option on a line of its own."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_filters_select_boxes_are_djangos_markup(db, official, shanghai, language):
    area = SectorFactory(code="area-energy", name_en="Energy & <Power>", name_ko="에너지")
    industry = SectorFactory(code="batteries", parent=area, name_en="Batteries")
    item = PromisingItemFactory(sector=industry)
    chosen = {"state": "in_review", "sector": str(industry.pk), "item": str(item.pk)}
    with translation.override(language):
        for data in ({}, chosen, {"sector": "not-a-number", "assigned": "me"}):
            filterset = queue.DeskFilter(
                data,
                queryset=Case.objects.all(),
                user=official,
                center_ids=[shanghai.pk],
            )
            for bound in filterset.form:
                widget = bound.field.widget
                if not isinstance(widget, forms.Select):
                    continue
                attrs = {"id": bound.auto_id}
                fast = widget.render(bound.html_name, bound.value(), attrs)
                stock = forms.Select.render(widget, bound.html_name, bound.value(), attrs)
                assert fast == _one_line(stock), bound.name
                if data.get(bound.name) in (str(industry.pk), "in_review"):
                    assert f'value="{data[bound.name]}" selected>' in fast


def test_a_renamed_sector_shows_at_once(client, official, shanghai):
    area = SectorFactory(code="area-food", name_en="Food and drink")
    client.force_login(official)
    assert "Food and drink" in client.get("/desk/").content.decode()

    area.name_en = "Food, drink and tobacco"
    area.save()

    page = client.get("/desk/").content.decode()
    assert "Food, drink and tobacco" in page
    assert "Food and drink<" not in page
