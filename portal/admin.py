"""What every Kopā admin page shares."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from portal.search import fold, query_terms, search

# The vocabulary tables hold tens of rows; folding them in Python is cheaper than a column.
SMALL_TABLE_LIMIT = 1000


class FoldedSearchAdmin(SimpleHistoryAdmin):
    """Admin search that finds Latvian text regardless of case and diacritics.

    Models with a ``search_text`` column are searched in the database ("velas" finds
    "Veļas"); small vocabulary tables are folded in Python over their ``search_fields``.
    Autocomplete widgets use the same search. Models with history show it (simple-history).
    """

    # Django 6 assumes https for typed web addresses; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        if any(field.name == "search_text" for field in self.model._meta.fields):
            return search(queryset, search_term), False
        terms = query_terms(search_term)
        matching = [
            row.pk for row in queryset[:SMALL_TABLE_LIMIT] if self._folded_matches(row, terms)
        ]
        return queryset.filter(pk__in=matching), False

    def _folded_matches(self, row: Model, terms: list[str]) -> bool:
        haystack = fold(" ".join(str(getattr(row, field, "")) for field in self.search_fields))
        return all(term in haystack for term in terms)


class MembershipAdmin(SimpleHistoryAdmin):
    """Requests to act for an organisation: approve or reject, and the person is emailed.

    Searched by Django's own search: people are found by email, which has no diacritics.
    """

    list_display = ["user", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]
    autocomplete_fields = ["user"]
    actions = ["approve", "reject"]

    def decide(self, membership, *, approve: bool, by) -> None:
        """Record the decision through the app's service, which emails the person."""
        raise NotImplementedError

    def _decide(self, request: HttpRequest, queryset: QuerySet, approve: bool) -> None:
        count = 0
        for membership in queryset.filter(status="pending"):
            self.decide(membership, approve=approve, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d request decided.", "%d requests decided.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=False)
