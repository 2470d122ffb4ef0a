from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises.filter_index import refresh_everything


class Command(BaseCommand):
    help = (
        "Rewrite every enterprise's search words, places and services (the directory's "
        "index), e.g. after changing rows with SQL."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = refresh_everything()
        self.stdout.write(f"Indexed {count} enterprises.")
