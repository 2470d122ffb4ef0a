import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cooperation.filters import VocabularyFilterSet, since_filter
from enterprises.models import IndexedWord
from portal.search import finds_with, query_terms, search, suggest, word_start

from .models import PUBLIC_NEED_STATUSES, Municipality, Need, NeedStatus


def _found_in(queryset, terms: list[str]) -> set[str]:
    """Which of the terms start a word of some row, in one query (a count for each)."""
    if not terms:
        return set()
    counts = queryset.aggregate(
        **{f"t{i}": Count("pk", filter=word_start(term)) for i, term in enumerate(terms)}
    )
    return {term for i, term in enumerate(terms) if counts[f"t{i}"]}


class NeedFilter(VocabularyFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in PUBLIC_NEED_STATUSES],
        empty_label=_("Any"),
    )
    deadline_from = django_filters.DateFilter(
        label=_("Deadline from"),
        field_name="deadline",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    deadline_to = django_filters.DateFilter(
        label=_("Deadline until"),
        field_name="deadline",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    since = since_filter(_("Published since"), field_name="published_at", lookup_expr="gte")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("published_at", "published"), ("deadline", "deadline")],
        choices=[
            ("-published", _("newest first")),
            ("deadline", _("deadline, soonest first")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Need
        fields = ["q", "region", "municipality", "category", "target_group", "instrument"]

    def __init__(self, data=None, *args, **kwargs):
        # The board shows open needs unless the visitor asks for others.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = NeedStatus.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def suggestion(self) -> str | None:
        """For a search that found nothing: the query with its unknown words replaced by the
        nearest words of the search vocabulary that public needs use, if that finds
        something with the same filters. A fixed number of queries."""
        if not self.is_valid() or not query_terms(self.form.cleaned_data.get("q") or ""):
            return None
        public = Need.objects.public()

        def unknown(terms: list[str]) -> list[str]:
            found = _found_in(public, terms)
            return [term for term in terms if term not in found]

        def near(words: list[str]) -> dict[str, list[str]]:
            candidates = IndexedWord.objects.near(words)
            found = _found_in(
                public, sorted({word for near in candidates.values() for word, _ in near})
            )
            return {
                word: [shown for candidate, shown in near if candidate in found]
                for word, near in candidates.items()
            }

        corrected = suggest(self.form.cleaned_data["q"], unknown=unknown, near=near)
        return corrected if corrected is not None and finds_with(self, corrected) else None

    def filter_municipality(self, queryset, name, municipality):
        return queryset.filter(municipality=municipality)

    def filter_service_category(self, queryset, category):
        return queryset.in_category(category)

    def filter_target_group(self, queryset, name, target_group):
        return queryset.for_target_group(target_group)

    def filter_instrument(self, queryset, name, instrument):
        return queryset.preferring(instrument)


class MunicipalityFilter(django_filters.FilterSet):
    """The public list of municipalities: found by the start of any word of their name, their
    former names ("Ozolnieki" finds Jelgavas novads) and description."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    class Meta:
        model = Municipality
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)
