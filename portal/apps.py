from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, for what must be in place before any request."""

    name = "portal"

    def ready(self) -> None:
        from . import lookups

        lookups.register()
