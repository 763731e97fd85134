"""The officials' triage desk."""

from django.urls import path

from desk import views, views_announcements, views_conflicts, views_queue, views_reshoring

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
]
