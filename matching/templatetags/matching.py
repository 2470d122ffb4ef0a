from django import template

from ..reasons import Vocabulary, describe

register = template.Library()


@register.simple_tag
def reason_text(reason: dict, vocabulary: Vocabulary) -> str:
    """A stored reason as a sentence in the active language."""
    return describe(reason, vocabulary)
