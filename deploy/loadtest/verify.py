"""After the scale-out test: find every write the load test made in the database.

    python -m deploy.loadtest.verify --log locust-log.json --run RUN --out writes.json

A write is completed when the portal answered its POST with 2xx or 3xx; each completed write
must be in the database exactly once. Writes that failed (a 5xx, or the connection dropped
when an app server was killed) are reported apart, with whether they were saved anyway.
"""

import argparse
import json
import os
import re
from collections import Counter
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from cooperation.models import CooperationMessage  # noqa: E402
from municipalities.models import Need  # noqa: E402


def saved_markers(run: str) -> Counter:
    """How often each of this run's markers is in the database."""
    marker = re.compile(rf"\b({re.escape(run)}-\d+-\d+)\b")
    texts = [
        *CooperationMessage.objects.filter(text__contains=run).values_list("text", flat=True),
        *Need.objects.filter(title__contains=run).values_list("title", flat=True),
    ]
    return Counter(match.group(1) for text in texts for match in marker.finditer(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    writes = json.loads(args.log.read_text())["writes"]
    saved = saved_markers(args.run)
    completed = [write for write in writes if 200 <= write["status"] < 400]
    failed = [write for write in writes if not 200 <= write["status"] < 400]
    result = {
        "attempted": len(writes),
        "completed": len(completed),
        "completed_by_kind": Counter(write["kind"] for write in completed),
        "completed_found": sum(1 for write in completed if saved[write["marker"]] == 1),
        "lost": [write for write in completed if saved[write["marker"]] == 0],
        "duplicated": [write for write in completed if saved[write["marker"]] > 1],
        "failed": len(failed),
        "failed_statuses": Counter(str(write["status"]) for write in failed),
        "failed_but_saved": [write for write in failed if saved[write["marker"]]],
        "unknown_in_database": sorted(set(saved) - {write["marker"] for write in writes}),
    }
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
