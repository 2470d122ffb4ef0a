from django.core.management.base import BaseCommand

from followups.services import send_followups


class Command(BaseCommand):
    help = (
        "Send the follow-ups that are due: needs nobody is interested in, reminders before a "
        "deadline, surveys after a cooperation, and yearly profile confirmations. Run it daily "
        "from a scheduler; running it twice, or on two machines at once, sends nothing twice."
    )

    def handle(self, *args, **options):
        for kind, count in send_followups().items():
            self.stdout.write(f"{kind}: {count} email(s)")
