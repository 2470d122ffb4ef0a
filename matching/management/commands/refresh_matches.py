from django.core.management.base import BaseCommand, CommandError

from matching.services import refresh_need_matches
from municipalities.models import Municipality, Need


class Command(BaseCommand):
    help = (
        "Rescore the matches of every open need, or of the open needs of the given "
        "municipalities (by address name, e.g. tukuma-novads). Run it after an upgrade that "
        "changed the matching rules or moved municipalities between planning regions; running "
        "it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipalities", nargs="*", metavar="SLUG")

    def handle(self, *args, **options):
        needs = Need.objects.open().order_by("pk")
        if slugs := options["municipalities"]:
            found = set(Municipality.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            if unknown := sorted(set(slugs) - found):
                raise CommandError(f"Unknown municipality: {', '.join(unknown)}")
            needs = needs.filter(municipality__slug__in=slugs)
        count = 0
        for need in needs.select_related("municipality__region", "category").iterator():
            # One need per transaction: a long run never holds locks on every need at once.
            refresh_need_matches(need)
            count += 1
        self.stdout.write(f"Rescored the matches of {count} open need(s).")
