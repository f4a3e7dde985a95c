from django.urls import path

from cybercap.program import views

app_name = "program"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("missions/", views.mission_list, name="missions"),
    path("missions/new/", views.mission_edit, name="mission-create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission-detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission-edit"),
    path("missions/<int:pk>/follow-ups/", views.follow_up_add, name="follow-up-add"),
    path(
        "missions/<int:pk>/follow-ups/<int:item_id>/done/",
        views.follow_up_done,
        name="follow-up-done",
    ),
    path("offers/", views.offer_list, name="offers"),
    path("blueprint/", views.blueprint, name="blueprint"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/", views.request_decide, name="request-decide"),
    path("csirts/", views.csirt_list, name="csirts"),
    path("csirts/<str:code>/", views.csirt_edit, name="csirt-edit"),
]
