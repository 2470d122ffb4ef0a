"""Prepare the scale-out test's database: the benchmark's demo data of the chosen size, and
the people the load test logs in as, with a cooperation each to write in.

    python -m deploy.loadtest.prepare --size S --fixture fixture.json

Writes a JSON fixture the locustfile and the orchestrator read: pages to visit, filters to
try, logins, and a valid need form for each officer. Runs again without re-seeding when the
demo data already has the size; the previous run's people and writes are replaced.
"""

import argparse
import datetime
import json
import os
import random
import re
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import MembershipStatus, User  # noqa: E402
from cooperation.models import Cooperation, ServiceCategory, Side, TargetGroup  # noqa: E402
from cooperation.services import propose  # noqa: E402
from demo.benchmark import DIRECTORY_FILTERS, SIZES, demo_size, settle_database  # noqa: E402
from demo.seeding import demo_enterprises, demo_needs  # noqa: E402
from enterprises.models import Representative, SocialEnterprise  # noqa: E402
from municipalities.forms import NeedForm  # noqa: E402
from municipalities.models import Municipality, Need, Officer, PlanningRegion  # noqa: E402

PREFIX = "loadtest-"
EMAIL_DOMAIN = "loadtest.kopa.example"
COOPERATION_TITLE = "Load test cooperation"
SAMPLE = 300  # pages of each kind to spread the visits over


def seed(size_name: str) -> float | None:
    """Seed the benchmark's data set of this size unless the database has it; seconds taken."""
    size = SIZES[size_name]
    if demo_size() == size:
        return None
    started = time.monotonic()
    call_command(
        "seed_demo",
        reset=True,
        seed=1,
        enterprises=size.enterprises,
        offerings=size.offerings,
        needs=size.needs,
    )
    settle_database()
    return time.monotonic() - started


def forget_previous_run() -> None:
    people = User.objects.filter(username__startswith=PREFIX)
    Cooperation.objects.filter(title__startswith=COOPERATION_TITLE).delete()
    Need.objects.filter(created_by__in=people).delete()
    people.delete()


