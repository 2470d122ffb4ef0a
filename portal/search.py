"""Latvian-aware text search that behaves the same on SQLite and PostgreSQL.

Each searchable model keeps a ``search_text`` column: its text folded to lower-case ASCII
("Veļas mazgāšana" -> "velas mazgasana"). A query is folded the same way and each word is
cut to a light stem, so "Gulbenes", "gulbene" and "GULBENĒ" all find "Gulbenes novads".
Because stems are prefixes of the stored words, a plain ``contains`` per word is enough,
and ``contains`` on lower-case ASCII means the same thing on both databases.
"""

import re
import unicodedata

from django.db.models import Q, QuerySet

_WORD = re.compile(r"[0-9a-z]+")

# Latvian noun, adjective and verb endings, longest first. Folded to ASCII like the text.
_ENDINGS = sorted(
    {
        "ajiem",
        "ajam",
        "ajai",
        "ajas",
        "ajos",
        "iem",
        "am",
        "ai",
        "as",
        "os",
        "es",
        "em",
        "is",
        "us",
        "ei",
        "im",
        "um",
        "iba",
        "ibas",
        "ibam",
        "u",
        "a",
        "e",
        "i",
        "s",
        "o",
    },
    key=len,
    reverse=True,
)
_MIN_STEM = 3
# Each word of a query is one more condition the database nests (SQLite gives up at a depth
# of 1,000); nobody types more words than this, so later ones are ignored.
MAX_QUERY_TERMS = 10


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse everything but letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(ascii_only))


def stem(word: str) -> str:
    """Cut one common Latvian ending, keeping at least a few letters of the root."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def search_text(*parts: str | None) -> str:
    """The value stored in a model's ``search_text`` column."""
    return fold(" ".join(part for part in parts if part))


def query_terms(query: str) -> list[str]:
    """The query's distinct stems, in order, at most ``MAX_QUERY_TERMS`` of them."""
    stems = dict.fromkeys(stem(word) for word in fold(query).split())
    return list(stems)[:MAX_QUERY_TERMS]


def search(queryset: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Rows whose search text contains every word of the query (as a stem)."""
    condition = Q()
    for term in query_terms(query):
        condition &= Q(**{f"{field}__contains": term})
    return queryset.filter(condition)


# Words that say nothing about what a service is, as stems of folded words.
_STOP_STEMS = frozenset(
    stem(word)
    for word in (
        "un ar no uz par kas vai lai ir tiek ka kur ko to tas tie pie pec bez ari jau vel ja "
        "gan tikai visi savu musu jusu mes sis tam tiem kuru kuri var bus pasvaldiba uznemums "
        "sociala novads vajadziga nepieciesams pakalpojums iedzivotaji piedavajums nodrosina "
        "meklejam mekle"
    ).split()
)
_MIN_KEYWORD = 4


def keywords(*parts: str | None) -> frozenset[str]:
    """The stems of a text's meaningful words, for comparing what two texts are about."""
    stems = (stem(word) for word in search_text(*parts).split() if len(word) >= _MIN_KEYWORD)
    return frozenset(word for word in stems if word not in _STOP_STEMS)


def keyword_text(*parts: str | None) -> str:
    """``keywords`` as stored in a column: space-separated and space-framed, so that
    ``contains=" word "`` finds exactly one keyword."""
    return f" {' '.join(sorted(keywords(*parts)))} "
