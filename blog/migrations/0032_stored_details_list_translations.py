"""Details list their `translations`, and translated articles show their treatments and
authors in their own language: render every stored article once more (the worker, or the
first read, does it after the upgrade)."""

from django.db import migrations, models


def mark_stale(apps, schema_editor):
    StoredArticle = apps.get_model("blog", "StoredArticle")
    StoredArticle.objects.update(stale=True, version=models.F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("blog", "0031_stored_articles_say_their_locale")]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
