"""Where each enterprise works and what it offers, kept as rows the directory's filters and
search find through an index (``PlaceServed``, ``CategoryOffered``, ``SearchWord``).

Asked "who serves Gulbenes novads?", the profile answers through four places (home, named
municipalities, planning regions, all of Latvia), so the database had to read each candidate
enterprise to decide; at 20,000 enterprises a search that hit 1,300 of them spent most of
its time there. The derived rows turn each filter into one index list that the database
intersects with the search words first. The same holds for search: "who does catering?"
is answered by the words of the enterprise's active offerings, their services and target
groups (in Latvian and English) and the places it serves, so each enterprise's words are
derived here too, with the weight of the best place each was found.

The services that change an enterprise's area or offerings call ``refresh_filter_index``, as
do the admin pages that change enterprises, offerings, municipalities' regions and categories'
parents, and (through ``refresh_vocabulary_index``) the admin pages that rename a service,
target group, municipality or region; bulk loads (seeding) call it once for everything they
wrote. ``manage.py rebuild_search_index`` rewrites them all.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model, Q

from cooperation.models import ServiceCategory, TargetGroup
from municipalities.models import Municipality, PlanningRegion
from portal.search import display_words

from .models import (
    MAX_WORD,
    CategoryOffered,
    IndexedWord,
    Offering,
    PlaceServed,
    SearchWord,
    SocialEnterprise,
    WordWeight,
)

BATCH = 2_000
# What an enterprise serving all of Latvia is found by, besides every place's name.
NATIONWIDE_WORDS = ("visā Latvijā", "Latvia", "nationwide")


def refresh_filter_index(enterprise_ids: Iterable[int]) -> None:
    """Rewrite the places and categories of these enterprises from their profile and active
    offerings, in a fixed number of queries per batch of enterprises."""
    ids = sorted(set(enterprise_ids))
    for start in range(0, len(ids), BATCH):
        _refresh(ids[start : start + BATCH])


def refresh_region_index(*regions) -> None:
    """After a municipality joins or leaves a planning region (or a new one appears), refresh
    the enterprises whose places follow from a region or from all of Latvia."""
    affected = SocialEnterprise.objects.filter(
        Q(serves_nationwide=True) | Q(served_regions__in=[r for r in regions if r is not None])
    )
    refresh_filter_index(affected.values_list("pk", flat=True).distinct())


def refresh_category_index(category) -> None:
    """After a service category moved under another parent, refresh the enterprises with an
    offering in it: they now offer under the new field."""
    refresh_filter_index(
        Offering.objects.filter(category=category).values_list("enterprise", flat=True).distinct()
    )


def refresh_vocabulary_index(item: Model) -> None:
    """After a service, target group, municipality or region was renamed, refresh the words
    of the enterprises found by its name. Other models have no words in the index."""
    if isinstance(item, ServiceCategory):
        enterprises = CategoryOffered.objects.filter(category=item)
    elif isinstance(item, TargetGroup):
        enterprises = SocialEnterprise.target_groups.through.objects.filter(
            targetgroup=item
        ).values_list("socialenterprise_id", flat=True)
        offerings = Offering.objects.filter(target_groups=item)
        refresh_filter_index({*enterprises, *offerings.values_list("enterprise_id", flat=True)})
        return
    elif isinstance(item, Municipality):
        enterprises = PlaceServed.objects.filter(municipality=item)
    elif isinstance(item, PlanningRegion):
        enterprises = PlaceServed.objects.filter(municipality__region=item)
    else:
        return
    refresh_filter_index(enterprises.values_list("enterprise_id", flat=True))


def refresh_everything() -> int:
    """Rewrite every enterprise's derived rows; how many enterprises there were."""
    ids = list(SocialEnterprise.objects.values_list("pk", flat=True))
    refresh_filter_index(ids)
    return len(ids)


class _Words:
    """Each enterprise's words with their best weight, and the forms they were written in."""

    def __init__(self) -> None:
        self.weights: dict[int, dict[str, int]] = defaultdict(dict)
        self.display: dict[str, str] = {}

    def add(self, pk: int, words: dict[str, str], weight: int) -> None:
        found = self.weights[pk]
        for word, shown in words.items():
            word = word[:MAX_WORD]
            if found.get(word, -1) < weight:
                found[word] = weight
            self.display.setdefault(word, shown[:MAX_WORD])


def _names(rows) -> dict[int, dict[str, str]]:
    """Display words of vocabulary rows given as (pk, name, ...)."""
    return {pk: display_words(*names) for pk, *names in rows}


