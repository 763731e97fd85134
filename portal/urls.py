from django.urls import path

from portal import liaison_views, views, views_drafts, views_outcomes, views_reshoring

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
    path("difficulties/", liaison_views.difficulty_list, name="difficulties"),
    path("difficulties/new/", liaison_views.difficulty_new, name="difficulty_new"),
    path("difficulties/<id:pk>/", liaison_views.difficulty_detail, name="difficulty"),
    path(
        "difficulties/<id:pk>/files/<id:file_pk>/",
        liaison_views.difficulty_file,
        name="difficulty_file",
    ),
    path("opportunities/", liaison_views.opportunity_list, name="opportunities"),
    path("opportunities/<id:pk>/", liaison_views.opportunity_detail, name="opportunity"),
    path("cases/<id:pk>/relocation/", views_reshoring.relocation, name="relocation"),
    path(
        "cases/<id:pk>/relocation/<id:milestone_pk>/evidence/",
        views_reshoring.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "cases/<id:pk>/relocation/<id:milestone_pk>/evidence/file/",
        views_reshoring.evidence_file,
        name="evidence_file",
    ),
    path(
        "cases/<id:pk>/relocation/report/",
        views_reshoring.closure_report,
        name="closure_report",
    ),
]
