"""The database cache holds rate-limit counters shared by every server process; creating its
table with the schema means no deployment can forget it. With Redis configured this is a no-op."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_language")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
