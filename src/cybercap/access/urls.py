from django.urls import path

from cybercap.access import views

app_name = "access"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/new/", views.token_create, name="token-create"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
