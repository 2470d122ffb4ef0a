"""Edits that cannot silently overwrite each other.

A row that people edit through a form carries a ``version``, raised on every save. The form
sends back the version it was read at; the service locks the row and refuses the save when
someone saved it in between (``StaleEdit``), so the view can show the person their own input
again with a clear message instead of overwriting a colleague's work.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this while you were editing it, so your changes are not saved yet. "
    "Your text is kept below: compare it with the saved version and save again."
)


class StaleEdit(ValidationError):
    """The form was read at an older version than the row now has."""

    def __init__(self, current: models.Model):
        super().__init__(STALE_MESSAGE, code="stale")
        self.current = current


class Versioned(models.Model):
    """Counts saves, so an edit can tell whether it was made on the latest copy."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


def lock_current(instance: models.Model, version: int | None) -> models.Model:
    """The row as it is now, locked until the transaction ends; ``StaleEdit`` when the
    caller read it at another version. Call inside ``transaction.atomic``."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    return current


class VersionedForm(forms.ModelForm):
    """A ModelForm that sends back the version of the row it was read at."""

    # Not required: a client that never read the form (a script, an old tab from before
    # versions existed) saves as before; every form the portal renders sends it.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    @property
    def read_version(self) -> int | None:
        """The version the person started from (None for a new row)."""
        return self.cleaned_data.get("version") if self.instance.pk is not None else None

    def show_conflict(self, error: StaleEdit) -> None:
        """Keep the person's input, say what happened, list every field where the saved
        version now differs from it, and let the next save go through on top of the version
        they can now compare with."""
        self.conflicts = self._differences(error.current)
        data = self.data.copy()
        data[self.add_prefix("version")] = error.current.version
        self.data = data
        # The instance keeps the latest saved state, so a second save starts from it.
        self.instance.version = error.current.version
        self.add_error(None, error)

    def _differences(self, current: models.Model) -> list[tuple[str, str]]:
        """(field label, its saved value as shown) for each field the person's form would
        change back: without it, saving again would quietly undo a colleague's change."""
        differences = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            saved = forms.models.model_to_dict(current, fields=[name]).get(name)
            bound = self[name]
            yours = self.cleaned_data[name]
            if isinstance(field, forms.ModelMultipleChoiceField):
                same = {item.pk for item in saved or []} == {item.pk for item in yours or []}
                shown = ", ".join(str(item) for item in saved or []) or "—"
            elif isinstance(field, forms.ModelChoiceField):
                same = saved == (yours.pk if yours is not None else None)
                shown = str(getattr(current, name, "") or "—")
            else:
                same = field.prepare_value(saved) == field.prepare_value(yours) or (
                    saved in (None, "") and yours in (None, "")
                )
                shown = _shown(current, name, saved)
            if not same:
                differences.append((str(bound.label), shown))
        return differences


def _shown(instance: models.Model, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    display = getattr(instance, f"get_{name}_display", None)
    return str(display()) if display else str(value)
