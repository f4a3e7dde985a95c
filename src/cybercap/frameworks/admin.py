from django.contrib import admin

from cybercap.frameworks.models import Crosswalk, Framework, Indicator, Node


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Frameworks come from files (`cybercap load-framework`); the admin only shows them."""

    list_display = ["title", "slug", "version", "kind", "frozen_at", "loaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "depth"]
    list_filter = ["framework"]
    search_fields = ["code", "title"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "framework", "stage", "text"]
    list_filter = ["framework", "stage"]
    search_fields = ["code", "text"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "title"]
