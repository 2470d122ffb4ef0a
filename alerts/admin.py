from django.contrib import admin

from portal.admin import WordLimitedSearchMixin

from .models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(WordLimitedSearchMixin, admin.ModelAdmin):
    """Searched by Django's own search: people by their address, which has no diacritics."""

    list_display = ["name", "kind", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["kind", "frequency"]
    search_fields = ["name", "email", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "confirmed_at", "last_sent_at"]
