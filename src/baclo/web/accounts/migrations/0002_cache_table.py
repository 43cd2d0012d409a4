from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The rate limits count in the database cache (baclo.web.cache), shared by every server
    process: its table is created with the schema, so ``migrate`` (``baclo migrate``, ``make
    run``, the tests' database) is all a deployment needs. Does nothing for a cache that is not
    in the database, and for a table that already exists."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
