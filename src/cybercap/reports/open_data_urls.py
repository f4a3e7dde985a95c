from django.urls import path, re_path

from cybercap.reports import views

app_name = "open_data"
urlpatterns = [
    path("", views.open_data, name="index"),
    path("schema.json", views.open_data_schema, name="schema"),
    re_path(r"^results\.(?P<extension>csv|json)$", views.open_data_results, name="results"),
    re_path(
        r"^assessments/(?P<pk>[0-9]+)\.(?P<extension>csv|json)$",
        views.open_data_assessment,
        name="assessment",
    ),
]
