from django.core.management.base import BaseCommand

from stats.services import forget_officer_views


class Command(BaseCommand):
    help = "Forget which officer viewed which enterprise's page once it is older than 90 days."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{forget_officer_views()} officer view(s) forgotten.")
