"""Latvian counts read right: "1 punkts", "2 punkti", "11 punkti", "21 punkts", "0 punktu".

Latvian has three plural forms: one for 1, 21, 31… (but not 11), one for other numbers, and
one for zero. Every plural message of our catalogue is rendered through Django for numbers
that fall into each form, and Django's and allauth's own Latvian plurals, which put their
forms one place off ("5 mēnesis", "3 ieraksts"), must come out corrected by ours.
"""

import datetime
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.timesince import timesince
from django.utils.translation import ngettext

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "lv" / "LC_MESSAGES" / "django.po"
STANDARD_LATVIAN = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"
NUMBERS = [0, 1, 2, 5, 11, 21, 22, 101, 111]
# The placeholder that carries the count, when a message has several.
COUNT_NAMES = ["count", "counter", "num", "size", "unused_count", "total_count", "high"]
COUNT_NAMES += ["min_length", "limit_value", "max", "days"]
# Messages whose number stands alone in brackets, so 1 and 5 need the same words.
SAME_WORDS_FOR_ONE_AND_MANY = {
    "See the open need",
    "See the enterprise in the directory",
}


def latvian_form(n: int) -> int:
    """The index of the form a Latvian number takes, written out as the grammar says it."""
    if n == 0:
        return 2
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1


def plural_entries(path: Path) -> list:
    with path.open("rb") as po:
        return [message for message in read_po(po) if message.id and message.pluralizable]


def count_placeholder(text: str) -> str | None:
    names = re.findall(r"%\((\w+)\)[sd]", text)
    for name in COUNT_NAMES:
        if name in names:
            return f"%({name})"
    return "%" if re.search(r"%[sd]", text) else None


def words_after_count(text: str, placeholder: str, words: int = 3) -> str | None:
    """The few words after the count: the noun that agrees with it, and its attributes
    ("5 sadarbības priekšlikumi")."""
    found = re.search(re.escape(placeholder) + rf"[sd]?((?: [\w“”]+){{1,{words}}})", text)
    return found.group(1) if found else None


def fill(text: str, n: int) -> str:
    """The message as the code fills it in: the count for its placeholder, 7 for any other."""
    names = set(re.findall(r"%\((\w+)\)[sd]", text))
    placeholder = count_placeholder(text)
    values = {name: n if f"%({name})" == placeholder else 7 for name in names}
    if not names and "%" in text.replace("%%", ""):
        return text % n
    return text % values if names else text.replace("%%", "%")


def is_python_format(message) -> bool:
    return "python-format" in message.flags


def test_the_header_carries_the_standard_latvian_formula():
    with CATALOGUE.open("rb") as po:
        header = dict(read_po(po).mime_headers)
    assert header["Plural-Forms"].replace(" ", "") == STANDARD_LATVIAN.replace(" ", "")


def test_the_formula_sorts_numbers_as_latvian_grammar_does():
    catalogue = translation.trans_real.translation("lv")
    plural = catalogue.plural
    assert [plural(n) for n in NUMBERS] == [latvian_form(n) for n in NUMBERS]


@pytest.mark.parametrize("message", plural_entries(CATALOGUE), ids=lambda m: m.id[0][:60])
def test_every_plural_message_renders_the_form_its_number_needs(message):
    singular, plural = message.id
    assert len(message.string) == 3 and all(message.string), "three forms, none empty"
    with translation.override("lv"):
        for n in NUMBERS:
            rendered = ngettext(singular, plural, n)
            assert rendered == message.string[latvian_form(n)], n
            if is_python_format(message):
                fill(rendered, n)  # every placeholder the code supplies is one it has


@pytest.mark.parametrize("message", plural_entries(CATALOGUE), ids=lambda m: m.id[0][:60])
def test_one_and_many_are_different_words(message):
    """The form for 1 and 21 is not the form for 2–20: no "5 mēnesis", no "1 ieraksti"."""
    singular, plural = message.id
    one, many, _zero = message.string
    if singular in SAME_WORDS_FOR_ONE_AND_MANY:
        assert one == many
        return
    assert one != many
    placeholder = count_placeholder(plural)
    if placeholder:
        # The count shows in both forms, and the words after it change with it.
        assert placeholder in one and placeholder in many
        after_one, after_many = (
            words_after_count(one, placeholder),
            words_after_count(many, placeholder),
        )
        if after_one and after_many:
            assert after_one != after_many, (one, many)


