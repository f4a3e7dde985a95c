from django.urls import path

from cybercap.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_create, name="create"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
