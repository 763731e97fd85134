from django.urls import path

from portal import company_views as views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("register/", views.company_register, name="register"),
    path("join/", views.join_request_send, name="join"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("<id:pk>/", views.company_detail, name="detail"),
    path("<id:pk>/edit/", views.company_edit, name="edit"),
    path("<id:pk>/invite/", views.invitation_send, name="invite"),
    path("<id:pk>/transfer/", views.ownership_transfer, name="transfer"),
    path("<id:pk>/leave/", views.membership_leave, name="leave"),
    path("<id:pk>/members/<id:member_pk>/remove/", views.membership_remove, name="remove"),
    path(
        "<id:pk>/join-requests/<id:request_pk>/approve/",
        views.join_request_decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "<id:pk>/join-requests/<id:request_pk>/decline/",
        views.join_request_decide,
        {"decision": "decline"},
        name="decline",
    ),
]
