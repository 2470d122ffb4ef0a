import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cooperation.filters import VocabularyFilterSet, since_filter
from portal.search import finds_with, query_terms, suggest

from .models import IndexedWord, RegisterStatus, SearchWord, SocialEnterprise


class EnterpriseFilter(VocabularyFilterSet):
    reserved = django_filters.BooleanFilter(
        label=_("Eligible for reserved contracts (at least 30 % target-group employees)"),
        method="filter_reserved",
        widget=forms.CheckboxInput,
    )
    register_status = django_filters.ChoiceFilter(
        label=_("Status in the register"),
        choices=RegisterStatus.choices,
        empty_label=_("Any"),
    )
    since = since_filter(_("Verified since"), method="filter_since")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("relevance", _("relevance")),
            ("name", _("name (A–Z)")),
            ("updated", _("recently updated")),
        ],
        empty_label=None,
        method="sort_results",
    )

    class Meta:
        model = SocialEnterprise
        fields = ["q", "region", "municipality", "category", "target_group", "instrument"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, region):
        return queryset.working_in_region(region)

    def filter_municipality(self, queryset, name, municipality):
        return queryset.serving(municipality)

    def filter_service_category(self, queryset, category):
        return queryset.offering_in(category)

    def filter_target_group(self, queryset, name, target_group):
        return queryset.working_with(target_group)

    def filter_instrument(self, queryset, name, instrument):
        return queryset.open_to(instrument)

    def filter_reserved(self, queryset, name, value):
        return queryset.reserved_contract_eligible() if value else queryset

    def filter_since(self, queryset, name, moment):
        # New in the directory: first verified then, not merely re-checked.
        return queryset.first_verified_between(moment)

    def sort_results(self, queryset, name, value):
        # Applied in filter_queryset, after every other filter, whatever the field order.
        return queryset

    @cached_property
    def ranks_by_relevance(self) -> bool:
        """Whether a valid search orders results by how well they fit it: the database then
        finds every result before it can hand out the first page."""
        if not self.is_valid():
            return False
        data = self.form.cleaned_data
        return (data.get("sort") or "relevance") == "relevance" and bool(
            query_terms(data.get("q") or "")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("sort") == "updated":
            return queryset.order_by("-updated_at", "pk")
        if self.ranks_by_relevance:
            # Found in a name or an offering's title first, then in a service or target
            # group, a place, a description; among equals names that start with the first
            # word first. The key ends with pk, so pages never repeat or skip a row.
            return queryset.with_relevance(data["q"]).order_by(
                "-relevance", "starts_with_query", "sort_name", "pk"
            )
        return queryset.order_by("sort_name", "pk")

    def suggestion(self) -> str | None:
        """For a search that found nothing: the query with its unknown words replaced by the
        nearest words verified enterprises are found by ("edinasan" → "ēdināšana"), if that
        finds something with the same filters. A fixed number of queries."""
        if not self.is_valid() or not query_terms(self.form.cleaned_data.get("q") or ""):
            return None
        public = SearchWord.objects.public()

        def near(words: list[str]) -> dict[str, list[str]]:
            candidates = IndexedWord.objects.near(words)
            known = set(
                IndexedWord.objects.filter(
                    Exists(public.filter(word=OuterRef("word"))),
                    word__in={word for found in candidates.values() for word, _ in found},
                ).values_list("word", flat=True)
            )
            return {
                word: [shown for candidate, shown in found if candidate in known]
                for word, found in candidates.items()
            }

        corrected = suggest(self.form.cleaned_data["q"], unknown=public.unknown_terms, near=near)
        return corrected if corrected is not None and finds_with(self, corrected) else None
