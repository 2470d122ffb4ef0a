"""Needs are found by their service's name too: rewrite every need's search text with the
names of its service and field, in Latvian and English (Need.save does it from now on).

The folding is copied here (as portal.search.search_text does it) so that this migration
keeps meaning the same whatever later becomes of the app code."""

import re
import unicodedata

from django.db import migrations

_WORD = re.compile(r"[0-9a-z]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(ascii_only))


def rewrite(apps, schema_editor):
    Need = apps.get_model("municipalities", "Need")
    needs = Need.objects.select_related("category__parent").only(
        "title", "description", "category__name_lv", "category__name_en",
        "category__parent__name_lv", "category__parent__name_en",
    )
    changed = []
    for need in needs.iterator(chunk_size=500):
        category = need.category
        parts = [need.title, need.description, category.name_lv, category.name_en]
        if category.parent is not None:
            parts += [category.parent.name_lv, category.parent.name_en]
        need.search_text = _fold(" ".join(part for part in parts if part))
        changed.append(need)
    Need.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0011_single_line_names"),
        ("cooperation", "0007_single_line_names"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
