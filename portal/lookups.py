"""Lookups the portal adds to Django's."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    """``in`` that leaves out numbers the column's type cannot hold, as Django's ``exact``
    does since 5.0. A form posting ``9999…`` as a choice otherwise fails on SQLite with an
    OverflowError (a 500) when ModelMultipleChoiceField looks the choices up."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
