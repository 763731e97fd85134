"""The liaison's sample objects for the access matrix (tests/config/test_access.py)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.contacts import authority_body_find_or_add, contact_record
from outreach.difficulties import difficulty_report
from outreach.opportunities import interest_express, opportunity_publish


def liaison_samples(personas, company):
    """A difficulty of company A at Beijing, with a file; an opportunity of Beijing for
    company A's sector, and company A's interest in it."""
    difficulty = difficulty_report(
        company=company,
        by=personas["company_member"],
        kind="customs",
        province="CN-BJ",
        authority="Beijing Customs",
        description="Held.",
        attachments=[SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    personas["samples"]["difficulty"] = difficulty.pk
    personas["samples"]["difficulty_file"] = difficulty.attachments.get().pk
    opportunity = opportunity_publish(
        center=difficulty.center,
        by=personas["administrator"],
        kind="fair",
        title="Battery fair",
        description="Stands.",
        province="CN-BJ",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        sectors=[company.sector],
    )
    interest, _created = interest_express(
        opportunity=opportunity, company=company, by=personas["company_member"], message="Yes"
    )
    personas["samples"]["opportunity"] = opportunity.pk
    personas["samples"]["interest"] = interest.pk
    body = authority_body_find_or_add(
        level="provincial",
        province="CN-BJ",
        name_ko="베이징 세관",
        name_en="Beijing Customs",
        name_zh="北京海关",
    )
    contact = contact_record(
        center=difficulty.center,
        by=personas["administrator"],
        body=body,
        counterpart="Director Li",
        held_on=datetime.date.today() - datetime.timedelta(days=1),
        channel="call",
        topics="The held goods",
        outcome="Released",
        difficulties=[difficulty],
        follow_ups=[("Call back", datetime.date.today())],
    )
    personas["samples"]["contact"] = contact.pk
    personas["samples"]["follow_up"] = contact.follow_ups.get().pk
