from django.core.management.base import BaseCommand

from alerts.services import delete_expired_searches, send_due_alerts


class Command(BaseCommand):
    help = (
        "Email each confirmed saved search what is new since its last alert (daily or weekly), "
        "and forget unconfirmed ones whose link expired. Safe to run twice or on several "
        "machines at once."
    )

    def handle(self, *args, **options):
        deleted = delete_expired_searches()
        sent = send_due_alerts()
        self.stdout.write(f"Sent {sent} alerts; deleted {deleted} unconfirmed saved searches.")
