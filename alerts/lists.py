"""The three lists a search can be saved on, and what counts as new on each."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import FilterSet

from enterprises.filters import EnterpriseFilter
from enterprises.models import SocialEnterprise
from municipalities.filters import NeedFilter
from municipalities.models import Need
from opportunities.filters import OpportunityFilter
from opportunities.models import Opportunity

from .models import SearchKind

# Not the search itself: how the list is sorted and paged, and the alert's own window.
NOT_SAVED = {"sort", "page", "since"}
SINCE_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True)
class SearchList:
    kind: SearchKind
    filterset_class: type[FilterSet]
    url_name: str
    public: Callable[[], QuerySet]
    # (the search's results, since, until) -> only those that became new in [since, until)
    new: Callable[[QuerySet, datetime.datetime, datetime.datetime], QuerySet]
    # The filter left at its default when absent (the boards show open ones unless asked).
    default: dict

    def filterset(self, data: QueryDict) -> FilterSet:
        return self.filterset_class(data, queryset=self.public())

    def url(self, querystring: str, since: datetime.datetime | None = None) -> str:
        """The list showing the search; with ``since``, only what is new since then."""
        query = querystring
        if since is not None:
            moment = timezone.localtime(since).strftime(SINCE_FORMAT)
            query = "&".join(filter(None, [query, urlencode({"since": moment})]))
        return reverse(self.url_name) + (f"?{query}" if query else "")

    def new_items(self, querystring: str, since, until) -> QuerySet:
        """What the saved search finds that became new in [since, until), newest first."""
        filterset = self.filterset(QueryDict(querystring))
        if not filterset.is_valid():
            # The vocabulary changed under a saved filter (a municipality merged): nothing
            # is promised that the search no longer means.
            return self.public().none()
        return self.new(filterset.qs, since, until)


LISTS = {
    SearchKind.ENTERPRISES: SearchList(
        kind=SearchKind.ENTERPRISES,
        filterset_class=EnterpriseFilter,
        url_name="enterprises:enterprise-list",
        public=lambda: SocialEnterprise.objects.verified(),
        new=lambda found, since, until: found.first_verified_between(since, until).order_by(
            "sort_name", "pk"
        ),
        default={},
    ),
    SearchKind.NEEDS: SearchList(
        kind=SearchKind.NEEDS,
        filterset_class=NeedFilter,
        url_name="municipalities:need-list",
        public=lambda: Need.objects.public(),
        new=lambda found, since, until: (
            found.open()
            .filter(published_at__gte=since, published_at__lt=until)
            .select_related("municipality")
            .order_by("-published_at", "-pk")
        ),
        default={"status": "open"},
    ),
    SearchKind.OPPORTUNITIES: SearchList(
        kind=SearchKind.OPPORTUNITIES,
        filterset_class=OpportunityFilter,
        url_name="opportunities:opportunity-list",
        public=lambda: Opportunity.objects.public(),
        new=lambda found, since, until: (
            found.open()
            .filter(published_at__gte=since, published_at__lt=until)
            .select_related("municipality")
            .order_by("-published_at", "-pk")
        ),
        default={"status": "open"},
    ),
}


def normalised_querystring(filterset: FilterSet) -> str:
    """The valid filters of a bound FilterSet as a query string: empty ones, sorting, paging
    and defaults left out, keys in alphabetical order, each value as the list's own form
    would send it (a municipality by its slug), so one search is always saved alike."""
    search_list = next(
        item for item in LISTS.values() if isinstance(filterset, item.filterset_class)
    )
    pairs = []
    for name in sorted(filterset.form.cleaned_data):
        value = filterset.form.cleaned_data[name]
        if name in NOT_SAVED or value in (None, "", False, [], ()):
            continue
        field = filterset.form.fields[name]
        shown = "on" if value is True else str(field.prepare_value(value))
        if search_list.default.get(name) == shown:
            continue
        pairs.append((name, shown))
    return urlencode(pairs)


def describe(filterset: FilterSet) -> str:
    """The search in words, for the name the form suggests and the confirmation email:
    "Vajadzības: Gulbenes novads, Parku uzkopšana, “pļaušana”". Only the portal's own words
    and the query itself."""
    search_list = next(
        item for item in LISTS.values() if isinstance(filterset, item.filterset_class)
    )
    parts = []
    data = filterset.form.cleaned_data
    for name in filterset.form.fields:
        value = data.get(name)
        if name in NOT_SAVED or value in (None, "", False):
            continue
        field = filterset.form.fields[name]
        if name == "q":
            parts.append(f"“{value}”")
        elif value is True:
            parts.append(str(field.label))
        elif search_list.default.get(name) == value:
            continue
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            labels = dict(_flat(field.choices))
            parts.append(str(labels.get(value, value)))
        elif isinstance(value, datetime.date):
            parts.append(f"{field.label}: {value.isoformat()}")
        else:
            parts.append(str(value))
    heading = {
        SearchKind.ENTERPRISES: _("Social enterprises"),
        SearchKind.NEEDS: _("Needs"),
        SearchKind.OPPORTUNITIES: _("Opportunities"),
    }[search_list.kind]
    text = f"{heading}: {', '.join(parts)}" if parts else heading
    return text[:200]


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield value, label
