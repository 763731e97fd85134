"""The officials' triage desk."""

from django.urls import path

from desk import views, views_announcements, views_conflicts, views_queue, views_results

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
    path("results/", views_results.results, name="results"),
]
