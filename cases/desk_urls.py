"""The officials' triage desk."""

from django.urls import path

from cases import views_announcements, views_desk

app_name = "desk"

urlpatterns = [
    path("", views_desk.queue_page, name="queue"),
    path("export.csv", views_desk.export, name="export"),
    path("assign/", views_desk.bulk_assign, name="bulk_assign"),
    path("workflow/", views_desk.workflow_page, name="workflow"),
    path("cases/<int:pk>/", views_desk.case_page, name="case"),
    path("cases/<int:pk>/notes/", views_desk.add_note, name="note"),
    path("cases/<int:pk>/<slug:action>/", views_desk.act, name="act"),
    path("announcements/", views_announcements.announcement_list, name="announcements"),
    path("announcements/new/", views_announcements.announcement_new, name="announcement_new"),
]
