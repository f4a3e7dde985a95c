"""URL map: pages by area, the admin, and the JSON API under /api/v1/."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from cybercap.api import api

handler400 = "cybercap.api.errors.bad_request"

urlpatterns = [
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("cybercap/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("", include("cybercap.core.urls")),
    path("frameworks/", include("cybercap.frameworks.urls")),
    path("assessments/", include("cybercap.assessments.urls")),
    path("program/", include("cybercap.program.urls")),
    path("strategies/", include("cybercap.strategies.urls")),
    path("reports/", include("cybercap.reports.urls")),
    path("open-data/", include("cybercap.reports.open_data_urls")),
    path("", include("cybercap.access.urls")),
    path("", include("cybercap.places.urls")),
    path("", include("cybercap.regional.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The smallest page, through the same middleware: the benchmark's throughput reference."""
    return HttpResponse("Hello, world", content_type="text/plain")


if settings.CYBERCAP_BENCH:
    urlpatterns.append(path("bench/hello/", bench_hello, name="bench-hello"))
