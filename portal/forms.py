from django import forms
from django.db import models


def formfield(field: models.Field, **kwargs) -> forms.Field | None:
    """ModelForm ``formfield_callback``: typed web addresses without a scheme get https://
    (Django 6's default, asked for now)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)
