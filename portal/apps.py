from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Kopā"

    def ready(self) -> None:
        from .collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
