"""Who may change a municipality's page and its needs, and who sees a draft.
Views check these on the object."""

import rules

from .models import Municipality, Need, NeedStatus, Officer


@rules.predicate
def acts_for(user, municipality: Municipality | None) -> bool:
    if municipality is None or not user.is_authenticated:
        return False
    return Officer.objects.approved().filter(user=user, municipality=municipality).exists()


@rules.predicate
def acts_for_need_municipality(user, need: Need | None) -> bool:
    return need is not None and acts_for(user, need.municipality)


@rules.predicate
def is_published(user, need: Need | None) -> bool:
    return need is not None and need.status != NeedStatus.DRAFT


rules.add_perm("municipalities.change_municipality", acts_for | rules.is_staff)
rules.add_perm("municipalities.add_need", acts_for | rules.is_staff)
rules.add_perm("municipalities.change_need", acts_for_need_municipality | rules.is_staff)
rules.add_perm(
    "municipalities.view_need", is_published | acts_for_need_municipality | rules.is_staff
)