def _refresh(ids: list[int]) -> None:
    everywhere, members, region_of = [], defaultdict(list), {}
    for pk, region_id in Municipality.objects.values_list("pk", "region_id"):
        everywhere.append(pk)
        members[region_id].append(pk)
        region_of[pk] = region_id

    places = defaultdict(set)
    words = _Words()
    nationwide_words = display_words(*NATIONWIDE_WORDS)
    profiles = SocialEnterprise.objects.filter(pk__in=ids).values_list(
        "pk",
        "home_municipality_id",
        "serves_nationwide",
        "name",
        "registration_number",
        "description",
    )
    for pk, home_id, nationwide, name, registration_number, description in profiles:
        if home_id is not None:
            places[pk].add(home_id)
        if nationwide:
            places[pk].update(everywhere)
            words.add(pk, nationwide_words, WordWeight.PLACE)
        words.add(pk, display_words(name, registration_number), WordWeight.TITLE)
        words.add(pk, display_words(description), WordWeight.TEXT)
    served = SocialEnterprise.served_municipalities.through.objects.filter(
        socialenterprise__in=ids
    ).values_list("socialenterprise_id", "municipality_id")
    for pk, municipality_id in served:
        places[pk].add(municipality_id)
    regions = SocialEnterprise.served_regions.through.objects.filter(
        socialenterprise__in=ids
    ).values_list("socialenterprise_id", "planningregion_id")
    for pk, region_id in regions:
        places[pk].update(members[region_id])

    categories = defaultdict(set)
    offered = (
        Offering.objects.active()
        .filter(enterprise__in=ids)
        .values_list("enterprise_id", "category_id", "category__parent_id", "title", "description")
    )
    for pk, category_id, parent_id, title, description in offered:
        categories[pk].add(category_id)
        if parent_id is not None:
            categories[pk].add(parent_id)
        words.add(pk, display_words(title), WordWeight.TITLE)
        words.add(pk, display_words(description), WordWeight.TEXT)

    _add_words(ids, words, places, categories, region_of)

    PlaceServed.objects.filter(enterprise__in=ids).delete()
    PlaceServed.objects.bulk_create(
        PlaceServed(enterprise_id=pk, municipality_id=municipality_id)
        for pk, found in places.items()
        for municipality_id in sorted(found)
    )
    CategoryOffered.objects.filter(enterprise__in=ids).delete()
    CategoryOffered.objects.bulk_create(
        CategoryOffered(enterprise_id=pk, category_id=category_id)
        for pk, found in categories.items()
        for category_id in sorted(found)
    )


def _add_words(ids: list[int], words: _Words, places, categories, region_of) -> None:
    """Add the words of the enterprises' services, target groups and places to those of
    their profiles and offerings, and write them."""
    category_names = _names(ServiceCategory.objects.values_list("pk", "name_lv", "name_en"))
    for pk, found in categories.items():
        for category_id in found:
            words.add(pk, category_names.get(category_id, {}), WordWeight.VOCABULARY)

    group_names = _names(TargetGroup.objects.values_list("pk", "name_lv", "name_en"))
    groups = SocialEnterprise.target_groups.through.objects.filter(
        socialenterprise__in=ids
    ).values_list("socialenterprise_id", "targetgroup_id")
    offering_groups = Offering.target_groups.through.objects.filter(
        offering__enterprise__in=ids, offering__is_active=True
    ).values_list("offering__enterprise_id", "targetgroup_id")
    for pk, group_id in [*groups, *offering_groups]:
        words.add(pk, group_names[group_id], WordWeight.VOCABULARY)

    place_names = _names(Municipality.objects.values_list("pk", "name"))
    region_names = _names(PlanningRegion.objects.values_list("pk", "name_lv", "name_en"))
    for pk, found in places.items():
        for municipality_id in found:
            words.add(pk, place_names[municipality_id], WordWeight.PLACE)
        for region_id in {region_of[municipality_id] for municipality_id in found}:
            words.add(pk, region_names.get(region_id, {}), WordWeight.PLACE)

    SearchWord.objects.filter(enterprise__in=ids).delete()
    # Two refreshes of one enterprise at once (two curators) would otherwise both insert.
    SearchWord.objects.bulk_create(
        (
            SearchWord(enterprise_id=pk, word=word, weight=weight)
            for pk, found in words.weights.items()
            for word, weight in sorted(found.items())
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    IndexedWord.objects.bulk_create(
        (IndexedWord(word=word, display=shown) for word, shown in sorted(words.display.items())),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
