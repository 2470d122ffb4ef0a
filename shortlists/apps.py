from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShortlistsConfig(AppConfig):
    name = "shortlists"
    verbose_name = _("shortlists")
