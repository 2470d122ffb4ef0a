"""Who may read and change a shortlist: the approved officers of its municipality, and
curators. Views check this on the object, so anyone else gets a 404."""

import rules

from municipalities.rules import acts_for


@rules.predicate
def keeps(user, shortlist) -> bool:
    return shortlist is not None and acts_for(user, shortlist.municipality)


rules.add_perm("shortlists.view_shortlist", keeps | rules.is_staff)
rules.add_perm("shortlists.change_shortlist", keeps | rules.is_staff)
