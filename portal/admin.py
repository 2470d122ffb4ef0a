"""What every Kopā admin page shares."""

from django.contrib import admin
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from portal.search import fold, query_terms, search

# The vocabulary tables hold tens of rows; folding them in Python is cheaper than a column.
SMALL_TABLE_LIMIT = 1000


class FoldedSearchAdmin(admin.ModelAdmin):
    """Admin search that finds Latvian text regardless of case and diacritics.

    Models with a ``search_text`` column are searched in the database ("velas" finds
    "Veļas"); small vocabulary tables are folded in Python over their ``search_fields``.
    Autocomplete widgets use the same search.
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
