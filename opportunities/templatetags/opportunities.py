"""Opportunities shown on other apps' pages, each as one include with its own query, so
those pages' views need not know about opportunities."""

from django import template

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
