from django.urls import path

from cybercap.access import two_factor, views

app_name = "access"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/new/", views.token_create, name="token-create"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("account/two-factor/", two_factor.setup, name="two-factor-setup"),
    path("account/two-factor/verify/", two_factor.verify, name="two-factor-verify"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor.new_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("countries/<str:code>/people/", views.people, name="people"),
    path("countries/<str:code>/people/invite/", views.people_invite, name="people-invite"),
    path("countries/<str:code>/people/grant/", views.people_grant, name="people-grant"),
    path(
        "countries/<str:code>/people/<int:membership_id>/revoke/",
        views.people_revoke,
        name="people-revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
