"""Administrators' pages for centers, staffing and workload.

They live in cases/ because they count and hand over cases, and only the top app may know
both centers and cases; centers/ keeps the models, routing and the staffing rules.
"""

from django.urls import path

from staffing import views_centers, views_staffing

app_name = "staffing"

urlpatterns = [
    path("centers/", views_centers.centers, name="centers"),
    path("centers/<int:pk>/", views_centers.center_detail, name="center"),
    path("centers/<int:pk>/status/", views_centers.center_status, name="center_status"),
    path("workload/", views_centers.workload, name="workload"),
    path("assign/", views_staffing.staff_assign, name="staff_assign"),
    path("officials/<int:official_pk>/move/", views_staffing.staff_move, name="staff_move"),
    path("officials/<int:official_pk>/end/", views_staffing.staff_end, name="staff_end"),
]
