"""Administrators' pages for centers, staffing and workload.

centers/ keeps the models, routing and the staffing rules; cases/ hands over the cases of
an official who leaves. These pages call both.
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
