from django.urls import path

from portal import views, views_drafts, views_outcomes

app_name = "portal"

urlpatterns = [
    path("programs/", views.catalog, name="catalog"),
    path("programs/<slug:code>/", views.program_detail, name="program"),
    path("programs/<slug:code>/apply/", views.apply, name="apply"),
    path("cases/", views.my_cases, name="my_cases"),
    path("cases/<id:pk>/", views.detail, name="detail"),
    path("cases/<id:pk>/edit/", views.edit, name="edit"),
    path("cases/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("cases/<id:pk>/discard/", views_drafts.discard, name="discard"),
    path("cases/<id:pk>/answer/", views.answer, name="answer"),
    path("cases/<id:pk>/letter/", views.letter, name="letter"),
    path(
        "cases/<id:pk>/outcomes/<id:months>/",
        views_outcomes.outcome_report,
        name="outcome_report",
    ),
    path("cases/<id:pk>/documents/<id:document_pk>/", views.document, name="document"),
]