def installed_latvian_catalogues() -> list[Path]:
    from django.apps import apps

    roots = [Path(app.path) / "locale" for app in apps.get_app_configs()]
    roots.append(Path(translation.__file__).parents[2] / "conf" / "locale")
    found = [root / "lv" / "LC_MESSAGES" / "django.po" for root in roots]
    return [path for path in found if path.exists()]


# Their Latvian plurals that read right as they are (checked by hand for 1, 5 and 21).
REVIEWED_AS_RIGHT = {
    "You have added %(count)s security key.",
    "There is %(unused_count)s out of %(total_count)s recovery codes available.",
    "Ensure that there are no more than %(max)s digit in total.",
    "Ensure that there are no more than %(max)s decimal place.",
    "Ensure that there are no more than %(max)s digit before the decimal point.",
}


def test_django_and_allauth_plurals_are_corrected_or_reviewed():
    """Their lv catalogues mostly put the forms one place off ("5 mēnesis", "3 ieraksts"):
    each of their plural messages is either corrected in ours or was read and found right.
    A new one (an upgrade) fails here until someone reads it."""
    ours = {message.id[0] for message in plural_entries(CATALOGUE)}
    unread = []
    for path in installed_latvian_catalogues():
        if "humanize" in path.parts:
            continue  # our templates use none of humanize's counting filters
        for message in plural_entries(path):
            if message.id[0] not in ours and message.id[0] not in REVIEWED_AS_RIGHT:
                unread.append((str(path), message.id[0]))
    assert unread == []


def test_admin_counts_read_in_the_right_form():
    with translation.override("lv"):
        assert ngettext("%(counter)s result", "%(counter)s results", 15) % {"counter": 15} == (
            "15 rezultāti"
        )
        assert ngettext("%(counter)s result", "%(counter)s results", 21) % {"counter": 21} == (
            "21 rezultāts"
        )
        assert [ngettext("entry", "entries", n) for n in (1, 3, 11, 21)] == [
            "ieraksts",
            "ieraksti",
            "ieraksti",
            "ieraksts",
        ]


def test_the_points_of_a_match_read_in_the_right_form():
    with translation.override("lv"):
        rendered = {
            n: ngettext("%(counter)s point", "%(counter)s points", n) % {"counter": n}
            for n in (1, 2, 5, 11, 21, 81, 0)
        }
    assert rendered == {
        1: "1 punkts",
        2: "2 punkti",
        5: "5 punkti",
        11: "11 punkti",
        21: "21 punkts",
        81: "81 punkts",
        0: "0 punktu",
    }


def test_how_long_ago_reads_as_latvian_counts():
    """Django's own Latvian says "5 mēnesis" and "4 mēnesis, 1 nedēļu"."""
    now = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)

    def since(*date: int) -> str:
        return timesince(datetime.datetime(*date, 12, 0, tzinfo=datetime.UTC), now)

    with translation.override("lv"):
        assert since(2026, 7, 6) == "5\xa0mēneši"
        assert since(2026, 7, 29) == "4\xa0mēneši, 1\xa0nedēļa"
        assert since(2026, 11, 15) == "3\xa0nedēļas"
        assert since(2026, 11, 25) == "1\xa0nedēļa, 4\xa0dienas"
        assert since(2026, 12, 5) == "1\xa0diena"
        assert since(2025, 11, 1) == "1\xa0gads, 1\xa0mēnesis"
        assert since(2005, 11, 1) == "21\xa0gads, 1\xa0mēnesis"
        assert since(2014, 11, 1) == "12\xa0gadi, 1\xa0mēnesis"


def test_counts_in_pages_and_mails_go_through_plural_forms():
    """A number followed by a translated noun is a count that needs ngettext."""
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for template in templates.rglob("*"):
        if template.suffix not in {".html", ".txt"}:
            continue
        text = template.read_text()
        for line in text.splitlines():
            # e.g. {{ match.score }} {% translate "points" %}
            if re.search(
                r"\{\{[^}]*(count|score|total|length)[^}]*\}\}\s*(<[^>]+>\s*)*\{% translate", line
            ):
                offenders.append(f"{template.name}: {line.strip()}")
    assert offenders == []
