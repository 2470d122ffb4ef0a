from django.core.management.base import BaseCommand

from demo.seeding import DemoSize, delete_demo_data, demo_enterprises, demo_needs, seed_demo


class Command(BaseCommand):
    help = (
        "Create a fictional Latvian demo data set (enterprises, offerings, needs). "
        "Does nothing when demo data exists, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument("--enterprises", type=int, default=120)
        parser.add_argument("--offerings", type=int, default=360)
        parser.add_argument("--needs", type=int, default=90)
        parser.add_argument("--reset", action="store_true", help="Delete existing demo data first.")

    def handle(self, *args, seed, enterprises, offerings, needs, reset, **options):
        if reset:
            delete_demo_data()
        elif demo_enterprises().exists() or demo_needs().exists():
            self.stdout.write(
                f"Demo data already present ({demo_enterprises().count()} enterprises); "
                "nothing to do. Use --reset to replace it."
            )
            return
        seed_demo(seed=seed, size=DemoSize(enterprises, offerings, needs))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {enterprises} enterprises, {offerings} offerings and {needs} needs "
                f"(seed {seed})."
            )
        )
