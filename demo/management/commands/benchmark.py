import argparse
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from demo.benchmark import (
    PAGES,
    SIZES,
    demo_size,
    goals,
    measure_pages,
    report,
    seeded_size,
    settle_database,
)
from demo.seeding import DemoSize, delete_demo_data, seed_demo
from enterprises.register_import import MAX_FILE_BYTES


def size_argument(value: str) -> DemoSize:
    try:
        numbers = [int(number) for number in value.split(",")]
        if len(numbers) not in (3, 4):
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(
            "expected enterprises,offerings,needs[,opportunities]"
        ) from None
    return DemoSize(*numbers)


class Command(BaseCommand):
    help = (
        "Time the directory, an enterprise's page, the matching pages, saving a need and the "
        "register import's preview at a small (S) and a large (L) demo data set, in-process "
        "through the test client. Seeds the demo data on "
        "the configured database, replacing the demo data already there (with the default "
        "DATABASE_URL that is db.sqlite3 in the project folder), unless it has exactly the "
        "wanted size; seeding L, which matches every open need, takes long. Run it with DEBUG "
        "off for realistic numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", dest="json_path", metavar="PATH", help="Write the results to this file."
        )
        parser.add_argument(
            "--repeat", type=int, default=30, help="Timed requests per page (default 30)."
        )
        parser.add_argument("--sizes", default="S,L", help="Which data sizes: S, L or S,L.")
        parser.add_argument("--seed", type=int, default=1, help="Seed for the demo data.")
        parser.add_argument(
            "--import-bytes",
            type=int,
            default=MAX_FILE_BYTES,
            help="Size of the register export whose admin preview is timed (default: the "
            f"upload limit, {MAX_FILE_BYTES} bytes).",
        )
        parser.add_argument(
            "--only",
            choices=PAGES,
            metavar="ROW",
            help="Time only this row, e.g. register_import_preview (no goals are checked). "
            f"One of: {', '.join(PAGES)}.",
        )
        for name, size in SIZES.items():
            parser.add_argument(
                f"--size-{name.lower()}",
                type=size_argument,
                default=size,
                metavar="E,O,N[,P]",
                help=f"Enterprises, offerings, needs and (at least) opportunities at {name} "
                f"(default {size.enterprises},{size.offerings},{size.needs},"
                f"{size.opportunities}).",
            )

    def handle(
        self,
        *args,
        json_path,
        repeat,
        sizes,
        seed,
        size_s,
        size_l,
        import_bytes,
        only,
        **options,
    ):
        data_sizes = {"S": size_s, "L": size_l}
        wanted = [name for name in data_sizes if name in sizes.split(",")]
        if not wanted:
            raise CommandError("--sizes takes S, L or S,L.")
        if repeat < 2:
            raise CommandError("--repeat must be at least 2.")
        if settings.DEBUG:
            self.stderr.write(self.style.WARNING("DEBUG is on: the timings include its cost."))

        measured = {}
        # The size already in the database goes first, so it is not seeded again.
        present = demo_size()
        with override_settings(
            ROOT_URLCONF="demo.benchmark",  # the portal's URLs plus the baseline page
            ALLOWED_HOSTS=["testserver"],
            # Pages render without collectstatic; no static file is served, so no STATIC_ROOT.
            STATIC_ROOT=None,
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            for name in sorted(wanted, key=lambda name: seeded_size(data_sizes[name]) != present):
                self.prepare_data(name, data_sizes[name], seed)
                measured[name] = measure_pages(repeat, import_bytes, [only] if only else PAGES)

        results = report({name: measured[name] for name in wanted})
        if json_path:
            with open(json_path, "w", encoding="utf-8") as file:
                json.dump(results, file, indent=2)
        self.write_table(results)
        if len(wanted) == len(data_sizes) and not only:
            self.stdout.write("\nGoals")
            for text, met in goals(results["pages"]):
                style = self.style.SUCCESS if met else self.style.ERROR
                self.stdout.write(style(f"{'met   ' if met else 'missed'} {text}"))

    def prepare_data(self, name: str, size: DemoSize, seed: int) -> None:
        """Seed the demo data at this size, unless it has exactly this size already."""
        self.stdout.write(
            f"{name}: {size.enterprises} enterprises, {size.offerings} offerings, "
            f"{size.needs} needs, {seeded_size(size).opportunities} opportunities: ",
            ending="",
        )
        self.stdout.flush()
        if demo_size() == seeded_size(size):
            self.stdout.write("reused.")
        else:
            started = time.perf_counter()
            delete_demo_data()
            deleted = time.perf_counter()
            seed_demo(seed=seed, size=size)
            self.stdout.write(
                f"old demo data deleted in {deleted - started:.1f} s, "
                f"seeded in {time.perf_counter() - deleted:.1f} s."
            )
        # The statistics page's figures are cached: counted from the other size, or from the
        # previous run, they would be read instead of counted from this data.
        cache.clear()
        settle_database()

    def write_table(self, results: dict) -> None:
        self.stdout.write(f"\n{results['database']}")
        self.stdout.write(
            f"{'page':<30}{'size':>5}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'× baseline':>12}"
        )
        for page, by_size in results["pages"].items():
            for name, row in by_size.items():
                ratio = row["ratio_to_baseline"]
                self.stdout.write(
                    f"{page:<30}{name:>5}{row['median_ms']:>11.1f}{row['p95_ms']:>9.1f}"
                    f"{row['queries']:>9}{'—' if ratio is None else f'{ratio:.1f}':>12}"
                )
