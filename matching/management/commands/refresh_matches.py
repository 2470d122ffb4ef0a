from django.core.management.base import BaseCommand

from matching.services import refresh_need_matches
from municipalities.models import Need


class Command(BaseCommand):
    help = (
        "Rescore every open need's matches, e.g. once after an upgrade that changed the "
        "matching rules. Safe to run at any time."
    )

    def handle(self, *args, **options):
        count = 0
        for need in Need.objects.open().select_related("municipality__region", "category"):
            refresh_need_matches(need)
            count += 1
        self.stdout.write(f"Rescored {count} open need(s).")
