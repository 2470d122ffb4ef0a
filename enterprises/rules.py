"""Who may change an enterprise and its offerings, and who may speak for it. Views check
these on the object.

Speaking for an enterprise (proposing cooperation, writing in a cooperation, answering a
match, deciding who else joins) is earned: only an approved representative does it. A person
still waiting for approval may prepare an enterprise that is not public yet (its profile and
offerings), so the work is ready when a curator has checked both the enterprise and them."""

import rules

from .models import Offering, Representative, SocialEnterprise, Verification


@rules.predicate
def represents(user, enterprise: SocialEnterprise | None) -> bool:
    """An approved representative of the enterprise."""
    if enterprise is None or not user.is_authenticated:
        return False
    return Representative.objects.approved().filter(user=user, enterprise=enterprise).exists()


@rules.predicate
def prepares(user, enterprise: SocialEnterprise | None) -> bool:
    """Waiting for approval as a representative of an enterprise the public does not see:
    what they change is nobody's to read yet. Of a verified enterprise they change nothing
    until approved, or anyone could edit a public page by asking to join."""
    if enterprise is None or not user.is_authenticated:
        return False
    if enterprise.verification == Verification.VERIFIED:
        return False
    return Representative.objects.pending().filter(user=user, enterprise=enterprise).exists()


@rules.predicate
def represents_offering_enterprise(user, offering: Offering | None) -> bool:
    return offering is not None and represents(user, offering.enterprise)


@rules.predicate
def prepares_offering_enterprise(user, offering: Offering | None) -> bool:
    return offering is not None and prepares(user, offering.enterprise)


rules.add_perm("enterprises.change_socialenterprise", represents | prepares | rules.is_staff)
rules.add_perm("enterprises.speak_for_socialenterprise", represents | rules.is_staff)
rules.add_perm("enterprises.manage_representatives", represents | rules.is_staff)
rules.add_perm("enterprises.add_offering", represents | prepares | rules.is_staff)
rules.add_perm(
    "enterprises.change_offering",
    represents_offering_enterprise | prepares_offering_enterprise | rules.is_staff,
)
