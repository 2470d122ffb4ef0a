"""The enterprise's page views on its representatives' "My account", as one include with its
own query, so the account page's view need not know about statistics."""

from django import template

from stats.impact import VIEW_DAYS, profile_views_for

register = template.Library()


@register.inclusion_tag("stats/includes/profile_views.html")
def profile_views(user) -> dict:
    return {"enterprises": profile_views_for(user), "days": VIEW_DAYS}
