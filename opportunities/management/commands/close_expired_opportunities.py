from django.core.management.base import BaseCommand

from opportunities.services import close_expired_opportunities


class Command(BaseCommand):
    help = (
        "Close the open opportunities whose last day to apply has passed and tell their "
        "officers how many applications wait for a decision."
    )

    def handle(self, *args, **options) -> None:
        closed = close_expired_opportunities()
        for opportunity in closed:
            self.stdout.write(
                f"Closed opportunity {opportunity.pk}: {opportunity.title_lv} "
                f"(closed on {opportunity.closes_on})"
            )
        self.stdout.write(f"{len(closed)} opportunity(ies) closed.")
