"""What every Kopā admin page shares."""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import ManyToManyField, Model, QuerySet
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.text import smart_split
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

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


def history_value(field: models.Field, value) -> str:
    """A value of a history diff as people read it: a choice's label, "yes"/"no", a date
    in the active language's format, a moment in Riga's time, a name for a deleted row."""
    if isinstance(value, DeletedObject):
        # simple-history reports an empty foreign key as a deleted row with no key.
        if value.pk is None:
            return "—"
        if value.model._meta.label == settings.AUTH_USER_MODEL:
            return gettext("deleted user")
        return gettext("deleted: %(kind)s") % {"kind": value.model._meta.verbose_name}
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class LabelledHistoryHelper(HistoricalRecordContextHelper):
    """History diffs with field names, labels and local dates instead of stored values."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            value = super().prepare_delta_change_value(change, value)
        return history_value(field, value)


class LabelledHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages, reading in the curator's language (see
    ``templates/simple_history/``)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history hides the Revert button when reverting is off, yet a POST to the
        # page still saves the old version.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FoldedSearchAdmin(PostedKeysAutocompleteMixin, LabelledHistoryAdmin):
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


class MembershipAdmin(PostedKeysAutocompleteMixin, WordLimitedSearchMixin, LabelledHistoryAdmin):
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
