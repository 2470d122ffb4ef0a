"""Where each enterprise works and what it offers, kept as rows the directory's filters find
through an index (``PlaceServed``, ``CategoryOffered``).

Asked "who serves Gulbenes novads?", the profile answers through four places (home, named
municipalities, planning regions, all of Latvia), so the database had to read each candidate
enterprise to decide; at 20,000 enterprises a search that hit 1,300 of them spent most of
its time there. The derived rows turn each filter into one index list that the database
intersects with the search words first.

The services that change an enterprise's area or offerings call ``refresh_filter_index``, as
do the admin pages that change enterprises, offerings, municipalities' regions and categories'
parents; bulk loads (seeding) call it once for everything they wrote.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from municipalities.models import Municipality

from .models import CategoryOffered, Offering, PlaceServed, SocialEnterprise

BATCH = 2_000


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


def _refresh(ids: list[int]) -> None:
    everywhere, members = [], defaultdict(list)
    for pk, region_id in Municipality.objects.values_list("pk", "region_id"):
        everywhere.append(pk)
        members[region_id].append(pk)

    places = defaultdict(set)
    profiles = SocialEnterprise.objects.filter(pk__in=ids).values_list(
        "pk", "home_municipality_id", "serves_nationwide"
    )
    for pk, home_id, nationwide in profiles:
        if home_id is not None:
            places[pk].add(home_id)
        if nationwide:
            places[pk].update(everywhere)
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
        .values_list("enterprise_id", "category_id", "category__parent_id")
    )
    for pk, category_id, parent_id in offered:
        categories[pk].add(category_id)
        if parent_id is not None:
            categories[pk].add(parent_id)

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
