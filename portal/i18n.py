"""Model text kept in both languages: ``name_lv`` and ``name_en`` read as ``name``."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The active language code among ours; Latvian when none or another is active."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def localized(field: str) -> str:
    """The column holding ``field`` in the active language, for ``order_by`` and ``values``."""
    return f"{field}_{current_language()}"


class Translated:
    """Descriptor returning ``<field>_<active language>``, falling back to Latvian when empty."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.field}_{current_language()}", "")
        return value or getattr(instance, f"{self.field}_{settings.LANGUAGE_CODE}")
