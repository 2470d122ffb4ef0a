"""Filters over the shared vocabulary that the directory and the needs board both use."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, PlanningRegion
from portal.i18n import localized

from .models import Instrument, ServiceCategory, TargetGroup


def category_choices() -> list:
    """Top-level categories as groups, each with an "all of it" option and its services."""
    categories = ServiceCategory.objects.order_by("position", localized("name"))
    children: dict[int, list] = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append((category.slug, category.name))
    return [
        (
            parent.name,
            [
                (parent.slug, _("All: %(category)s") % {"category": parent.name}),
                *children.get(parent.pk, []),
            ],
        )
        for parent in categories
        if parent.parent_id is None
    ]


def since_filter(label, **kwargs) -> django_filters.DateTimeFilter:
    """What is new since a moment: a saved search's alert links to its board with the moment
    of the previous alert, to the second."""
    return django_filters.DateTimeFilter(
        label=label,
        widget=forms.DateTimeInput(
            format="%Y-%m-%dT%H:%M:%S", attrs={"type": "datetime-local", "step": "1"}
        ),
        **kwargs,
    )


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A vocabulary choice addressed by its readable slug in the URL."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("Any"))
        super().__init__(*args, **kwargs)


class VocabularyFilterSet(django_filters.FilterSet):
    """Search, place, service, people and instrument: the questions both lists answer."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = SlugChoiceFilter(
        label=_("Planning region"),
        queryset=PlanningRegion.objects.all(),
        method="filter_region",
    )
    municipality = SlugChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.current(),
        method="filter_municipality",
    )
    category = django_filters.ChoiceFilter(
        label=_("Service"),
        choices=category_choices,
        empty_label=_("Any"),
        method="filter_category",
    )
    target_group = SlugChoiceFilter(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        method="filter_target_group",
    )
    instrument = SlugChoiceFilter(
        label=_("Cooperation instrument"),
        queryset=Instrument.objects.all(),
        method="filter_instrument",
    )

    def filter_category(self, queryset, name, value):
        category = ServiceCategory.objects.filter(slug=value).first()
        return self.filter_service_category(queryset, category) if category else queryset
