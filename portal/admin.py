"""What every Kopā admin page shares."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from enterprises.filter_index import refresh_vocabulary_index
from portal.search import MAX_QUERY_TERMS, fold, query_terms, search, starts_a_word

# The vocabulary tables hold tens of rows; folding them in Python is cheaper than a column.
SMALL_TABLE_LIMIT = 1000


class _PostedKeysOnly:
    """Django's autocomplete widgets look up what was posted to show it again, and a value
    that cannot be a key at all ("abc" for a number) fails the page with a 500; they show
    only values that can be keys, and the form says the choice is not valid."""

    def optgroups(self, name, value, attr=None):
        options = self.field.remote_field.model._meta
        key = options.get_field(getattr(self.field.remote_field, "field_name", options.pk.attname))
        return super().optgroups(name, [item for item in value if _is_key(key, item)], attr)


def _is_key(key: models.Field, value) -> bool:
    try:
        key.to_python(value)
    except ValidationError:
        return False
    return True


class PostedKeysAutocompleteSelect(_PostedKeysOnly, AutocompleteSelect):
    pass


class PostedKeysAutocompleteSelectMultiple(_PostedKeysOnly, AutocompleteSelectMultiple):
    pass


class PostedKeysAutocompleteMixin:
    """Admin (or inline) whose ``autocomplete_fields`` survive a form posted with nonsense."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PostedKeysAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PostedKeysAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FoldedSearchAdmin(PostedKeysAutocompleteMixin, SimpleHistoryAdmin):
    """Admin search that finds Latvian text regardless of case and diacritics.

    Models with a ``search_text`` column are searched in the database ("velas" finds
    "Veļas"); small vocabulary tables are folded in Python over their ``search_fields``.
    Either way each word of the query matches the start of a word ("rīga" does not find
    "garīga").
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
        return all(starts_a_word(term, haystack) for term in terms)

    # Names of services, target groups and places are words of the enterprises' search
    # index (enterprises.filter_index): a curator renaming one renames what finds them.
    INDEXED_NAMES = frozenset({"name", "name_lv", "name_en"})

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and self.INDEXED_NAMES & set(form.changed_data):
            refresh_vocabulary_index(obj)


class WordLimitedSearchMixin:
    """Django's own admin search, over at most ``MAX_QUERY_TERMS`` words: each word nests
    one more condition, and SQLite refuses a query 1,000 deep (a pasted paragraph)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        words = list(smart_split(search_term))[:MAX_QUERY_TERMS]
        return super().get_search_results(request, queryset, " ".join(words))


class MembershipAdmin(PostedKeysAutocompleteMixin, WordLimitedSearchMixin, SimpleHistoryAdmin):
    """Requests to act for an organisation: approve or reject, and the person is emailed.

    Searched by Django's own search: people are found by email, which has no diacritics.
    """

    list_display = ["user", "status", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    formfield_overrides = FoldedSearchAdmin.formfield_overrides
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
