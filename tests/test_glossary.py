"""The Latvian catalogue says each thing with one word, the README glossary's: an offering is
a "piedāvājums" and a cooperation proposal a "priekšlikums", a form of cooperation is no
"instruments", and nothing but the portal is called "Kopā"/"kopa"."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "lv" / "LC_MESSAGES" / "django.po"


def entries() -> list[tuple[str, str]]:
    """(English, Latvian) for every form of every message."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Placeholders are the code's names, not words a reader sees.
        english = re.sub(r"%\(\w+\)[sd]", "", ids[-1])
        pairs += [(english, re.sub(r"%\(\w+\)[sd]", "", string)) for string in strings]
    return pairs


@pytest.mark.parametrize(
    ("english", "latvian_not", "why"),
    [
        (
            r"\bproposal",
            r"\bpiedāvājum",
            "a proposal is a priekšlikums; piedāvājums is an offering",
        ),
        (r"\binstrument", r"\binstrument", "a form of cooperation is a sadarbības forma"),
        (r"\bgroups?\b", r"\bkopa[s]?\b", "Kopā is the portal; a user group is lietotāju grupa"),
        (r"\bmunicipalit", r"municipalitāt", "a municipality is a pašvaldība"),
    ],
)
def test_one_latvian_word_for_each_thing(english, latvian_not, why):
    clashing = [
        (en, lv)
        for en, lv in entries()
        if re.search(english, en, re.IGNORECASE) and re.search(latvian_not, lv, re.IGNORECASE)
    ]
    assert clashing == [], why


@pytest.mark.parametrize(
    ("english", "latvian"),
    [
        (r"\bcurator", r"\bkurator"),
        (r"\bmunicipalit", r"pašvaldīb"),
        (r"\btarget group", r"mērķa grup"),
        (r"\bsocial enterprise", r"sociāl\w* uzņēm"),
    ],
)
def test_the_glossary_word_is_the_one_used(english, latvian):
    missing = [
        (en, lv)
        for en, lv in entries()
        if lv and re.search(english, en, re.IGNORECASE) and not re.search(latvian, lv, re.I)
    ]
    assert missing == []
