from dataclasses import dataclass

from django import template
from django.forms.boundfield import BoundField, BoundWidget

register = template.Library()

# From this many options on, a list gets a box that filters it (static/js/kopa.js).
FILTERED_FROM = 12


@dataclass
class ChoiceGroups:
    groups: list[tuple[str | None, list[BoundWidget]]]
    count: int

    @property
    def filtered(self) -> bool:
        return self.count >= FILTERED_FROM


@register.filter
def choice_groups(field: BoundField) -> ChoiceGroups:
    """A multiple-choice field's options in their groups, for a fieldset per group.

    `{% for option in field %}` flattens the groups (e.g. municipalities under their planning
    region); this keeps them. Options outside any group share one unnamed group. Each option
    renders as `{% for option in field %}` would render it, with the same id.
    """
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    value = widget.format_value(field.value())
    groups: list[tuple[str | None, list[BoundWidget]]] = []
    for label, options, _index in widget.optgroups(field.html_name, value, attrs):
        bound = [BoundWidget(widget, option, field.form.renderer) for option in options]
        if label is None and groups and groups[-1][0] is None:
            groups[-1][1].extend(bound)
        else:
            groups.append((label, bound))
    return ChoiceGroups(groups, sum(len(options) for _label, options in groups))
