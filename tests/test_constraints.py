"""Invariants hold in the database and come back as clear errors in the user's language
(Latvian by default)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import translation

from cooperation.models import CpvCode, ServiceCategory
from enterprises.models import LegalForm, RegisterStatus, SocialEnterprise
from municipalities.models import EmailDomain, Need

from .factories import NeedFactory, SocialEnterpriseFactory, municipality

pytestmark = pytest.mark.django_db


def validation_messages(instance) -> list[str]:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.messages


def assert_database_refuses(save) -> None:
    # PostgreSQL reports a value longer than the column as a DataError, SQLite via the CHECK.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        save()


@pytest.mark.parametrize("number", ["4000312345", "400031234567", "40003l23456", "4000 123456"])
def test_registration_number_must_have_11_digits(number):
    enterprise = SocialEnterpriseFactory.build(registration_number=number)
    assert "Reģistrācijas numurā ir tieši 11 cipari." in validation_messages(enterprise)
    assert_database_refuses(lambda: SocialEnterpriseFactory(registration_number=number))


def test_validation_errors_speak_english_when_english_is_active():
    enterprise = SocialEnterpriseFactory.build(registration_number="123")
    with translation.override("en"):
        assert "A registration number has exactly 11 digits." in validation_messages(enterprise)


def test_registration_number_is_unique():
    SocialEnterpriseFactory(registration_number="40003123456")
    duplicate = SocialEnterpriseFactory.build(registration_number="40003123456")
    assert "Uzņēmums ar šo reģistrācijas numuru jau ir reģistrēts." in validation_messages(
        duplicate
    )
    assert_database_refuses(lambda: SocialEnterpriseFactory(registration_number="40003123456"))


def test_employee_counts_cannot_be_negative():
    enterprise = SocialEnterpriseFactory.build(employees_total=-1, employees_target_group=0)
    assert "Vērtībai jābūt lielākai vai vienādai ar 0." in validation_messages(enterprise)
    assert_database_refuses(
        lambda: SocialEnterpriseFactory(employees_total=-1, employees_target_group=-2)
    )


def test_target_group_employees_cannot_outnumber_employees():
    enterprise = SocialEnterpriseFactory.build(employees_total=5, employees_target_group=6)
    assert (
        "Darbinieku no mērķa grupām nevar būt vairāk nekā visu darbinieku."
        in validation_messages(enterprise)
    )
    assert_database_refuses(
        lambda: SocialEnterpriseFactory(employees_total=5, employees_target_group=6)
    )


def test_status_cannot_end_before_it_was_granted():
    enterprise = SocialEnterpriseFactory.build(
        register_status=RegisterStatus.CEASED,
        status_granted_on=datetime.date(2023, 5, 1),
        status_ended_on=datetime.date(2023, 4, 1),
    )
    assert "Statuss nevar beigties, pirms tas piešķirts." in validation_messages(enterprise)


def test_ceased_status_needs_an_end_date_and_active_none():
    ceased = SocialEnterpriseFactory.build(register_status=RegisterStatus.CEASED)
    assert "Izbeigtam statusam ir beigu datums." in validation_messages(ceased)
    active = SocialEnterpriseFactory.build(status_ended_on=datetime.date(2024, 1, 1))
    assert "Aktīvam statusam ir piešķiršanas datums un nav beigu datuma." in validation_messages(
        active
    )


def test_only_a_limited_liability_company_holds_an_active_status():
    association = SocialEnterpriseFactory.build(legal_form=LegalForm.ASSOCIATION)
    assert (
        "Sociālā uzņēmuma statuss var būt tikai sabiedrībai ar ierobežotu atbildību (SIA)."
        in validation_messages(association)
    )
    assert_database_refuses(lambda: SocialEnterpriseFactory(legal_form=LegalForm.ASSOCIATION))


def test_verified_enterprise_records_when_it_was_checked():
    enterprise = SocialEnterpriseFactory.build(checked_at=None)
    assert "Pārbaudītam uzņēmumam ir pēdējās pārbaudes datums." in validation_messages(enterprise)


def test_reserved_contract_share_counts_whole_percent():
    SocialEnterpriseFactory(name="Trīsdesmit", employees_total=10, employees_target_group=3)
    SocialEnterpriseFactory(name="Mazāk", employees_total=10, employees_target_group=2)
    SocialEnterpriseFactory(name="Bez darbiniekiem", employees_total=0, employees_target_group=0)
    eligible = SocialEnterprise.objects.reserved_contract_eligible()
    assert list(eligible.values_list("name", flat=True)) == ["Trīsdesmit"]
    assert SocialEnterprise.objects.get(name="Trīsdesmit").is_reserved_contract_eligible
    assert SocialEnterprise.objects.get(name="Bez darbiniekiem").target_group_share is None


def test_need_budget_must_be_an_ordered_non_negative_range():
    reversed_range = NeedFactory.build(budget_min=5000, budget_max=1000)
    assert "Budžeta augšējā robeža nevar būt zemāka par apakšējo." in validation_messages(
        reversed_range
    )
    negative = NeedFactory.build(budget_min=-1)
    assert "Budžets nevar būt negatīvs." in validation_messages(negative)
    assert_database_refuses(lambda: NeedFactory(budget_min=5000, budget_max=1000))


def test_a_need_is_stamped_published_when_it_leaves_draft():
    need = NeedFactory()
    assert need.published_at is not None
    draft = NeedFactory(status="draft")
    assert draft.published_at is None
    assert_database_refuses(lambda: Need.objects.filter(pk=draft.pk).update(status="open"))


def test_email_domains_are_lower_case_and_unique():
    domain = EmailDomain(municipality=municipality(), domain="Gulbene.LV")
    assert "Ievadiet domēnu ar mazajiem burtiem, piemēram, gulbene.lv." in validation_messages(
        domain
    )
    # gulbene.lv is Gulbenes novads' official domain, loaded with the reference data.
    assert EmailDomain.objects.get(domain="gulbene.lv").municipality == municipality()
    assert_database_refuses(
        lambda: EmailDomain.objects.create(municipality=municipality("riga"), domain="gulbene.lv")
    )


def test_cpv_codes_keep_their_format():
    code = CpvCode(code="7731000", label_lv="x", label_en="x")
    assert "Ievadiet CPV kodu: astoņi cipari, defise un kontrolcipars." in validation_messages(code)
    assert_database_refuses(lambda: CpvCode.objects.create(code="abc", label_lv="x", label_en="x"))


def test_service_categories_have_only_two_levels():
    laundry = ServiceCategory.objects.get(slug="laundry")
    third_level = ServiceCategory(
        slug="ironing", name_lv="Gludināšana", name_en="Ironing", parent=laundry
    )
    assert (
        "Kategorijām ir divi līmeņi: izvēlieties augstākā līmeņa kategoriju."
        in validation_messages(third_level)
    )
