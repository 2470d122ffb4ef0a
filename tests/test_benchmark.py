import json

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.benchmark import (
    BENCHMARK_CURATOR,
    BENCHMARK_USER,
    IMPORT_PREVIEW_MS,
    PAGES,
    SAVE_NEED_MS,
    longest_need_description,
    register_export,
)
from demo.seeding import demo_enterprises, demo_needs, demo_opportunities
from enterprises.register_import import MAX_FILE_BYTES, Outcome, import_register
from municipalities.models import Need

pytestmark = pytest.mark.django_db

# Small data, and a register export of about 40 rows for the import's preview.
# At L more opportunities than the municipalities' mixes make (12 × 5).
TINY_SIZES = ["--size-s", "20,60,10", "--size-l", "30,90,12,80", "--import-bytes", "4000"]


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
    # The opportunities board and "Opportunities for you", with the opportunities asked for.
    for page in ["opportunities", "opportunities_for_enterprise"]:
        assert results["pages"][page]["S"]["queries"] > 0, page
        assert f"{page}: p95 L/S" in output, page
    assert demo_opportunities().count() == 80
    assert "Goals" in output
    # Saving a need of the longest description, rescoring included, has its own goal.
    assert results["pages"]["save_longest_need"]["L"]["queries"] > 0
    assert "save_longest_need at L: p95" in output and f"≤ {SAVE_NEED_MS} ms" in output
    # A curator previewing the register export in admin, within its budget of seconds.
    preview = results["pages"]["register_import_preview"]
    assert preview["S"]["queries"] > 0 and preview["L"]["queries"] > 0
    assert "register_import_preview at L: p95" in output
    assert f"≤ {IMPORT_PREVIEW_MS // 1000} s" in output
    assert not User.objects.filter(username=BENCHMARK_CURATOR).exists()
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


def test_the_register_export_fills_the_size_with_rows_the_import_accepts():
    call_command("benchmark", "--sizes", "S", "--repeat", "2", *TINY_SIZES)
    known = demo_enterprises().exclude(register_status="not_registered").count()
    data = register_export(40_000)
    assert 39_800 < len(data) <= 40_000
    report = import_register(data=data, dry_run=True)
    assert not report.has_errors
    # The demo enterprises as the portal has them, then new ones, some of them ceased.
    assert len(report.rows) - report.counts[Outcome.CREATED] == known
    assert report.counts[Outcome.CREATED] > 200
    assert "izslēgts" in data.decode()
    assert len(register_export(MAX_FILE_BYTES)) > MAX_FILE_BYTES - 200


def test_benchmark_times_only_the_row_asked_for(tmp_path, capsys):
    path = tmp_path / "only.json"
    call_command(
        "benchmark",
        "--sizes",
        "S",
        "--repeat",
        "2",
        "--only",
        "register_import_preview",
        "--json",
        str(path),
        *TINY_SIZES,
    )
    results = json.loads(path.read_text())
    assert list(results["pages"]) == ["register_import_preview"]
    row = results["pages"]["register_import_preview"]["S"]
    assert row["queries"] > 0
    assert row["ratio_to_baseline"] is None  # the baseline was not timed
    output = capsys.readouterr().out
    assert "register_import_preview" in output
    assert "directory" not in output and "Goals" not in output
    assert not User.objects.filter(username=BENCHMARK_CURATOR).exists()
