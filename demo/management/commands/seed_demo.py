from django.core.management.base import BaseCommand, CommandError

from demo.seeding import (
    DemoDataError,
    DemoSize,
    delete_demo_data,
    demo_enterprises,
    demo_needs,
    demo_users,
    seed_demo,
)


class Command(BaseCommand):
    help = (
        "Create a fictional Latvian demo data set (enterprises with their representatives, "
        "offerings, municipal officers and their needs). Does nothing when demo data exists, "
        "unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--enterprises", type=int, default=120)
        parser.add_argument("--offerings", type=int, default=360)
        parser.add_argument("--needs", type=int, default=90)
        parser.add_argument("--reset", action="store_true", help="Delete existing demo data first.")
        parser.add_argument(
            "--password",
            help="Let every demo person log in with this password (for trying the portal as "
            "an officer or a representative). Without it nobody can log in as them.",
        )

    def handle(self, *args, seed, enterprises, offerings, needs, reset, password, **options):
        if reset:
            delete_demo_data()
        elif demo_enterprises().exists() or demo_needs().exists():
            self.stdout.write(
                f"Demo data already present ({demo_enterprises().count()} enterprises); "
                "nothing to do. Use --reset to replace it."
            )
            return
        try:
            seed_demo(seed=seed, size=DemoSize(enterprises, offerings, needs), password=password)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {enterprises} enterprises, {offerings} offerings and {needs} needs "
                f"(seed {seed}), with {demo_users().count()} demo people."
            )
        )
        officer = demo_users().filter(officers__isnull=False).order_by("username").first()
        representative = (
            demo_users().filter(representatives__isnull=False).order_by("username").first()
        )
        if password and officer and representative:
            self.stdout.write(
                f"Log in as an officer ({officer.email}) or a representative "
                f"({representative.email}) with the password you gave."
            )
