from django.core.management.base import BaseCommand

from matching.notifications import send_match_emails


class Command(BaseCommand):
    help = (
        "Email representatives about new matches, as each chose (at once, daily, weekly). "
        "Run it from a scheduler, e.g. every 15 minutes; running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = send_match_emails()
        self.stdout.write(f"Sent {sent} email(s) about matching needs.")
