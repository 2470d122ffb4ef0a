"""Model fields shared by the apps."""

from django import forms
from django.db import models


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
