import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.filters import VocabularyFilterSet, since_filter
from cooperation.models import CooperationKind
from portal.search import search

from .models import CLOSING_SOON_DAYS, Opportunity, OpportunityKind, OpportunityStatus

PUBLIC_STATUSES = [
    OpportunityStatus.OPEN,
    OpportunityStatus.CLOSED,
    OpportunityStatus.AWARDED,
]


class OpportunityFilter(VocabularyFilterSet):
    """The opportunities board: open ones unless the visitor asks for others."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of opportunity"),
        choices=OpportunityKind.choices,
        empty_label=_("Any"),
    )
    cooperation = django_filters.ChoiceFilter(
        label=_("Light or targeted cooperation"),
        choices=CooperationKind.choices,
        empty_label=_("Any"),
        field_name="instrument__kind",
    )
    closing_soon = django_filters.BooleanFilter(
        label=lazy(
            lambda: gettext("Closing within %(days)s days") % {"days": CLOSING_SOON_DAYS}, str
        )(),
        method="filter_closing_soon",
        widget=forms.CheckboxInput,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in PUBLIC_STATUSES],
        empty_label=_("Any"),
        method="filter_status",
    )
    since = since_filter(_("Published since"), field_name="published_at", lookup_expr="gte")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("published_at", "published"), ("closes_on", "closes")],
        choices=[
            ("-published", _("newest first")),
            ("closes", _("closing soonest first")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Opportunity
        fields = [
            "q",
            "kind",
            "cooperation",
            "instrument",
            "region",
            "municipality",
            "category",
            "target_group",
            "closing_soon",
            "status",
        ]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = OpportunityStatus.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_status(self, queryset, name, value):
        # "Open" means open today: a call whose closing date has passed is not open, even
        # before anyone marks it closed.
        if value == OpportunityStatus.OPEN:
            return queryset.open()
        if value == OpportunityStatus.CLOSED:
            return queryset.filter(
                Q(status=value)
                | Q(status=OpportunityStatus.OPEN, closes_on__lt=timezone.localdate())
            )
        return queryset.filter(status=value)

    def filter_closing_soon(self, queryset, name, value):
        return queryset.closing_within(CLOSING_SOON_DAYS).open() if value else queryset

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def filter_municipality(self, queryset, name, municipality):
        return queryset.offered_by(municipality)

    def filter_service_category(self, queryset, category):
        return queryset.in_category(category)

    def filter_target_group(self, queryset, name, target_group):
        return queryset.for_target_group(target_group)

    def filter_instrument(self, queryset, name, instrument):
        return queryset.filter(instrument=instrument)
