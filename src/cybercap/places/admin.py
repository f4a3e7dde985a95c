from django.contrib import admin

from cybercap.places.models import Country, Group, GroupMembership


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "alpha2", "name", "name_es", "name_fr", "name_pt"]
    search_fields = ["code", "name", "name_es", "name_fr", "name_pt"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    autocomplete_fields = ["country"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    inlines = [GroupMembershipInline]