def person(username: str, password_hash: str) -> User:
    user = User.objects.create(
        username=username,
        email=f"{username}@{EMAIL_DOMAIN}",
        password=password_hash,
        first_name="Load",
        last_name="Test",
    )
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def form_data(form) -> dict[str, str | list[str]]:
    """What a browser would submit for this unbound form's initial values."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            data[name] = ""
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def need_form(municipality: Municipality, template: Need) -> dict:
    """A valid draft for this municipality, modelled on one of its needs."""
    data = form_data(NeedForm(instance=template))
    data["deadline"] = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    form = NeedForm(data=data, instance=Need(municipality=municipality))
    if not form.is_valid():
        raise SystemExit(f"The need form built for the load test is invalid: {form.errors}")
    return data


def directory_filters(rng: random.Random) -> list[str]:
    municipalities = list(Municipality.objects.current().values_list("slug", flat=True))
    regions = list(PlanningRegion.objects.values_list("slug", flat=True))
    categories = list(ServiceCategory.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    titles = demo_enterprises().values_list("offerings__title", flat=True)[:2000]
    words = sorted(
        {word.lower() for title in titles if title for word in re.findall(r"\w{5,}", title)}
    )
    queries = [DIRECTORY_FILTERS]
    for _ in range(SAMPLE // 5):
        queries += [
            "?" + urlencode({"municipality": rng.choice(municipalities)}),
            "?" + urlencode({"category": rng.choice(categories)}),
            "?"
            + urlencode(
                {"municipality": rng.choice(municipalities), "category": rng.choice(categories)}
            ),
            "?" + urlencode({"q": rng.choice(words)}),
            "?"
            + urlencode(
                {
                    "region": rng.choice(regions),
                    "target_group": rng.choice(groups),
                    "reserved": "true",
                }
            ),
        ]
    return queries


def login_failed_key_limit() -> int:
    """How many failed logins for one address allauth allows (the "/key" limit)."""
    for rule in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        amount, _period, *kind = rule.split("/")
        if kind == ["key"]:
            return int(amount)
    raise SystemExit("ACCOUNT_RATE_LIMITS has no per-address limit for failed logins.")


@transaction.atomic
def people_and_pages(*, officers: int, representatives: int, password: str) -> dict:
    rng = random.Random(7)
    password_hash = make_password(password)
    now = timezone.now()
    matched_needs = (
        demo_needs().open().annotate(match_count=Count("matches")).filter(match_count__gt=0)
    )
    busiest = list(
        Municipality.objects.annotate(
            matched=Count("needs", filter=Q(needs__in=matched_needs), distinct=True)
        )
        .filter(matched__gt=0)
        .order_by("-matched", "slug")[:officers]
    )
    best_matched = list(
        demo_enterprises()
        .verified()
        .annotate(match_count=Count("matches"))
        .filter(match_count__gt=0)
        .order_by("-match_count", "slug")[:representatives]
    )
    if not busiest or not best_matched:
        raise SystemExit("The demo data has no needs with matches; seed a larger size.")

    fixture = {"officers": [], "representatives": []}
    for index, enterprise in enumerate(best_matched):
        user = person(f"{PREFIX}representative-{index}", password_hash)
        Representative.objects.create(
            user=user, enterprise=enterprise, status=MembershipStatus.APPROVED, decided_at=now
        )
        fixture["representatives"].append(
            {"email": user.email, "enterprise": enterprise.slug, "user_id": user.pk}
        )
    for index in range(officers):
        municipality = busiest[index % len(busiest)]
        user = person(f"{PREFIX}officer-{index}", password_hash)
        Officer.objects.create(
            user=user, municipality=municipality, status=MembershipStatus.APPROVED, decided_at=now
        )
        needs = list(matched_needs.filter(municipality=municipality).values_list("pk", flat=True))
        representative = fixture["representatives"][index % len(best_matched)]
        cooperation = propose(
            cooperation=Cooperation(
                municipality=municipality,
                enterprise=SocialEnterprise.objects.get(slug=representative["enterprise"]),
                title=f"{COOPERATION_TITLE} {index}",
                problem="Load test.",
                solution="Load test.",
            ),
            side=Side.ENTERPRISE,
            by=User.objects.get(pk=representative["user_id"]),
        )
        representative.setdefault("cooperations", []).append(cooperation.pk)
        fixture["officers"].append(
            {
                "email": user.email,
                "municipality": municipality.slug,
                "needs": needs[:20],
                "cooperations": [cooperation.pk],
                "need_form": need_form(municipality, Need.objects.get(pk=needs[0])),
            }
        )
    for representative in fixture["representatives"]:
        representative.setdefault("cooperations", [])

    # A person for the session check and one for the rate-limit check.
    for role in ["session", "rate-limit"]:
        user = person(f"{PREFIX}{role}", password_hash)
        fixture[role.replace("-", "_")] = {"email": user.email}

    enterprises = demo_enterprises().verified().values_list("slug", flat=True)
    fixture["enterprises"] = rng.sample(list(enterprises), min(SAMPLE, enterprises.count()))
    need_ids = list(matched_needs.values_list("pk", flat=True))
    fixture["needs"] = rng.sample(need_ids, min(SAMPLE, len(need_ids)))
    fixture["municipalities"] = list(Municipality.objects.current().values_list("slug", flat=True))
    fixture["directory_filters"] = directory_filters(rng)
    fixture["static"] = [static("css/kopa.css"), static("js/kopa.js")]
    fixture["login_failed_limit"] = login_failed_key_limit()
    return fixture


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--fixture", type=Path, required=True)
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--representatives", type=int, default=8)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    seconds = seed(args.size)
    forget_previous_run()
    fixture = people_and_pages(
        officers=args.officers, representatives=args.representatives, password=args.password
    )
    fixture["password"] = args.password
    fixture["size"] = args.size
    fixture["data"] = {**asdict(demo_size()), "seeding_seconds": seconds}
    args.fixture.write_text(json.dumps(fixture, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
