"""Kopā's admin site: Django's, opening on the curators' desk (``portal.desk``)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class KopaAdminSite(admin.AdminSite):
    index_template = "admin/desk_index.html"
    index_title = _("Curators' desk")

    def index(self, request: HttpRequest, extra_context=None):
        from .desk import desk_for  # the queues name models of apps loaded after this one

        return super().index(request, {"desk": desk_for(request.user), **(extra_context or {})})


class KopaAdminConfig(AdminConfig):
    """django.contrib.admin with Kopā's site (INSTALLED_APPS names this)."""

    default_site = "portal.admin_site.KopaAdminSite"
