"""A realistic, clearly fictional Latvian data set for demos and benchmarks.

Every demo enterprise has a registration number starting with 9, which no real Latvian
company has, so demo rows are easy to find, replace and never mistaken for real ones.
Demo people (the enterprises' representatives and the municipalities' officers) have
usernames starting with ``kopa-demo-``; they are created only here and removed with the
rest. The same seed and sizes always give the same data; rows go in with bulk inserts.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import MatchEmails, MembershipStatus, User
from cooperation.models import (
    Cooperation,
    CooperationEvent,
    CooperationStatus,
    CooperationSurvey,
    CpvCode,
    FieldOfActivity,
    Instrument,
    ServiceCategory,
    Side,
    TargetGroup,
)
from enterprises.filter_index import refresh_filter_index
from enterprises.models import (
    CategoryOffered,
    LegalForm,
    Offering,
    OfferingKind,
    PlaceServed,
    RegisterStatus,
    Representative,
    SearchWord,
    SocialEnterprise,
    Verification,
)
from matching.services import refresh_need_matches
from municipalities.models import ContractReservation, Municipality, Need, NeedStatus, Officer
from opportunities.models import Opportunity, OpportunityKind, instrument_slug
from portal.collation import latvian_sort_key
from portal.search import keyword_text, search_text

from . import texts, vocabulary

DEMO_PREFIX = "9"
# Demo people's usernames start with this; "kopa-demo" alone was the author of earlier
# demo needs, so it is removed with them.
DEMO_USERNAME = "kopa-demo"
BATCH = 2000


class DemoDataError(Exception):
    """The database lacks what the demo data needs; the message says what to do."""


@dataclass(frozen=True)
class DemoSize:
    enterprises: int
    offerings: int
    needs: int
    # Every municipality with demo officers offers its mix of OPPORTUNITY_MIX; more than
    # that, up to this many in all, are spread over the same municipalities.
    opportunities: int = 0


# A grant call, premises, a tax relief rule and two events.
OPPORTUNITY_MIX = 5


def seeded_opportunities(size: DemoSize, municipalities: int) -> int:
    """How many opportunities seeding ``size`` makes, with this many current
    municipalities: each of the first ``size.needs`` has officers and offers its mix."""
    return max(size.opportunities, OPPORTUNITY_MIX * min(size.needs, municipalities))


def demo_opportunities():
    return Opportunity.objects.filter(created_by__username__startswith=DEMO_USERNAME)


def demo_enterprises():
    return SocialEnterprise.objects.filter(registration_number__startswith=DEMO_PREFIX)


def demo_users():
    return User.objects.filter(username__startswith=DEMO_USERNAME)


def demo_needs():
    """Needs posted by demo officers (or by the single demo author of earlier versions)."""
    return Need.objects.filter(created_by__username__startswith=DEMO_USERNAME)


@transaction.atomic
def delete_demo_data() -> None:
    # Their events, messages and surveys go with them.
    Cooperation.objects.filter(enterprise__in=demo_enterprises()).delete()
    demo_needs().delete()
    demo_opportunities().delete()
    Offering.objects.filter(enterprise__in=demo_enterprises()).delete()
    demo_enterprises().delete()
    # Their memberships and email addresses go with them.
    demo_users().delete()


def staff_groups(groups) -> list[str]:
    """The names of the target groups an enterprise's staff can come from: not children."""
    return [group.name_lv for group in groups if group.slug != "children"]


