"""A match email quotes the need's words as its officer wrote them ("kopīgi vārdi:
mazgāšanu, gludināšanu"), never the folded stems the scorer compares ("gludinasan"), and
says the score in the form its number needs ("81 punkts", "42 punkti")."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from matching.models import Match
from matching.services import refresh_need_matches

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    representative_of,
)
from .test_plurals import latvian_form

pytestmark = pytest.mark.django_db

NEED_TEXT = (
    "Rīgas skolām un bērnudārziem vajadzīga gultasveļas, dvieļu un darba apģērbu "
    "mazgāšana, žāvēšana un gludināšana. Veļu izved divreiz nedēļā un atved tīru."
)


def test_the_match_email_quotes_the_officers_own_words_and_counts_points_right():
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=municipality("riga"))
    OfferingFactory(
        enterprise=enterprise,
        category=category("laundry"),
        title="Veļas mazgāšana",
        description="Mazgājam un gludinām gultasveļu, dvieļus un darba apģērbu; veļu izvedam paši.",
    )
    representative_of(enterprise, "ilze@velasmaja.lv")
    need = NeedFactory(
        title="Veļas mazgāšana Rīgas skolām",
        description=NEED_TEXT,
        municipality=municipality("riga"),
        category=category("laundry"),
    )
    refresh_need_matches(need)
    call_command("send_match_emails")

    [message] = mail.outbox
    shared = re.search(r"kopīg\w+ vārd\w+: (.+)", message.body)
    assert shared, message.body
    words = [word.strip() for word in shared.group(1).split(",")]
    written = f"{need.title} {need.description}"
    assert words and all(word in written for word in words), words

    score = Match.objects.get(need=need).score
    noun = ["punkts", "punkti", "punktu"][latvian_form(score)]
    assert f"Uzņēmumam “Veļas māja”: {score} {noun}, jo tas" in message.body
