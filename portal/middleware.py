from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# Django admin is ours only in configuration: django-simple-history's history page (and
# Django's own change list when a model has no actions) write style="..." attributes that we
# cannot move to a stylesheet without copying their templates. Inline style attributes cannot
# run script, so admin pages allow them, and nothing else: no <style> blocks, no inline script.
ADMIN_POLICY = {"style-src-attr": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the one relaxation Django admin needs."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if not report_only and match is not None and "admin" in match.namespaces:
            parts.update = {**(parts.update or {}), **ADMIN_POLICY}
        return parts


class PrivatePagesMiddleware:
    """Nothing a signed-in person sees is kept by a browser or a shared cache: their pages
    hold contacts, messages and drafts that the next user of the same computer must not find
    in the back button or the cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
