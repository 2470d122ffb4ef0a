"""Latvian alphabetical order that both databases agree on.

Each sortable model keeps a ``sort_name`` column: a key built here that sorts in Latvian
order as plain text. č ģ ķ ļ ņ š ž are letters of their own after c g k l n s z; ā ē ī ū
sort with a e i u and only break ties. The key uses lower-case ASCII letters and digits
alone, so byte order and any database collation give the same result, and an ordinary
index serves ``order_by("sort_name")`` however many rows there are.
"""

import unicodedata

_OWN_LETTERS = {"č": "c", "ģ": "g", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s", "ž": "z"}
MAX_LENGTH = 255


def latvian_sort_key(text: str) -> str:
    """Two characters a letter (its base and whether it is a letter of its own), then one
    digit a letter for the long-vowel mark, so "Ābols" < "apse" < "Cēsis" < "Čakste"."""
    primary, secondary = [], []
    for char in text.casefold():
        if char in _OWN_LETTERS:
            primary.append(_OWN_LETTERS[char] + "1")
            secondary.append("0")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if base.isascii() and base.isalnum():
            primary.append(base + "0" if base.isalpha() else "1" + base)
        else:
            primary.append("00")  # spaces and punctuation sort before letters
        secondary.append("1" if len(decomposed) > 1 else "0")
    return ("".join(primary) + "0" + "".join(secondary))[:MAX_LENGTH]
