"""Who may change an enterprise and its offerings. Views check these on the object."""

import rules

from .models import Offering, Representative, SocialEnterprise


@rules.predicate
def represents(user, enterprise: SocialEnterprise | None) -> bool:
    if enterprise is None or not user.is_authenticated:
        return False
    return Representative.objects.approved().filter(user=user, enterprise=enterprise).exists()


@rules.predicate
def represents_offering_enterprise(user, offering: Offering | None) -> bool:
    return offering is not None and represents(user, offering.enterprise)


rules.add_perm("enterprises.change_socialenterprise", represents | rules.is_staff)
rules.add_perm("enterprises.manage_representatives", represents | rules.is_staff)
rules.add_perm("enterprises.add_offering", represents | rules.is_staff)
rules.add_perm("enterprises.change_offering", represents_offering_enterprise | rules.is_staff)
