from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

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
