from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("programs/", views.catalog, name="catalog"),
    path("programs/<slug:code>/", views.program_detail, name="program"),
]
