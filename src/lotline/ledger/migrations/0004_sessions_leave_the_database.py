"""Sessions now live in signed cookies (settings.SESSION_ENGINE): the session keys stored in the
database before are forgotten, so a copy of the database holds no live sign-in. Everyone signs in once more."""

from django.db import migrations


def forget_sessions(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_checkpoint"), ("sessions", "0001_initial")]
    operations = [migrations.RunPython(forget_sessions, migrations.RunPython.noop)]
