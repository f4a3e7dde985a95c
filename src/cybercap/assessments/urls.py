from django.urls import path

from cybercap.assessments.views import evidence, overview, ratings, results

app_name = "assessments"
urlpatterns = [
    path("", overview.assessment_list, name="list"),
    path("new/", overview.assessment_create, name="create"),
    path("<int:pk>/", overview.assessment_detail, name="detail"),
    path("<int:pk>/edit/", overview.assessment_edit, name="edit"),
    path("<int:pk>/transition/", overview.assessment_transition, name="transition"),
    path("<int:pk>/team/", overview.team_add, name="team-add"),
    path("<int:pk>/team/<int:membership_id>/remove/", overview.team_remove, name="team-remove"),
    path("<int:pk>/consultations/", overview.consultation_list, name="consultations"),
    path("<int:pk>/consultations/new/", overview.consultation_edit, name="consultation-create"),
    path(
        "<int:pk>/consultations/<int:consultation_id>/",
        overview.consultation_edit,
        name="consultation-edit",
    ),
    path("<int:pk>/evidence/", evidence.evidence_list, name="evidence"),
    path("<int:pk>/evidence/new/", evidence.evidence_create, name="evidence-create"),
    path("<int:pk>/evidence/<int:evidence_id>/file/", evidence.evidence_file, name="evidence-file"),
    path("<int:pk>/ratings/", ratings.workspace, name="workspace"),
    path("<int:pk>/ratings/reconcile-agreed/", ratings.reconcile_agreed, name="reconcile-agreed"),
    path("<int:pk>/ratings/<str:code>/", ratings.rating_row, name="rating-row"),
    path("<int:pk>/ratings/<str:code>/edit/", ratings.rating_edit, name="rating-edit"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/ratings.xlsx", results.ratings_xlsx, name="ratings-xlsx"),
]
