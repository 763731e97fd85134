"""Administrators' pages for centers, staffing and workload.

They live in cases/ because they count and hand over cases, and only the top app may know
both centers and cases; centers/ keeps the models, routing and the staffing rules.
"""

from django.urls import path  # noqa: F401

from cases import views_centers, views_staffing  # noqa: F401

app_name = "staffing"

# Centers and workload (views_centers), then staffing actions (views_staffing).
urlpatterns: list = []
