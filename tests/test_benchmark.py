import json

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.benchmark import BENCHMARK_USER, PAGES, SAVE_NEED_MS, longest_need_description
from demo.seeding import demo_enterprises, demo_needs
from municipalities.models import Need

pytestmark = pytest.mark.django_db

TINY_SIZES = ["--size-s", "20,60,10", "--size-l", "30,90,12"]


def test_benchmark_times_every_page_at_both_sizes_and_writes_json(tmp_path, capsys):
    path = tmp_path / "benchmark.json"
    # The command fails unless every page answers 200.
    call_command("benchmark", "--json", str(path), "--repeat", "2", *TINY_SIZES)

    results = json.loads(path.read_text())
    assert results["database"] in {"sqlite", "postgresql"}
    assert list(results["pages"]) == PAGES
    for page, by_size in results["pages"].items():
        assert list(by_size) == ["S", "L"], page
        for row in by_size.values():
            assert set(row) == {"median_ms", "p95_ms", "queries", "ratio_to_baseline"}
            assert row["median_ms"] <= row["p95_ms"]
        assert by_size["S"]["queries"] > 0 or page == "baseline"
    output = capsys.readouterr().out
    assert "needs_for_enterprise" in output
    assert "Goals" in output
    # Saving a need of the longest description, rescoring included, has its own goal.
    assert results["pages"]["save_longest_need"]["L"]["queries"] > 0
    assert "save_longest_need at L: p95" in output and f"≤ {SAVE_NEED_MS} ms" in output
    # The last size measured is the demo data left behind; the benchmark's own login is not.
    assert demo_enterprises().count() == 30
    assert not User.objects.filter(username=BENCHMARK_USER).exists()
    # The saves were rolled back with the benchmark's own rows.
    longest = longest_need_description()
    assert not Need.objects.filter(description=longest).exists()
    assert demo_needs().exists()


def test_benchmark_reuses_demo_data_of_the_wanted_size(capsys):
    call_command("benchmark", "--sizes", "S", "--repeat", "2", *TINY_SIZES)
    assert "seeded" in capsys.readouterr().out
    slugs = set(demo_enterprises().values_list("slug", flat=True))

    call_command("benchmark", "--sizes", "S", "--repeat", "2", *TINY_SIZES)
    assert "reused" in capsys.readouterr().out
    assert set(demo_enterprises().values_list("slug", flat=True)) == slugs
