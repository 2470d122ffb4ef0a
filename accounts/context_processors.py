from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .inbox import waiting_for


def inbox(request: HttpRequest) -> dict:
    """``waiting``: what waits for the signed-in person, for the header's count. Lazy, so a
    page that shows no header (an htmx partial, a CSV) asks nothing, and anonymous visitors
    never cause a query for it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "waiting": SimpleLazyObject(lambda: waiting_for(user) if user.is_authenticated else None)
    }
