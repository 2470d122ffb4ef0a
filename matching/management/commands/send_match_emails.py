from django.core.management.base import BaseCommand

from matching.notifications import send_match_emails


class Command(BaseCommand):
    help = (
        "Email representatives about new strong matches: the daily and weekly digests, and any "
        "'at once' email the commit that made the match could not send. Run it from a "
        "scheduler, e.g. every 15 minutes; running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = send_match_emails()
        self.stdout.write(f"Sent {sent} email(s) about matching needs.")
