"""Administrators' pages for centers, officials, staffing and workload.

centers/ keeps the models, routing and the staffing rules; cases/ hands over the cases of
an official who leaves. These pages call both.
"""

from django.urls import path

from staffing import (
    views_centers,
    views_insights,
    views_liaison,
    views_officials,
    views_reshoring,
    views_security,
    views_staffing,
)

app_name = "staffing"

urlpatterns = [
    path("centers/", views_centers.centers, name="centers"),
    path("centers/<id:pk>/", views_centers.center_detail, name="center"),
    path("centers/<id:pk>/status/", views_centers.center_status, name="center_status"),
    path("centers/<id:pk>/close/", views_centers.center_close, name="center_close"),
    path("centers/<id:pk>/history/", views_officials.center_history, name="center_history"),
    path("workload/", views_centers.workload, name="workload"),
    path("officials/", views_officials.officials, name="officials"),
    path("officials/new/", views_officials.official_new, name="official_new"),
    path(
        "officials/<id:official_pk>/deactivate/",
        views_officials.official_deactivate,
        name="official_deactivate",
    ),
    path(
        "officials/<id:official_pk>/history/",
        views_officials.official_history,
        name="official_history",
    ),
    path("assign/", views_staffing.staff_assign, name="staff_assign"),
    path("officials/<id:official_pk>/move/", views_staffing.staff_move, name="staff_move"),
    path("officials/<id:official_pk>/end/", views_staffing.staff_end, name="staff_end"),
    path("security-log/", views_security.security_log, name="security_log"),
    path("insights/indicators/", views_insights.indicators, name="indicators"),
    path(
        "insights/indicators/import/",
        views_insights.indicators_import,
        name="indicators_import",
    ),
    path("insights/results/", views_insights.results, name="results"),
    path("insights/renewables-goal/", views_insights.goal, name="goal"),
    path("liaison/", views_liaison.liaison_overview, name="liaison"),
    path("liaison.csv", views_liaison.liaison_csv, name="liaison_csv"),
    path("reshoring/", views_reshoring.reshoring_overview, name="reshoring"),
]
