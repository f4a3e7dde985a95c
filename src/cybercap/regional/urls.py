from django.urls import path, re_path

from cybercap.regional import views

app_name = "regional"
urlpatterns = [
    path("groups/<slug:slug>/comparison/", views.comparison, name="comparison"),
    re_path(
        r"^groups/(?P<slug>[-a-zA-Z0-9_]+)/comparison\.(?P<extension>csv|xlsx)$",
        views.comparison_export,
        name="comparison-export",
    ),
]
