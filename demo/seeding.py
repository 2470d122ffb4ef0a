"""A realistic, clearly fictional Latvian data set for demos and benchmarks.

Every demo enterprise has a registration number starting with 9, which no real Latvian
company has, so demo rows are easy to find, replace and never mistaken for real ones.
The same seed and sizes always give the same data; rows go in with bulk inserts.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from cooperation.models import CpvCode, FieldOfActivity, Instrument, ServiceCategory, TargetGroup
from enterprises.filter_index import refresh_filter_index
from enterprises.models import (
    CategoryOffered,
    LegalForm,
    Offering,
    OfferingKind,
    PlaceServed,
    RegisterStatus,
    SearchWord,
    SocialEnterprise,
    Verification,
)
from matching.services import refresh_need_matches
from municipalities.models import ContractReservation, Municipality, Need, NeedStatus
from portal.collation import latvian_sort_key
from portal.search import keyword_text, search_text

from . import vocabulary

DEMO_PREFIX = "9"
DEMO_AUTHOR = "kopa-demo"
BATCH = 2000


@dataclass(frozen=True)
class DemoSize:
    enterprises: int
    offerings: int
    needs: int


def demo_enterprises():
    return SocialEnterprise.objects.filter(registration_number__startswith=DEMO_PREFIX)


def demo_author() -> User:
    """The account demo needs are posted by; it cannot log in."""
    user, created = User.objects.get_or_create(
        username=DEMO_AUTHOR, defaults={"first_name": "Kopā", "last_name": "demo"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def demo_needs():
    return Need.objects.filter(created_by__username=DEMO_AUTHOR)


@transaction.atomic
def delete_demo_data() -> None:
    demo_needs().delete()
    Offering.objects.filter(enterprise__in=demo_enterprises()).delete()
    demo_enterprises().delete()


class DemoBuilder:
    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.municipalities = list(
            Municipality.objects.current().select_related("region").order_by("atvk")
        )
        self.by_region: dict[int, list[Municipality]] = {}
        for municipality in self.municipalities:
            self.by_region.setdefault(municipality.region_id, []).append(municipality)
        # Over half of Latvia's social enterprises are in and around Rīga.
        self.home_weights = [
            12 if m.slug == "riga" else 3 if m.region.slug == "riga" else 1
            for m in self.municipalities
        ]
        self.categories = list(
            ServiceCategory.objects.filter(parent__isnull=False)
            .select_related("parent")
            .order_by("slug")
        )
        self.target_groups = list(TargetGroup.objects.order_by("slug"))
        self.fields = list(FieldOfActivity.objects.order_by("slug"))
        self.instruments = list(Instrument.objects.order_by("slug"))
        self.cpv = {code.code: code for code in CpvCode.objects.all()}
        self.used_slugs: set[str] = set(SocialEnterprise.objects.values_list("slug", flat=True))

    def pick(self, items, low: int, high: int) -> list:
        return self.rng.sample(items, self.rng.randint(low, min(high, len(items))))

    def unique_slug(self, name: str) -> str:
        base = slugify(name)[:200]
        slug, counter = base, 2
        while slug in self.used_slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        self.used_slugs.add(slug)
        return slug

    def area(self, home: Municipality) -> tuple[bool, list, list]:
        """Nationwide, whole regions, or home plus a few neighbours in its region."""
        roll = self.rng.random()
        if roll < 0.15:
            return True, [], []
        if roll < 0.45:
            return False, [home.region], []
        neighbours = [m for m in self.by_region[home.region_id] if m.pk != home.pk]
        return False, [], [home, *self.pick(neighbours, 0, 3)]

    def build(self, size: DemoSize) -> None:
        enterprises, profiles = self.build_enterprises(size.enterprises)
        self.build_offerings(enterprises, profiles, size.offerings)
        # Bulk inserts skip the services that keep the directory's filter index.
        refresh_filter_index(enterprise.pk for enterprise in enterprises)
        self.build_needs(size.needs)

    def build_enterprises(self, count: int):
        rows, profiles, links = [], [], []
        start = demo_enterprises().count()
        for number in range(start, start + count):
            home = self.rng.choices(self.municipalities, self.home_weights)[0]
            name = " ".join(
                [self.rng.choice(vocabulary.NAME_FIRST), self.rng.choice(vocabulary.NAME_SECOND)]
            )
            if self.rng.random() < 0.5:
                name = f"{name} {home.name.split()[0]}"
            categories = self.pick(self.categories, 1, 3)
            service = vocabulary.OFFERINGS[categories[0].slug][0].lower()
            description = " ".join(
                [
                    self.rng.choice(vocabulary.DESCRIPTION_OPENINGS),
                    self.rng.choice(vocabulary.DESCRIPTION_CLOSINGS).format(service=service),
                ]
            )
            employees = self.rng.randint(2, 60)
            status_roll = self.rng.random()
            granted = self.today - datetime.timedelta(days=self.rng.randint(60, 2500))
            if status_roll < 0.8:
                register, ended, legal_form = RegisterStatus.ACTIVE, None, LegalForm.SIA
            elif status_roll < 0.9:
                ended = min(
                    self.today, granted + datetime.timedelta(days=self.rng.randint(180, 1500))
                )
                register, legal_form = RegisterStatus.CEASED, LegalForm.SIA
            else:
                register, granted, ended = RegisterStatus.NOT_REGISTERED, None, None
                legal_form = self.rng.choice([LegalForm.ASSOCIATION, LegalForm.FOUNDATION])
            verification = self.rng.choices(
                [Verification.VERIFIED, Verification.PENDING, Verification.REJECTED], [85, 12, 3]
            )[0]
            checked = (
                None
                if verification == Verification.PENDING
                else timezone.make_aware(
                    datetime.datetime.combine(
                        self.today - datetime.timedelta(days=self.rng.randint(0, 400)),
                        datetime.time(10, 0),
                    )
                )
            )
            nationwide, regions, municipalities = self.area(home)
            registration_number = f"{DEMO_PREFIX}{number:010d}"
            enterprise = SocialEnterprise(
                name=name,
                slug=self.unique_slug(name),
                registration_number=registration_number,
                legal_form=legal_form,
                register_status=register,
                status_granted_on=granted,
                status_ended_on=ended,
                verification=verification,
                checked_at=checked,
                description=description,
                website=f"https://{slugify(name)}.example",
                email=f"info@{slugify(name)}.example",
                phone=f"+371 2{self.rng.randint(0, 9999999):07d}",
                home_municipality=home,
                serves_nationwide=nationwide,
                employees_total=employees,
                employees_target_group=self.rng.randint(0, employees),
                founded_year=self.rng.randint(1995, self.today.year),
            )
            enterprise.search_text = enterprise.build_search_text()
            enterprise.sort_name = latvian_sort_key(name)
            rows.append(enterprise)
            profiles.append(categories)
            links.append(
                (
                    regions,
                    municipalities,
                    self.pick(self.target_groups, 1, 3),
                    self.pick(self.fields, 1, 2),
                )
            )
        SocialEnterprise.objects.bulk_create(rows, batch_size=BATCH)
        SearchWord.objects.bulk_create(
            [word for enterprise in rows for word in SearchWord.rows_for(enterprise)],
            batch_size=BATCH,
        )
        self.link(rows, links)
        return rows, profiles

    def link(self, rows, links) -> None:
        through = SocialEnterprise
        region_rows, municipality_rows, group_rows, field_rows = [], [], [], []
        for enterprise, (regions, municipalities, groups, fields) in zip(rows, links, strict=True):
            region_rows += [
                through.served_regions.through(socialenterprise=enterprise, planningregion=r)
                for r in regions
            ]
            municipality_rows += [
                through.served_municipalities.through(socialenterprise=enterprise, municipality=m)
                for m in municipalities
            ]
            group_rows += [
                through.target_groups.through(socialenterprise=enterprise, targetgroup=g)
                for g in groups
            ]
            field_rows += [
                through.fields_of_activity.through(socialenterprise=enterprise, fieldofactivity=f)
                for f in fields
            ]
        for batch in (region_rows, municipality_rows, group_rows, field_rows):
            if batch:
                type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)

    def build_offerings(self, enterprises, profiles, count: int) -> None:
        if not enterprises or count <= 0:
            return
        rows, links = [], []
        for index in range(count):
            position = index % len(enterprises)
            enterprise, categories = enterprises[position], profiles[position]
            category = categories[(index // len(enterprises)) % len(categories)]
            title = self.rng.choice(vocabulary.OFFERINGS[category.slug])
            if category.parent.slug == "training":
                kind = OfferingKind.TRAINING
            elif category.parent.slug == "employment" or category.slug == "gifts":
                kind = OfferingKind.PRODUCT
            else:
                kind = OfferingKind.SERVICE
            own_area = self.rng.random() < 0.2
            municipalities = [enterprise.home_municipality] if own_area else []
            offering = Offering(
                enterprise=enterprise,
                title=title,
                description=(
                    f"{title}. {enterprise.name} to nodrošina ar savu komandu, "
                    "iesaistot cilvēkus no sociālās atstumtības riska grupām."
                ),
                kind=kind,
                category=category,
                has_own_area=own_area,
                is_active=self.rng.random() < 0.95,
            )
            offering.search_text = search_text(offering.title, offering.description)
            offering.keywords = keyword_text(offering.title, offering.description)
            rows.append(offering)
            cpv = [self.cpv[c] for c in vocabulary.CPV_BY_CATEGORY.get(category.slug, [])]
            links.append(
                (
                    municipalities,
                    self.pick(self.target_groups, 1, 3),
                    self.pick(self.instruments, 1, 4),
                    cpv,
                )
            )
        Offering.objects.bulk_create(rows, batch_size=BATCH)
        municipality_rows, group_rows, instrument_rows, cpv_rows = [], [], [], []
        for offering, (municipalities, groups, instruments, cpv) in zip(rows, links, strict=True):
            municipality_rows += [
                Offering.served_municipalities.through(offering=offering, municipality=m)
                for m in municipalities
            ]
            group_rows += [
                Offering.target_groups.through(offering=offering, targetgroup=g) for g in groups
            ]
            instrument_rows += [
                Offering.instruments.through(offering=offering, instrument=i) for i in instruments
            ]
            cpv_rows += [Offering.cpv_codes.through(offering=offering, cpvcode=c) for c in cpv]
        for batch in (municipality_rows, group_rows, instrument_rows, cpv_rows):
            if batch:
                type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)

    def build_needs(self, count: int) -> None:
        rows, links = [], []
        author = demo_author()
        now = timezone.make_aware(datetime.datetime.combine(self.today, datetime.time(9, 0)))
        for index in range(count):
            # Every municipality gets needs before any gets a second one.
            municipality = self.municipalities[index % len(self.municipalities)]
            category = self.rng.choice(self.categories)
            place = f"({municipality.name})"
            status = self.rng.choices(
                [
                    NeedStatus.OPEN,
                    NeedStatus.DRAFT,
                    NeedStatus.IN_PROGRESS,
                    NeedStatus.FULFILLED,
                    NeedStatus.CLOSED,
                ],
                [70, 8, 10, 8, 4],
            )[0]
            published = (
                None
                if status == NeedStatus.DRAFT
                else now - datetime.timedelta(days=self.rng.randint(0, 180))
            )
            budget_min = self.rng.choice([None, 1000, 5000, 12000])
            need = Need(
                municipality=municipality,
                title=vocabulary.NEEDS[category.slug].format(place=place),
                description=self.rng.choice(vocabulary.NEED_DESCRIPTIONS),
                category=category,
                reservation=self.rng.choices(
                    [
                        ContractReservation.NONE,
                        ContractReservation.ART20,
                        ContractReservation.ART77,
                    ],
                    [80, 15, 5],
                )[0],
                budget_min=budget_min,
                budget_max=budget_min * 3 if budget_min else None,
                deadline=self.today + datetime.timedelta(days=self.rng.randint(14, 200)),
                status=status,
                created_by=author,
                created_at=published or now,
                published_at=published,
            )
            need.search_text = search_text(need.title, need.description)
            rows.append(need)
            cpv = [self.cpv[c] for c in vocabulary.CPV_BY_CATEGORY.get(category.slug, [])]
            links.append(
                (self.pick(self.target_groups, 1, 2), self.pick(self.instruments, 1, 3), cpv)
            )
        Need.objects.bulk_create(rows, batch_size=BATCH)
        group_rows, instrument_rows, cpv_rows = [], [], []
        for need, (groups, instruments, cpv) in zip(rows, links, strict=True):
            group_rows += [Need.target_groups.through(need=need, targetgroup=g) for g in groups]
            instrument_rows += [
                Need.instruments.through(need=need, instrument=i) for i in instruments
            ]
            cpv_rows += [Need.cpv_codes.through(need=need, cpvcode=c) for c in cpv]
        for batch in (group_rows, instrument_rows, cpv_rows):
            if batch:
                type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)


@transaction.atomic
def seed_demo(*, seed: int, size: DemoSize, today: datetime.date | None = None) -> None:
    DemoBuilder(seed, today or timezone.localdate()).build(size)
    analyze_seeded_tables()
    refresh_all_matches()


def analyze_seeded_tables() -> None:
    """Give the planner statistics for the rows just inserted. The load runs in one
    transaction that autovacuum cannot see, so PostgreSQL would otherwise plan the matching
    queries for empty tables: seconds per need at L instead of a fraction of one."""
    tables = set()
    for model in (SocialEnterprise, Offering, SearchWord, PlaceServed, CategoryOffered, Need):
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table for field in model._meta.many_to_many
        )
    with connection.cursor() as cursor:
        for table in sorted(tables):
            # ANALYZE, unlike VACUUM, runs inside a transaction and counts its own new rows.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def refresh_all_matches() -> None:
    """Bulk inserts skip the services, so match every open need once at the end."""
    for need in Need.objects.open().select_related("municipality__region", "category"):
        refresh_need_matches(need)
