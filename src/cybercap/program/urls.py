from django.urls import path

from cybercap.program import views

app_name = "program"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("missions/", views.mission_list, name="missions"),
    path("missions/new/", views.mission_edit, name="mission-create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission-detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission-edit"),
    path("csirts/", views.csirt_list, name="csirts"),
    path("csirts/<str:code>/", views.csirt_edit, name="csirt-edit"),
]
