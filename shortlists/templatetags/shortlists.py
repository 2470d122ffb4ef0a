""" "Add to shortlist" on an enterprise's card and page, so the directory's and the profile's
views need not know about shortlists."""

from django import template

from accounts.models import MembershipStatus
from municipalities.models import Municipality

from ..models import Shortlist

register = template.Library()


def _kept_by(request) -> tuple[list[Municipality], list[Shortlist]]:
    """The municipalities the person is an approved officer of, and their lists: read once
    per request, however many cards the page shows."""
    cached = getattr(request, "_shortlists_kept", None)
    if cached is None:
        user = request.user
        municipalities = list(
            Municipality.objects.filter(
                officers__user=user, officers__status=MembershipStatus.APPROVED
            ).order_by("sort_name", "pk")
        )
        shortlists = (
            list(
                Shortlist.objects.filter(municipality__in=municipalities)
                .select_related("municipality")
                .order_by("municipality__sort_name", "name", "pk")
            )
            if municipalities
            else []
        )
        cached = request._shortlists_kept = (municipalities, shortlists)
    return cached


@register.inclusion_tag("shortlists/includes/add_to_shortlist.html", takes_context=True)
def add_to_shortlist(context, enterprise) -> dict:
    """For officers only; nothing (and no query) for anyone not signed in."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {}
    municipalities, shortlists = _kept_by(request)
    return {
        "enterprise": enterprise,
        "municipalities": municipalities,
        "shortlists": shortlists,
        "several": len(municipalities) > 1,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
