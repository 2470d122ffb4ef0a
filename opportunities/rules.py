"""Who may manage an opportunity, see a draft, apply, and read the applications.
Views check these on the object."""

import rules

from municipalities.rules import acts_for

from .models import Application, Opportunity, OpportunityStatus


@rules.predicate
def acts_for_opportunity_municipality(user, opportunity: Opportunity | None) -> bool:
    return opportunity is not None and acts_for(user, opportunity.municipality)


@rules.predicate
def is_published(user, opportunity: Opportunity | None) -> bool:
    return opportunity is not None and opportunity.status != OpportunityStatus.DRAFT


@rules.predicate
def decides_on(user, application: Application | None) -> bool:
    return application is not None and acts_for(user, application.opportunity.municipality)


# Only the municipality that manages an opportunity (its approved officers) and
# administrators change it and read who applied; partner municipalities are named on it.
rules.add_perm("opportunities.add_opportunity", acts_for | rules.is_staff)
rules.add_perm(
    "opportunities.change_opportunity", acts_for_opportunity_municipality | rules.is_staff
)
rules.add_perm(
    "opportunities.view_opportunity",
    is_published | acts_for_opportunity_municipality | rules.is_staff,
)
rules.add_perm(
    "opportunities.view_applications", acts_for_opportunity_municipality | rules.is_staff
)
rules.add_perm("opportunities.change_application", decides_on | rules.is_staff)
