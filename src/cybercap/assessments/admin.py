from django.contrib import admin

from cybercap.assessments.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only here: assessments change through their workflow, which records the audit."""

    list_display = ["title", "country", "framework", "round_label", "status", "mission_start"]
    list_filter = ["status", "framework"]
    search_fields = ["title", "country__name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
