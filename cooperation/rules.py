"""Who takes part in a cooperation, and so may read it, write in it and move it on."""

import rules

from enterprises.rules import represents
from municipalities.rules import acts_for

from .models import Cooperation, Side


def side_of(user, cooperation: Cooperation) -> str | None:
    """The side the user acts for in this cooperation, if any."""
    if acts_for(user, cooperation.municipality):
        return Side.MUNICIPALITY
    if represents(user, cooperation.enterprise):
        return Side.ENTERPRISE
    return None


@rules.predicate
def takes_part(user, cooperation: Cooperation | None) -> bool:
    return cooperation is not None and side_of(user, cooperation) is not None


rules.add_perm("cooperation.view_cooperation", takes_part | rules.is_staff)
rules.add_perm("cooperation.change_cooperation", takes_part)
