"""Model fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultilineFormField(forms.CharField):
    """Text from a textarea, with every line break as one "\\n".

    Browsers count a line break as one character against a textarea's ``maxlength`` but send
    it as "\\r\\n", so a text of the full length with paragraphs would come back "too long" by
    its number of line breaks."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class MultilineTextField(models.TextField):
    """Text people write in paragraphs, with a ``max_length`` that forms and ``full_clean``
    enforce (the column stays unbounded ``text``) and line breaks stored as "\\n"."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MultilineFormField, **kwargs})


def no_line_breaks(value: str) -> None:
    """A name or title is one line: in an email subject a line break is refused outright."""
    if any(character in value for character in "\r\n\v\f\x85\u2028\u2029"):
        raise ValidationError(_("Write this on one line."), code="line_break")


class SingleLineFormField(forms.CharField):
    """A name or title from a form: runs of white space, line breaks included, become one
    space, as the person would have typed it in a one-line box."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


class SingleLineCharField(models.CharField):
    """A name or title: forms fold it to one line, and ``full_clean`` (admin, imports,
    services) refuses a line break wherever it comes from."""

    default_validators = [no_line_breaks]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineFormField, **kwargs})
