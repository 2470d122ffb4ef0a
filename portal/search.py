"""Latvian-aware text search that behaves the same on SQLite and PostgreSQL.

Each searchable model keeps a ``search_text`` column: its text folded to lower-case ASCII
("Veļas mazgāšana" -> "velas mazgasana"). A query is folded the same way and each word is
cut to a light stem, so "Gulbenes", "gulbene" and "GULBENĒ" all find "Gulbenes novads". A
stem matches the start of a word: the text starts with it or has it after a space, plain
``LIKE`` patterns that mean the same on both databases, so "rīga" finds "Rīgas" but not
"garīga".
"""

import re
import unicodedata
from collections.abc import Callable

from django.db.models import Q, QuerySet

_WORD = re.compile(r"[0-9a-z]+")
# A written word: letters and digits in any script (what ``fold`` turns into one word or more).
_TOKEN = re.compile(r"[^\W_]+")

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


def display_words(*parts: str | None) -> dict[str, str]:
    """Each folded word of the texts with the form it was written in, lower-case
    ("ēdināšana" for "edinasana"); a form with diacritics wins over one without."""
    found: dict[str, str] = {}
    for part in parts:
        for token in _TOKEN.findall((part or "").casefold()):
            for word in fold(token).split():
                shown = token if fold(token) == word else word
                if word not in found or _marks(shown) > _marks(found[word]):
                    found[word] = shown
    return found


def _marks(word: str) -> int:
    return sum(not ch.isascii() for ch in word)


def query_terms(query: str) -> list[str]:
    """The query's distinct stems, in order, at most ``MAX_QUERY_TERMS`` of them."""
    stems = dict.fromkeys(stem(word) for word in fold(query).split())
    return list(stems)[:MAX_QUERY_TERMS]


def word_start(term: str, field: str = "search_text") -> Q:
    """Rows with a word in ``field`` (folded text) that starts with the term."""
    return Q(**{f"{field}__startswith": term}) | Q(**{f"{field}__contains": f" {term}"})


def search(queryset: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Rows with a word starting with each word of the query (as a stem)."""
    condition = Q()
    for term in query_terms(query):
        condition &= word_start(term, field)
    return queryset.filter(condition)


def starts_a_word(term: str, text: str) -> bool:
    """``word_start`` in Python."""
    return f" {term}" in f" {text}"


def edit_distance(first: str, second: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours),
    or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    before, row = None, list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if before is not None and i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def suggest(
    query: str,
    *,
    unknown: Callable[[list[str]], list[str]],
    near: Callable[[list[str]], dict[str, list[str]]],
) -> str | None:
    """The query with each word that finds nothing replaced by the nearest known word, or
    None when every word is known or one has no near neighbour.

    ``unknown`` answers which of the query's stems find nothing; ``near`` gives, for each of
    those words (folded), the known words that would find something, nearest first, as
    they are written ("ēdināšana")."""
    tokens = []  # (as typed, folded word, stem), the first of each stem
    seen = set()
    for token in _TOKEN.findall(query):
        for word in fold(token).split():
            term = stem(word)
            if term not in seen and len(seen) < MAX_QUERY_TERMS:
                seen.add(term)
                tokens.append((token if fold(token) == word else word, word, term))
    missing = set(unknown([term for _, _, term in tokens]))
    if not missing:
        return None
    nearest = near([word for _, word, term in tokens if term in missing])
    corrected = []
    for typed, word, term in tokens:
        if term in missing:
            if not nearest.get(word):
                return None
            typed = nearest[word][0]
        corrected.append(typed)
    return " ".join(corrected)


def finds_with(filterset, query: str) -> bool:
    """Whether a django-filter FilterSet with its ``q`` replaced by the query, and every other
    filter as it was, finds anything: a suggestion must not lead to an empty page."""
    data = filterset.data.copy()
    data["q"] = query
    retry = type(filterset)(data, queryset=filterset.queryset, request=filterset.request)
    return retry.is_valid() and retry.qs.exists()


def typo_limit(word: str) -> int:
    """How many edits a word of this length may be away from what was meant."""
    return 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3


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
