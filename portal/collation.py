"""Latvian alphabetical order on both databases.

PostgreSQL has ICU's Latvian collation. SQLite has none, so each SQLite connection gets one
in Python with the same rules: č ģ ķ ļ ņ š ž are letters of their own after c g k l n s z,
while ā ē ī ū sort with a e i u and only break ties.
"""

import unicodedata

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

SQLITE_NAME = "latvian"
POSTGRESQL_NAME = "lv-x-icu"

_OWN_LETTERS = {"č": "c", "ģ": "g", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s", "ž": "z"}


def latvian_sort_key(text: str) -> tuple:
    primary, secondary, tertiary = [], [], []
    for char in text:
        lower = char.lower()
        tertiary.append(char != lower)
        if lower in _OWN_LETTERS:
            primary.append((_OWN_LETTERS[lower], 1))
            secondary.append(0)
        else:
            decomposed = unicodedata.normalize("NFD", lower)
            primary.append((decomposed[0], 0))
            secondary.append(len(decomposed) - 1)
    return primary, secondary, tertiary


def _compare(left: str, right: str) -> int:
    left_key, right_key = latvian_sort_key(left), latvian_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_NAME, _compare)


def latvian(field: str) -> Collate:
    """``field`` in Latvian alphabetical order, for ``order_by``."""
    name = POSTGRESQL_NAME if connection.vendor == "postgresql" else SQLITE_NAME
    return Collate(F(field), name)
