from django.contrib import admin

from portal.admin import LabelledHistoryAdmin, WordLimitedSearchMixin

from .models import Shortlist, ShortlistEntry


class ShortlistEntryInline(admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    raw_id_fields = ["enterprise"]
    readonly_fields = ["added_by", "added_at", "note_by", "note_updated_at"]


@admin.register(Shortlist)
class ShortlistAdmin(WordLimitedSearchMixin, LabelledHistoryAdmin):
    """Curators may look into a list, e.g. when an officer asks for help; lists are made by
    officers on their own pages, never here."""

    list_display = ["name", "municipality", "created_by", "updated_at"]
    list_filter = ["municipality"]
    list_select_related = ["municipality", "created_by"]
    search_fields = ["name"]
    raw_id_fields = ["municipality"]
    inlines = [ShortlistEntryInline]

    def has_add_permission(self, request) -> bool:
        return False
