"""Dates as Europe reads them: Latvian 06.12.2026., English 6 December 2026 or 06/12/2026,
never the American 12/06/2026 that a reader here takes for 12 June; times in Riga's."""

import datetime

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from municipalities.forms import NeedForm
from municipalities.services import close_expired_needs

from .factories import NeedFactory, municipality, officer_of

pytestmark = pytest.mark.django_db

SAINT_NICHOLAS = datetime.date(2026, 12, 6)
# 22:30 in London on 30 June is already 1 July in Riga (UTC+3 in summer).
PUBLISHED = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "short", "long", "short_with_time"),
    [
        ("lv", "06.12.2026.", "2026. gada 6. decembris", "01.07.2026. 01:30"),
        ("en", "06/12/2026", "6 December 2026", "01/07/2026 01:30"),
    ],
)
def test_each_language_writes_day_before_month(language, short, long, short_with_time):
    with translation.override(language):
        assert date_format(SAINT_NICHOLAS, "SHORT_DATE_FORMAT") == short
        assert date_format(SAINT_NICHOLAS, "DATE_FORMAT") == long
        assert date_format(localtime(PUBLISHED), "SHORT_DATETIME_FORMAT") == short_with_time


@pytest.mark.parametrize(
    ("language", "deadline", "published", "american"),
    [
        ("lv", "06.12.2026.", "01.07.2026.", "12/06/2026"),
        ("en", "06/12/2026", "01/07/2026", "12/06/2026"),
    ],
)
def test_a_need_page_shows_its_deadline_and_publication_in_riga(
    client, language, deadline, published, american
):
    need = NeedFactory(
        title="Parku uzkopšana Gulbenē", deadline=SAINT_NICHOLAS, published_at=PUBLISHED
    )
    with translation.override(language):
        url = need.get_absolute_url()

    page = client.get(url).content.decode()

    assert f'<time datetime="2026-12-06">{deadline}</time>' in page
    assert f">{published}</time>" in page
    assert american not in page
    assert "30.06.2026" not in page and "30/06/2026" not in page


def test_the_deadline_field_keeps_the_date_a_browser_reads_in_both_languages():
    """<input type="date"> reads only ISO dates, whatever the page's language."""
    need = NeedFactory(deadline=SAINT_NICHOLAS)
    for language in ("lv", "en"):
        with translation.override(language):
            field = str(NeedForm(instance=need)["deadline"])
        assert 'type="date"' in field
        assert 'value="2026-12-06"' in field


def test_a_typed_latvian_or_european_date_is_read_day_first():
    from django import forms

    with translation.override("lv"):
        assert forms.DateField().clean("06.12.2026.") == SAINT_NICHOLAS
        assert forms.DateField().clean("06.12.2026") == SAINT_NICHOLAS
    with translation.override("en"):
        assert forms.DateField().clean("06/12/2026") == SAINT_NICHOLAS
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("12/31/2026")


def test_the_closing_mail_writes_the_deadline_in_each_officers_language(
    django_capture_on_commit_callbacks,
):
    gulbene = municipality("gulbenes-novads")
    NeedFactory(municipality=gulbene, title="Ziemas dārzs", deadline=datetime.date(2026, 12, 5))
    officer_of(gulbene, "liga@gulbene.lv")
    english = officer_of(gulbene, "peter@gulbene.lv")
    english.language = "en"
    english.save()

    with django_capture_on_commit_callbacks(execute=True):
        close_expired_needs(today=SAINT_NICHOLAS)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "termiņš bija 05.12.2026., tāpēc" in bodies["liga@gulbene.lv"]
    assert "was 05/12/2026, so" in bodies["peter@gulbene.lv"]
    assert "12/05/2026" not in bodies["peter@gulbene.lv"]
