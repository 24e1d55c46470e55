"""The SEO bundle names the article's hreflang alternates and its language: render every
stored article once more (the worker, or the first read, does it after the upgrade)."""

from django.db import migrations, models


def mark_stale(apps, schema_editor):
    StoredArticle = apps.get_model("blog", "StoredArticle")
    StoredArticle.objects.update(stale=True, version=models.F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("blog", "0032_stored_details_list_translations")]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
