from django.urls import path

from cybercap.strategies import views

app_name = "strategies"
urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("new/", views.strategy_create, name="create"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("<int:pk>/", views.strategy_detail, name="detail"),
    path("<int:pk>/edit/", views.strategy_edit, name="edit"),
    path("<int:pk>/proposals/", views.proposal_list, name="proposals"),
    path("<int:pk>/proposals/generate/", views.proposals_generate, name="proposals-generate"),
    path(
        "<int:pk>/proposals/<int:proposal_id>/accept/",
        views.proposal_accept,
        name="proposal-accept",
    ),
    path(
        "<int:pk>/proposals/<int:proposal_id>/decide/",
        views.proposal_decide,
        name="proposal-decide",
    ),
    path("<int:pk>/actions/", views.action_list, name="actions"),
    path("<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("<int:pk>/actions/<int:action_id>/", views.action_detail, name="action-detail"),
    path("<int:pk>/actions/<int:action_id>/edit/", views.action_edit, name="action-edit"),
    path(
        "<int:pk>/actions/<int:action_id>/progress/",
        views.action_progress,
        name="action-progress",
    ),
    path("<int:pk>/actions/<int:action_id>/delete/", views.action_delete, name="action-delete"),
    path("<int:pk>/objectives/new/", views.objective_edit, name="objective-create"),
    path(
        "<int:pk>/objectives/<int:objective_id>/edit/",
        views.objective_edit,
        name="objective-edit",
    ),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/working-group/", views.working_group, name="working-group"),
    path("<int:pk>/working-group/members/", views.member_add, name="member-add"),
    path(
        "<int:pk>/working-group/members/<int:member_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("<int:pk>/working-group/meetings/", views.meeting_add, name="meeting-add"),
    path("<int:pk>/working-group/editors/", views.editor_give, name="editor-give"),
    path(
        "<int:pk>/working-group/editors/<int:membership_id>/revoke/",
        views.editor_revoke,
        name="editor-revoke",
    ),
    path("<int:pk>/action-plan.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/strategy.docx", views.export_docx, name="export-docx"),
    path("<int:pk>/progress/import/", views.progress_import, name="progress-import"),
]
