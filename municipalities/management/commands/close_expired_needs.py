from django.core.management.base import BaseCommand

from municipalities.services import close_expired_needs


class Command(BaseCommand):
    help = "Close the open needs whose deadline has passed and tell their officers by email."

    def handle(self, *args, **options) -> None:
        closed = close_expired_needs()
        for need in closed:
            self.stdout.write(f"Closed need {need.pk}: {need.title} (deadline {need.deadline})")
        self.stdout.write(f"{len(closed)} need(s) closed.")
