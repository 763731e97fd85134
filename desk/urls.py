"""The officials' triage desk."""

from django.urls import path

from desk import (
    views,
    views_announcements,
    views_conflicts,
    views_contacts,
    views_difficulties,
    views_opportunities,
    views_queue,
    views_reshoring,
    views_results,
)

app_name = "desk"

urlpatterns = [
    path("", views_queue.queue_page, name="queue"),
    path("export.csv", views_queue.export, name="export"),
    path("assign/", views_queue.bulk_assign, name="bulk_assign"),
    path("workflow/", views_queue.workflow_page, name="workflow"),
    path("cases/<id:pk>/", views.case_page, name="case"),
    path("cases/<id:pk>/notes/", views.add_note, name="note"),
    path("cases/<id:pk>/<slug:action>/", views.act, name="act"),
    path("conflicts/", views_conflicts.conflicts, name="conflicts"),
    path("conflicts/<id:pk>/end/", views_conflicts.conflict_end, name="conflict_end"),
    path("announcements/", views_announcements.announcement_list, name="announcements"),
    path("announcements/new/", views_announcements.announcement_new, name="announcement_new"),
    path("difficulties/", views_difficulties.difficulty_list, name="difficulties"),
    path("difficulties/<id:pk>/", views_difficulties.difficulty_detail, name="difficulty"),
    path(
        "difficulties/<id:pk>/record/",
        views_difficulties.difficulty_record,
        name="difficulty_record",
    ),
    path(
        "difficulties/<id:pk>/close/", views_difficulties.difficulty_close, name="difficulty_close"
    ),
    path(
        "difficulties/<id:pk>/files/<id:file_pk>/",
        views_difficulties.difficulty_file,
        name="difficulty_file",
    ),
    path("opportunities/", views_opportunities.opportunity_list, name="opportunities"),
    path("opportunities/new/", views_opportunities.opportunity_new, name="opportunity_new"),
    path("opportunities/<id:pk>/", views_opportunities.opportunity_detail, name="opportunity"),
    path(
        "opportunities/<id:pk>/interests/<id:interest_pk>/",
        views_opportunities.interest_status,
        name="interest_status",
    ),
    path("contacts/", views_contacts.contact_list, name="contacts"),
    path("contacts/new/", views_contacts.contact_new, name="contact_new"),
    path("contacts/<id:pk>/", views_contacts.contact_detail, name="contact"),
    path(
        "contacts/<id:pk>/follow-ups/<id:follow_up_pk>/done/",
        views_contacts.follow_up_done,
        name="follow_up_done",
    ),
    path("cases/<id:pk>/relocation/schedule/", views_reshoring.schedule_fix, name="schedule_fix"),
    path(
        "cases/<id:pk>/relocation/<id:milestone_pk>/verify/",
        views_reshoring.milestone_verify,
        name="milestone_verify",
    ),
    path(
        "cases/<id:pk>/relocation/<id:milestone_pk>/return/",
        views_reshoring.milestone_return,
        name="milestone_return",
    ),
    path(
        "cases/<id:pk>/relocation/tranches/<id:tranche_pk>/pay/",
        views_reshoring.tranche_pay,
        name="tranche_pay",
    ),
    path("cases/<id:pk>/relocation/recovery/", views_reshoring.recovery_open, name="recovery"),
    path("cases/<id:pk>/relocation/repayment/", views_reshoring.repayment_record, name="repayment"),
    path("results/", views_results.results, name="results"),
]
