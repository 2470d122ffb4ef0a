"""Names and titles are one line wherever they come from: forms fold a pasted line break into
a space, and everything else (admin, imports, services) is refused with a clear error. A line
break in a title once gave a 500 after the row was saved, and broke every mail about it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperation.models import Cooperation
from enterprises.register_import import import_register
from municipalities.models import Need

from .factories import (
    NeedFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db

PASTED_TITLE = "Parku uzkopšana\r\nGulbenē   2027.\tgadā\n"


@pytest.fixture
def gulbene():
    return municipality("gulbenes-novads")


def test_a_need_title_pasted_over_lines_is_saved_as_one_line(client, gulbene):
    client.force_login(officer_of(gulbene, "liga.ozola@gulbene.lv"))
    response = client.post(
        reverse("municipalities:need-create", args=[gulbene.slug]),
        {
            "title": PASTED_TITLE,
            "description": "Zāliena pļaušana un lapu grābšana pilsētas parkā.\nNo aprīļa.",
            "category": category("park-maintenance").pk,
            "instruments": [instrument().pk],
            "publish": "1",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.title == "Parku uzkopšana Gulbenē 2027. gadā"
    assert client.get(need.get_absolute_url()).status_code == 200


def test_a_proposal_title_over_lines_is_one_line_and_its_mail_goes_out(
    client, gulbene, django_capture_on_commit_callbacks
):
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    officer_of(gulbene, "liga.ozola@gulbene.lv")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("cooperation:cooperation-propose", args=[enterprise.slug])
        response = client.post(
            f"{url}?municipality={gulbene.slug}",
            {
                "title": "Skolu veļa\nGulbenes skolām",
                "problem": "Skolām nav, kas mazgā un gludina galdautus.",
                "solution": "Mazgājam un gludinām reizi nedēļā.",
                "instruments": [instrument("purchasing").pk],
            },
        )
    assert response.status_code == 302
    assert Cooperation.objects.get().title == "Skolu veļa Gulbenes skolām"
    assert mail.outbox and all("\n" not in message.subject for message in mail.outbox)


def test_a_line_break_that_reaches_the_model_is_refused(gulbene):
    need = NeedFactory(municipality=gulbene, title="Parku uzkopšana\nGulbenē")
    with pytest.raises(ValidationError) as refused:
        need.full_clean()
    assert refused.value.message_dict["title"] == ["Rakstiet to vienā rindā."]


def test_a_register_row_with_a_name_over_two_lines_is_a_row_error():
    data = (
        "Reģistrācijas numurs;Nosaukums;Statuss;Statusa piešķiršanas datums;Pašvaldība\n"
        '40203999991;"SIA ""Zaļā\ndarbnīca""";aktīvs;01.02.2023;Rīga\n'
    )
    report = import_register(data=data.encode())
    [error] = report.errors
    assert error.column == "Nosaukums"
    assert error.message == "Rakstiet to vienā rindā."
    assert not report.written
