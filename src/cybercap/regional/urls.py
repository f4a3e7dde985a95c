from django.urls import path, re_path

from cybercap.regional import plan_views, views

app_name = "regional"
urlpatterns = [
    path("groups/<slug:slug>/comparison/", views.comparison, name="comparison"),
    re_path(
        r"^groups/(?P<slug>[-a-zA-Z0-9_]+)/comparison\.(?P<extension>csv|xlsx)$",
        views.comparison_export,
        name="comparison-export",
    ),
    path("regional-plans/", plan_views.plan_list, name="plans"),
    path("regional-plans/new/", plan_views.plan_create, name="plan-create"),
    path("regional-plans/<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("regional-plans/<int:pk>/edit/", plan_views.plan_edit, name="plan-edit"),
    path("regional-plans/<int:pk>/actions/new/", plan_views.action_create, name="action-create"),
    path(
        "regional-plans/<int:pk>/actions/<int:action_id>/edit/",
        plan_views.action_edit,
        name="action-edit",
    ),
    path("regional-plans/<int:pk>/steps/<int:step_id>/", plan_views.step_edit, name="step-edit"),
    path(
        "regional-plans/<int:pk>/countries/<str:code>/",
        plan_views.plan_country,
        name="plan-country",
    ),
    path("regional-plans/<int:pk>/standards/", plan_views.standards_edit, name="standards-edit"),
    path("regional-plans/<int:pk>/contacts/", plan_views.contact_save, name="contact-save"),
]