def ascii_name(text: str) -> str:
    """ "Ērika Kļaviņa" -> "erika.klavina", for an email address."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return ".".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


class DemoBuilder:
    def __init__(self, seed: int, today: datetime.date, password: str | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.offerings_by_category: dict[int, list[Offering]] = {}
        self.representatives: dict[int, list[User]] = {}
        self.now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 0)))
        # One hash for every demo person: hashing per person would take minutes at L.
        self.password_hash = make_password(password)
        self.municipalities = list(
            Municipality.objects.current()
            .select_related("region")
            .prefetch_related("email_domains")
            .order_by("atvk")
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
        self.category_by_slug = {category.slug: category for category in self.categories}
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

    @staticmethod
    def area_text(nationwide: bool, regions: list, municipalities: list) -> str:
        """Where an enterprise works, to complete "Strādājam …"."""
        if nationwide:
            return "visā Latvijā"
        if regions:
            return texts.join_and([texts.region_locative(r.name_lv) for r in regions])
        return texts.join_and([texts.place_cases(m.name)[0] for m in municipalities])

    def enterprise_name(self, primary: ServiceCategory, home: Municipality) -> str:
        nouns = vocabulary.NAME_NOUNS_BY_CATEGORY.get(
            primary.slug, vocabulary.NAME_NOUNS[primary.parent.slug]
        )
        noun, gender = self.rng.choice(nouns)
        if self.rng.random() < 0.5:
            first = self.rng.choice(vocabulary.NAME_GENITIVES)
        else:
            forms = self.rng.choice(vocabulary.NAME_ADJECTIVES)
            first = forms[vocabulary.GENDER_FORM[gender]]
        name = f"{first} {noun}"
        if self.rng.random() < 0.5:
            # "Gulbenes Zaļā darbnīca", "Rīgas Saules centrs"
            name = f"{texts.place_cases(home.name)[1].split()[0]} {name}"
        return name

    def enterprise_categories(self) -> list[ServiceCategory]:
        """A main category and up to two that usually go with it."""
        primary = self.rng.choice(self.categories)
        related = [
            self.category_by_slug[slug]
            for slug in vocabulary.RELATED_CATEGORIES.get(primary.slug, [])
            if slug in self.category_by_slug
        ]
        return [primary, *self.pick(related, 0, 2)]

    def person(self) -> tuple[str, str]:
        gender = self.rng.choice("mf")
        surname = self.rng.choice(vocabulary.SURNAMES)[0 if gender == "m" else 1]
        return self.rng.choice(vocabulary.FIRST_NAMES[gender]), surname

    def build(self, size: DemoSize) -> None:
        # Every municipality gets needs before any gets a second one; their officers come
        # first, so a missing email domain stops the seeding before anything else is done.
        officers = self.officers(self.municipalities[: size.needs])
        enterprises, profiles = self.build_enterprises(size.enterprises)
        self.build_offerings(enterprises, profiles, size.offerings)
        # Bulk inserts skip the services that keep the directory's filter index.
        refresh_filter_index(enterprise.pk for enterprise in enterprises)
        self.build_representatives(enterprises)
        needs = self.build_needs(size.needs, officers)
        self.build_opportunities(officers, size.opportunities)
        self.build_cooperations(needs, officers)

    def build_enterprises(self, count: int):
        rows, profiles, links = [], [], []
        start = demo_enterprises().count()
        for number in range(start, start + count):
            home = self.rng.choices(self.municipalities, self.home_weights)[0]
            categories = self.enterprise_categories()
            name = self.enterprise_name(categories[0], home)
            slug = self.unique_slug(name)
            employees = self.rng.randint(2, 60)
            employees_target_group = self.rng.randint(0, employees)
            founded_year = self.rng.randint(1995, self.today.year)
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
            area = self.area_text(nationwide, regions, municipalities)
            groups = self.pick(self.target_groups, 1, 3)
            registration_number = f"{DEMO_PREFIX}{number:010d}"
            enterprise = SocialEnterprise(
                name=name,
                slug=slug,
                registration_number=registration_number,
                legal_form=legal_form,
                register_status=register,
                status_granted_on=granted,
                status_ended_on=ended,
                verification=verification,
                checked_at=checked,
                description=texts.enterprise_description(
                    self.rng,
                    name=name,
                    legal_form=legal_form,
                    founded_year=founded_year,
                    home=home.name,
                    area=area,
                    category_slugs=[c.slug for c in categories],
                    category_names=[c.name_lv for c in categories],
                    employees_total=employees,
                    employees_target_group=employees_target_group,
                    target_groups=staff_groups(groups),
                ),
                # The reserved .example domain: no demo address can reach anyone.
                website=f"https://{slug}.example",
                email=f"info@{slug}.example",
                phone=f"+371 2{self.rng.randint(0, 9999999):07d}",
                home_municipality=home,
                serves_nationwide=nationwide,
                employees_total=employees,
                employees_target_group=employees_target_group,
                founded_year=founded_year,
            )
            enterprise.search_text = enterprise.build_search_text()
            enterprise.sort_name = latvian_sort_key(name)
            rows.append(enterprise)
            profiles.append((categories, area))
            links.append((regions, municipalities, groups, self.pick(self.fields, 1, 2)))
        # Their search words come with the rest of the index, from refresh_filter_index.
        SocialEnterprise.objects.bulk_create(rows, batch_size=BATCH)
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
        # Each enterprise's titles in a category come in a shuffled order, so it never
        # offers the same title twice (until a category's titles run out).
        titles: dict[tuple[int, str], list[str]] = {}
        for index in range(count):
            position = index % len(enterprises)
            enterprise, (categories, area) = enterprises[position], profiles[position]
            category = categories[(index // len(enterprises)) % len(categories)]
            left = titles.get((position, category.slug))
            if not left:
                left = titles[position, category.slug] = self.rng.sample(
                    texts.CATEGORIES[category.slug].titles,
                    len(texts.CATEGORIES[category.slug].titles),
                )
            title = left.pop()
            if category.parent.slug == "training":
                kind = OfferingKind.TRAINING
            elif category.parent.slug == "employment" or category.slug == "gifts":
                kind = OfferingKind.PRODUCT
            else:
                kind = OfferingKind.SERVICE
            own_area = self.rng.random() < 0.2
            municipalities = [enterprise.home_municipality] if own_area else []
            groups = self.pick(self.target_groups, 1, 3)
            offering = Offering(
                enterprise=enterprise,
                title=title,
                description=texts.offering_description(
                    self.rng,
                    title=title,
                    category_slug=category.slug,
                    kind=kind,
                    area=self.area_text(False, [], municipalities) if own_area else area,
                    target_groups=staff_groups(groups),
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
            links.append((municipalities, groups, self.pick(self.instruments, 1, 4), cpv))
        Offering.objects.bulk_create(rows, batch_size=BATCH)
        # Who can take on a need of each category, for the demo cooperations.
        for offering in rows:
            if offering.is_active and offering.enterprise.verification == Verification.VERIFIED:
                self.offerings_by_category.setdefault(offering.category_id, []).append(offering)
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

    def new_person(self, username: str, domain: str, taken: set[str], prefix: str = "") -> User:
        """A demo person with an address on ``domain``, none of whose names repeats there."""
        while True:
            first_name, last_name = self.person()
            local = prefix + ascii_name(f"{first_name} {last_name}")
            if local not in taken:
                taken.add(local)
                break
        return User(
            username=username,
            email=f"{local}@{domain}",
            first_name=first_name,
            last_name=last_name,
            password=self.password_hash,
            language=self.rng.choices(["lv", "en"], [85, 15])[0],
            match_emails=self.rng.choices(
                [MatchEmails.IMMEDIATE, MatchEmails.DAILY, MatchEmails.WEEKLY, MatchEmails.NONE],
                [50, 30, 15, 5],
            )[0],
        )

    def save_people(self, people: list[User]) -> None:
        """Insert the people with their verified primary addresses, refusing any address a
        real account already has."""
        emails = [person.email for person in people]
        for start in range(0, len(emails), BATCH):
            chunk = emails[start : start + BATCH]
            taken = set(
                EmailAddress.objects.filter(email__in=chunk).values_list("email", flat=True)
            ) | set(User.objects.filter(email__in=chunk).values_list("email", flat=True))
            if taken:
                raise DemoDataError(
                    f"Demo addresses already belong to accounts: {', '.join(sorted(taken))}."
                )
        User.objects.bulk_create(people, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=person, email=person.email, verified=True, primary=True)
                for person in people
            ],
            batch_size=BATCH,
        )

    def build_representatives(self, enterprises) -> None:
        """One or two approved representatives for every enterprise, on its own domain, so
        match emails and proposals reach someone."""
        people, enterprise_of = [], []
        for enterprise in enterprises:
            taken: set[str] = set()
            domain = enterprise.website.removeprefix("https://")
            for position in range(self.rng.choices([1, 2], [70, 30])[0]):
                username = f"{DEMO_USERNAME}-{enterprise.registration_number}-{position + 1}"
                people.append(self.new_person(username, domain, taken))
                enterprise_of.append(enterprise)
        self.save_people(people)
        for person, enterprise in zip(people, enterprise_of, strict=True):
            self.representatives.setdefault(enterprise.pk, []).append(person)
        Representative.objects.bulk_create(
            [
                Representative(
                    user=person,
                    enterprise=enterprise,
                    status=MembershipStatus.APPROVED,
                    decided_at=self.now,
                )
                for person, enterprise in zip(people, enterprise_of, strict=True)
            ],
            batch_size=BATCH,
        )

    def officers(self, municipalities: list[Municipality]) -> dict[int, list[User]]:
        """One to three approved officers for each municipality, on its official email
        domain. Officers from an earlier run are reused: they belong to the municipality,
        not to one batch of needs."""
        existing: dict[int, list[User]] = {}
        for officer in (
            Officer.objects.approved()
            .filter(municipality__in=municipalities, user__username__startswith=DEMO_USERNAME)
            .select_related("user")
            .order_by("user__username")
        ):
            existing.setdefault(officer.municipality_id, []).append(officer.user)
        missing = [m for m in municipalities if m.pk not in existing]
        without_domain = [m.name for m in missing if not m.email_domains.all()]
        if without_domain:
            raise DemoDataError(
                "These municipalities have no official email domain for their demo officers: "
                f"{', '.join(without_domain)}. Add their domains (admin: municipalities, "
                "official email domains) and seed again."
            )
        people, municipality_of = [], []
        for municipality in missing:
            # The first domain in the list: the one its staff use most, e.g. cesis.lv.
            domain = sorted(d.domain for d in municipality.email_domains.all())[0]
            taken: set[str] = set()
            for position in range(self.rng.choices([1, 2, 3], [40, 40, 20])[0]):
                username = (
                    f"{DEMO_USERNAME}-{municipality.atvk or municipality.slug}-{position + 1}"
                )
                # "demo." keeps the address off any real mailbox on the official domain.
                people.append(self.new_person(username, domain, taken, prefix="demo."))
                municipality_of.append(municipality)
        self.save_people(people)
        Officer.objects.bulk_create(
            [
                Officer(
                    user=person,
                    municipality=municipality,
                    status=MembershipStatus.APPROVED,
                    approved_by_domain=True,
                    decided_at=self.now,
                )
                for person, municipality in zip(people, municipality_of, strict=True)
            ],
            batch_size=BATCH,
        )
        for person, municipality in zip(people, municipality_of, strict=True):
            existing.setdefault(municipality.pk, []).append(person)
        return existing

    def build_needs(
        self, count: int, officers: dict[int, list[User]]
    ) -> list[tuple[Need, list[Instrument]]]:
        """Needs, each with the forms of cooperation it names."""
        rows, links = [], []
        for index in range(count):
            municipality = self.municipalities[index % len(self.municipalities)]
            category = self.rng.choice(self.categories)
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
            # A need taken on was published a while ago, a fulfilled one months ago: its
            # cooperation's steps fit between then and today (build_cooperations).
            age = {NeedStatus.IN_PROGRESS: (14, 180), NeedStatus.FULFILLED: (90, 400)}
            published = (
                None
                if status == NeedStatus.DRAFT
                else self.now
                - datetime.timedelta(days=self.rng.randint(*age.get(status, (0, 180))))
            )
            budget_min = self.rng.choice([None, 1000, 5000, 12000])
            budget_max = budget_min * 3 if budget_min else None
            deadline = self.today + datetime.timedelta(days=self.rng.randint(14, 200))
            reservation = self.rng.choices(
                [ContractReservation.NONE, ContractReservation.ART20, ContractReservation.ART77],
                [80, 15, 5],
            )[0]
            groups = self.pick(self.target_groups, 1, 2)
            need = Need(
                municipality=municipality,
                title=texts.need_title(
                    self.rng, category_slug=category.slug, municipality=municipality.name
                ),
                description=texts.need_description(
                    self.rng,
                    category_slug=category.slug,
                    municipality=municipality.name,
                    target_groups=[g.name_lv for g in groups],
                    reservation=reservation,
                    budget=(budget_min, budget_max) if budget_min else None,
                    deadline=deadline,
                ),
                category=category,
                reservation=reservation,
                budget_min=budget_min,
                budget_max=budget_max,
                deadline=deadline,
                status=status,
                created_by=self.rng.choice(officers[municipality.pk]),
                created_at=published or self.now,
                published_at=published,
            )
            need.search_text = search_text(need.title, need.description)
            rows.append(need)
            cpv = [self.cpv[c] for c in vocabulary.CPV_BY_CATEGORY.get(category.slug, [])]
            links.append((groups, self.pick(self.instruments, 1, 3), cpv))
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
        return [(need, instruments) for need, (_, instruments, _) in zip(rows, links, strict=True)]

    def build_opportunities(self, officers: dict[int, list[User]], total: int = 0) -> None:
        """What each municipality with demo officers offers: a grant call, premises, a
        real-estate tax relief rule and two events; then, up to ``total`` in all, more of
        the same kinds over the same municipalities, a few of them closed or drafts. Bulk
        inserts, each row deriving its form of cooperation as ``save()`` would; the
        database checks the facts of each kind. (Not ``full_clean``: demo dates are
        relative to the seed's ``today``, which may be in the past.)"""
        offering = [m for m in self.municipalities if m.pk in officers]
        if not offering:
            return
        instruments = {item.slug: item for item in self.instruments}
        rows = [
            self.opportunity(municipality, template, officers)
            for municipality in offering
            for template in range(OPPORTUNITY_MIX)
        ]
        for number in range(max(total - len(rows), 0)):
            municipality = offering[number % len(offering)]
            rows.append(
                self.opportunity(
                    municipality,
                    (number // len(offering)) % OPPORTUNITY_MIX,
                    officers,
                    status=self.rng.choices(["open", "closed", "draft"], [85, 10, 5])[0],
                )
            )
        for opportunity in rows:
            opportunity.instrument = instruments[
                instrument_slug(opportunity.kind, opportunity.terms)
            ]
            opportunity.status_required = (
                opportunity.status_required or opportunity.instrument.requires_register_status
            )
            opportunity.search_text = opportunity.build_search_text()
        Opportunity.objects.bulk_create(rows, batch_size=BATCH)
        category_rows, group_rows = [], []
        for opportunity in rows:
            category_rows += [
                Opportunity.categories.through(opportunity=opportunity, servicecategory=item)
                for item in self.pick(self.categories, 0, 2)
            ]
            group_rows += [
                Opportunity.target_groups.through(opportunity=opportunity, targetgroup=group)
                for group in self.pick(self.target_groups, 0, 2)
            ]
        for batch in (category_rows, group_rows):
            if batch:
                type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)

    def build_cooperations(
        self, needs: list[tuple[Need, list[Instrument]]], officers: dict[int, list[User]]
    ) -> None:
        """A cooperation for every need in progress (agreed or running) and every fulfilled
        one (completed, with results; half of them published as stories, and the
        municipality's answer to the survey where a month has passed), with a verified
        enterprise offering the need's category, from the need's region where there is
        one. Its steps are dated between the need's publication and today."""
        taken = [
            (need, instruments)
            for need, instruments in needs
            if need.status in (NeedStatus.IN_PROGRESS, NeedStatus.FULFILLED)
            and self.offerings_by_category.get(need.category_id)
        ]
        rows, plans = [], []
        for need, instruments in taken:
            candidates = self.offerings_by_category[need.category_id]
            nearby = [
                offering
                for offering in candidates
                if offering.enterprise.home_municipality.region_id == need.municipality.region_id
            ]
            offering = self.rng.choice(nearby or candidates)
            enterprise = offering.enterprise
            officer = need.created_by
            representative = self.rng.choice(self.representatives[enterprise.pk])
            initiated_by = self.rng.choices([Side.ENTERPRISE, Side.MUNICIPALITY], [60, 40])[0]
            # Fulfilled needs were taken on soon after publishing and done months ago.
            span = self.now - need.published_at
            fulfilled = need.status == NeedStatus.FULFILLED
            proposed, agreed, started, completed = (
                need.published_at + span * share
                for share in ((0.05, 0.1, 0.15, 0.6) if fulfilled else (0.1, 0.25, 0.3, 1))
            )
            planned_value = need.budget_max or self.rng.choice([2400, 6000, 9600, 18000])
            cooperation = Cooperation(
                municipality=need.municipality,
                enterprise=enterprise,
                need=need,
                initiated_by=initiated_by,
                title=need.title,
                **texts.cooperation_plan(
                    self.rng,
                    enterprise=enterprise.name,
                    need_description=need.description,
                    category_slug=need.category.slug,
                ),
                planned_value_eur=planned_value,
                planned_jobs=self.rng.randint(0, 3),
                planned_people=self.rng.randint(2, 8),
                planned_end=(agreed + datetime.timedelta(days=self.rng.randint(180, 365))).date(),
                municipality_agreed_at=agreed,
                enterprise_agreed_at=agreed,
                created_by=representative if initiated_by == Side.ENTERPRISE else officer,
                created_at=proposed,
            )
            if fulfilled:
                published = self.rng.random() < 0.5
                cooperation.status = CooperationStatus.COMPLETED
                cooperation.completed_at = completed
                cooperation.updated_at = completed
                # Some finish early, some late.
                cooperation.planned_end = (
                    completed + datetime.timedelta(days=self.rng.randint(-10, 20))
                ).date()
                cooperation.people_involved = self.rng.randint(1, 8)
                cooperation.jobs_created = self.rng.randint(0, 3)
                cooperation.value_eur = round(planned_value * self.rng.uniform(0.8, 1.1))
                cooperation.what_worked = self.rng.choice(texts.WHAT_WORKED)
                cooperation.what_did_not = self.rng.choice(texts.WHAT_DID_NOT)
                cooperation.municipality_publishes = published
                cooperation.enterprise_publishes = published
            else:
                running = self.rng.random() < 0.7
                cooperation.status = (
                    CooperationStatus.ACTIVE if running else CooperationStatus.AGREED
                )
                cooperation.updated_at = started if running else agreed
            rows.append(cooperation)
            plans.append((offering, instruments, officer, representative, agreed, started))
        dated = [(row.created_at, row.updated_at) for row in rows]
        Cooperation.objects.bulk_create(rows, batch_size=BATCH)
        # bulk_create stamps auto_now(_add) fields with the present; the story has its dates.
        for row, (created_at, updated_at) in zip(rows, dated, strict=True):
            row.created_at, row.updated_at = created_at, updated_at
        Cooperation.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=BATCH)
        offering_rows, instrument_rows, events, surveys = [], [], [], []
        for cooperation, (offering, instruments, officer, representative, agreed, started) in zip(
            rows, plans, strict=True
        ):
            offering_rows.append(
                Cooperation.offerings.through(cooperation=cooperation, offering=offering)
            )
            instrument_rows += [
                Cooperation.instruments.through(cooperation=cooperation, instrument=item)
                for item in instruments
            ]
            person = {Side.ENTERPRISE: representative, Side.MUNICIPALITY: officer}
            first = cooperation.initiated_by
            second = Side.MUNICIPALITY if first == Side.ENTERPRISE else Side.ENTERPRISE
            steps = [
                ("propose", "", CooperationStatus.PROPOSED, first, cooperation.created_at),
                (
                    "agree",
                    CooperationStatus.PROPOSED,
                    CooperationStatus.IN_DISCUSSION,
                    second,
                    agreed,
                ),
                ("agree", CooperationStatus.IN_DISCUSSION, CooperationStatus.AGREED, first, agreed),
            ]
            if cooperation.status != CooperationStatus.AGREED:
                steps.append(
                    ("start", CooperationStatus.AGREED, CooperationStatus.ACTIVE, first, started)
                )
            if cooperation.status == CooperationStatus.COMPLETED:
                steps.append(
                    (
                        "complete",
                        CooperationStatus.ACTIVE,
                        CooperationStatus.COMPLETED,
                        Side.MUNICIPALITY,
                        cooperation.completed_at,
                    )
                )
                if (
                    self.now - cooperation.completed_at > datetime.timedelta(days=31)
                    and self.rng.random() < 0.6
                ):
                    surveys.append(self.survey(cooperation, officer))
            events += [
                CooperationEvent(
                    cooperation=cooperation,
                    action=action,
                    from_status=before,
                    to_status=after,
                    side=side,
                    by=person[side],
                    at=at,
                )
                for action, before, after, side, at in steps
            ]
        for batch in (offering_rows, instrument_rows):
            if batch:
                type(batch[0]).objects.bulk_create(batch, batch_size=BATCH)
        steps_at = [event.at for event in events]
        CooperationEvent.objects.bulk_create(events, batch_size=BATCH)
        for event, at in zip(events, steps_at, strict=True):
            event.at = at
        CooperationEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
        CooperationSurvey.objects.bulk_create(surveys, batch_size=BATCH)

    def survey(self, cooperation: Cooperation, officer: User) -> CooperationSurvey:
        """The municipality's answer a month after completion, close to the recorded results."""
        return CooperationSurvey(
            cooperation=cooperation,
            side=Side.MUNICIPALITY,
            happened_as_planned=self.rng.random() < 0.85,
            value_eur=cooperation.value_eur,
            jobs_created=cooperation.jobs_created,
            target_group_people=cooperation.people_involved,
            would_have_found_without_portal=self.rng.choices([False, True, None], [40, 35, 25])[0],
            answered_by=officer,
            answered_at=cooperation.completed_at + datetime.timedelta(days=31),
        )

    def opportunity(
        self,
        municipality: Municipality,
        template: int,
        officers: dict[int, list[User]],
        status: str = "open",
    ) -> Opportunity:
        """One of the five kinds of a municipality's mix, with realistic Latvian texts."""
        streets = ["Skolas iela", "Brīvības iela", "Rīgas iela", "Dzirnavu iela", "Parka iela"]
        of = texts.place_cases(municipality.name)[1]
        published = (
            None
            if status == "draft"
            else self.now - datetime.timedelta(days=self.rng.randint(1, 40))
        )
        closes = self.today + datetime.timedelta(days=self.rng.randint(20, 90))
        if status == "closed":
            closes = self.today - datetime.timedelta(days=self.rng.randint(1, 60))
        common = {
            "municipality": municipality,
            "status": status,
            "published_at": published,
            "created_at": published or self.now,
            "created_by": self.rng.choice(officers[municipality.pk]),
            "contact_name": " ".join(self.person()),
            "contact_email": f"uznemejdarbiba@{municipality.email_domains.all()[0].domain}",
        }
        if template == 0:
            budget = self.rng.choice([15000, 20000, 30000, 50000])
            return Opportunity(
                **common,
                kind=OpportunityKind.GRANT_CALL,
                title_lv=f"{of} sociālās uzņēmējdarbības grantu konkurss {self.today.year}",
                description_lv=(
                    f"{of} pašvaldība aicina sociālos uzņēmumus pieteikt projektus, kas rada "
                    "darba vietas cilvēkiem no sociālās atstumtības riskam pakļautajām "
                    "grupām vai sniedz pakalpojumus novada iedzīvotājiem. Finansējumu var "
                    "izmantot iekārtu iegādei, telpu pielāgošanai un darbinieku apmācībai."
                ),
                budget_total=budget,
                amount_min=1000,
                amount_max=min(budget // 4, 8000),
                cofinancing_percent=self.rng.choice([10, 15, 20]),
                status_required=self.rng.random() < 0.5,
                closes_on=closes,
                decision_on=closes + datetime.timedelta(days=30),
            )
        if template == 1:
            street = f"{self.rng.choice(streets)} {self.rng.randint(1, 40)}"
            return Opportunity(
                **common,
                kind=OpportunityKind.PREMISES,
                title_lv=f"Telpas sociālajam uzņēmumam: {street}",
                description_lv=(
                    f"Pašvaldība piedāvā bijušās bibliotēkas telpas ({street}) darbnīcai, "
                    "dienas centram vai kafejnīcai, kurā strādātu cilvēki ar invaliditāti. "
                    "Telpām ir atsevišķa ieeja un pandusa pieeja; komunālos maksājumus sedz "
                    "lietotājs."
                ),
                address=f"{street}, {municipality.name}",
                area_m2=self.rng.choice([48, 74, 120, 186]),
                condition=self.rng.choice(["labā stāvoklī", "nepieciešams kosmētiskais remonts"]),
                allowed_use="Sociālā uzņēmuma saimnieciskā darbība, nodarbības, dienas centrs.",
                terms=self.rng.choice(["free_use", "reduced_rent"]),
                period="5 gadi ar iespēju pagarināt",
                closes_on=closes,
            )
        if template == 2:
            return Opportunity(
                **common,
                kind=OpportunityKind.TAX_RELIEF,
                title_lv="Nekustamā īpašuma nodokļa atlaide sociālajiem uzņēmumiem",
                description_lv=(
                    "Atlaide par zemi un ēkām, ko sociālais uzņēmums izmanto savai "
                    "darbībai. Iesniegums jāiesniedz līdz kārtējā gada 1. novembrim."
                ),
                regulation_number=f"Saistošie noteikumi Nr. {self.rng.randint(2, 30)}",
                regulation_date=datetime.date(self.rng.choice([2023, 2024, 2025]), 3, 28),
                relief_percent=self.rng.choice([50, 70, 90]),
                conditions="Nav nodokļu parādu; īpašums netiek izīrēts citiem.",
                period="no nākamā taksācijas gada",
                closes_on=closes if status == "closed" else None,
            )
        start = self.now + datetime.timedelta(days=self.rng.randint(10, 60), hours=1)
        if status == "closed":
            start = self.now - datetime.timedelta(days=self.rng.randint(1, 50))
        if template == 3:
            return Opportunity(
                **common,
                kind=OpportunityKind.EVENT,
                title_lv=f"Pieredzes apmaiņas diena: sociālie uzņēmumi un {of} pašvaldība",
                description_lv=(
                    "Uzņēmumi stāsta par sadarbību ar pašvaldību, speciālisti skaidro "
                    "atbalsta iespējas, pēc pusdienām darbs grupās par jaunām idejām."
                ),
                event_format="experience_exchange",
                starts_at=start,
                venue=f"{of} kultūras centrs",
                audience="sociālo uzņēmumu vadītāji un pašvaldības speciālisti",
                places=self.rng.choice([20, 30, 40]),
                closes_on=start.date() - datetime.timedelta(days=3),
            )
        return Opportunity(
            **common,
            kind=OpportunityKind.EVENT,
            title_lv="Mentoringa nodarbība: kā pieteikties pašvaldības iepirkumam",
            description_lv=(
                "Pieredzējis uzņēmējs un pašvaldības iepirkumu speciālists palīdz "
                "sagatavot pirmo piedāvājumu; līdzi ņemiet sava uzņēmuma aprakstu."
            ),
            event_format="mentoring",
            starts_at=start + datetime.timedelta(days=14),
            online_url="https://meet.example.lv/kopa-mentorings",
            places=self.rng.choice([8, 10, 12]),
            closes_on=start.date() + datetime.timedelta(days=10),
        )


@transaction.atomic
def seed_demo(
    *,
    seed: int,
    size: DemoSize,
    today: datetime.date | None = None,
    password: str | None = None,
) -> None:
    """Add a demo data set. ``password``, if given, lets every demo person log in with it;
    without one nobody can log in as them until an administrator sets a password."""
    DemoBuilder(seed, today or timezone.localdate(), password).build(size)
    analyze_seeded_tables()
    refresh_all_matches()


def analyze_seeded_tables() -> None:
    """Give the planner statistics for the rows just inserted. The load runs in one
    transaction that autovacuum cannot see, so PostgreSQL would otherwise plan the matching
    queries for empty tables: seconds per need at L instead of a fraction of one."""
    tables = set()
    for model in (
        SocialEnterprise,
        Offering,
        SearchWord,
        PlaceServed,
        CategoryOffered,
        Need,
        Opportunity,
    ):
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table for field in model._meta.many_to_many
        )
    with connection.cursor() as cursor:
        for table in sorted(tables):
            # ANALYZE, unlike VACUUM, runs inside a transaction and counts its own new rows.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def refresh_all_matches() -> None:
    """Bulk inserts skip the services, so match every open need once at the end. Seeding
    mails nobody: the demo people hear of their matches from the scheduled digest."""
    for need in Need.objects.open().select_related("municipality__region", "category"):
        refresh_need_matches(need, email=False)
