import datetime

import factory
from django.utils import timezone

from accounts.models import MembershipStatus, User
from cooperation.models import Instrument, ServiceCategory, TargetGroup
from enterprises.filter_index import refresh_filter_index
from enterprises.models import (
    Offering,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)
from municipalities.models import Municipality, Need, NeedStatus, Officer


def municipality(slug: str = "gulbenes-novads") -> Municipality:
    """One of the real municipalities the migrations load."""
    return Municipality.objects.get(slug=slug)


def category(slug: str = "park-maintenance") -> ServiceCategory:
    return ServiceCategory.objects.get(slug=slug)


def target_group(slug: str = "disability") -> TargetGroup:
    return TargetGroup.objects.get(slug=slug)


def instrument(slug: str = "purchasing") -> Instrument:
    return Instrument.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.lv")
    password = factory.django.Password("correct horse battery staple")


class SocialEnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialEnterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zaļā darbnīca {n}")
    slug = factory.Sequence(lambda n: f"zala-darbnica-{n}")
    registration_number = factory.Sequence(lambda n: f"4000{n:07d}")
    register_status = RegisterStatus.ACTIVE
    status_granted_on = datetime.date(2022, 3, 1)
    verification = Verification.VERIFIED
    checked_at = factory.LazyFunction(timezone.now)
    description = "Sociālais uzņēmums, kas nodarbina cilvēkus ar invaliditāti."
    home_municipality = factory.LazyFunction(municipality)
    employees_total = 10
    employees_target_group = 4

    @factory.post_generation
    def served_regions(enterprise, create, extracted, **kwargs):
        if create and extracted:
            enterprise.served_regions.set(extracted)

    @factory.post_generation
    def served_municipalities(enterprise, create, extracted, **kwargs):
        if create and extracted:
            enterprise.served_municipalities.set(extracted)

    # Rows written here skip the services that keep the directory's filter index; it is
    # refreshed after the served areas above.
    @factory.post_generation
    def filter_index(enterprise, create, extracted, **kwargs):
        if create:
            refresh_filter_index([enterprise.pk])


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(SocialEnterpriseFactory)
    title = factory.Sequence(lambda n: f"Veļas mazgāšana {n}")
    description = "Veļas mazgāšana un gludināšana skolām."
    category = factory.LazyFunction(lambda: category("laundry"))

    @factory.post_generation
    def filter_index(offering, create, extracted, **kwargs):
        if create:
            refresh_filter_index([offering.enterprise_id])


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Parku uzkopšana {n}")
    description = "Pašvaldība meklē parku uzkopšanas pakalpojumu."
    category = factory.LazyFunction(category)
    status = NeedStatus.OPEN


def verified_user(email: str, **kwargs) -> User:
    """A user whose email address allauth has verified, as after sign-up and confirmation."""
    from allauth.account.models import EmailAddress

    user = UserFactory(username=email.split("@")[0], email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def representative_of(enterprise: SocialEnterprise, email: str) -> User:
    user = verified_user(email)
    Representative.objects.create(
        user=user,
        enterprise=enterprise,
        status=MembershipStatus.APPROVED,
        decided_at=timezone.now(),
    )
    return user


def pending_representative_of(enterprise: SocialEnterprise, email: str) -> User:
    """Someone who asked to represent the enterprise and waits for approval."""
    user = verified_user(email)
    Representative.objects.create(
        user=user,
        enterprise=enterprise,
        role="projektu vadītāja",
        connection="Strādāju uzņēmumā kopš 2022. gada; to var apliecināt valdes loceklis.",
    )
    return user


def officer_of(municipality_: Municipality, email: str) -> User:
    user = verified_user(email)
    Officer.objects.create(
        user=user,
        municipality=municipality_,
        status=MembershipStatus.APPROVED,
        decided_at=timezone.now(),
    )
    return user


class OpportunityFactory(factory.django.DjangoModelFactory):
    """Information support: the kind with no facts required."""

    class Meta:
        model = "opportunities.Opportunity"

    municipality = factory.LazyFunction(municipality)
    kind = "information"
    title_lv = factory.Sequence(lambda n: f"Konsultācijas sociālajiem uzņēmējiem {n}")
    description_lv = (
        "Pašvaldības uzņēmējdarbības atbalsta centrs katru otrdienu bez maksas konsultē par "
        "grāmatvedību, nodokļiem un pašvaldības atbalsta programmām."
    )
    status = "open"
