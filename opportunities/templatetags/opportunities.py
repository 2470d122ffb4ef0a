"""Opportunities shown on other apps' pages, each as one include with its own query, so
those pages' views need not know about opportunities."""

from django import template

from accounts.models import MembershipStatus
from enterprises.models import SocialEnterprise
from opportunities.candidates import opportunities_for
from opportunities.models import Opportunity, OpportunityStatus

register = template.Library()

PREVIEW_SIZE = 10


@register.inclusion_tag("opportunities/includes/municipality_opportunities.html")
def municipality_opportunities(municipality) -> dict:
    """The municipality's open opportunities (alone or with partners), closing soonest first."""
    opportunities = (
        Opportunity.objects.open()
        .offered_by(municipality)
        .for_listing()
        .order_by("closes_on", "-published_at", "pk")[:PREVIEW_SIZE]
    )
    return {"municipality": municipality, "open_opportunities": list(opportunities)}


@register.inclusion_tag("opportunities/includes/manage_opportunities.html", takes_context=True)
def manage_opportunities(context, municipality) -> dict:
    """For the municipality's officers: its opportunities still in play, with applications."""
    opportunities = (
        municipality.opportunities.exclude(status=OpportunityStatus.AWARDED)
        .for_listing()
        .order_by("status", "closes_on", "pk")
    )
    return {
        "municipality": municipality,
        "opportunities": list(opportunities),
        "request": context.get("request"),
    }


@register.inclusion_tag("opportunities/includes/for_you.html")
def opportunities_for_you(user) -> dict:
    """On "My account": for each verified enterprise the person represents, the open
    opportunities that suit it best, with the reasons."""
    enterprises = SocialEnterprise.objects.verified().filter(
        representatives__user=user, representatives__status=MembershipStatus.APPROVED
    )
    return {
        "sections": [
            (enterprise, opportunities_for(enterprise))
            for enterprise in enterprises.order_by("sort_name", "pk")
        ]
    }
