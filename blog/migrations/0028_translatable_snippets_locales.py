"""Existing treatments and authors belong to the default language, each its own translation.

Wagtail's own BootstrapTranslatableModel looks the locale up by today's LANGUAGE_CODE, which
fails on a database created under another default; this takes the database's own default
(the locale its pages were created in when LANGUAGE_CODE has none).
"""

import uuid

from django.conf import settings
from django.db import migrations


def bootstrap(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    code = settings.LANGUAGE_CODE.lower()
    locale = (
        Locale.objects.filter(language_code__iexact=code).first()
        or Locale.objects.order_by("pk").first()
        or Locale.objects.create(language_code=code)
    )
    for name in ("Treatment", "Author"):
        model = apps.get_model("blog", name)
        for row in model.objects.filter(translation_key__isnull=True).only("pk"):
            model.objects.filter(pk=row.pk).update(translation_key=uuid.uuid4(), locale=locale)


class Migration(migrations.Migration):
    dependencies = [("blog", "0027_translatable_snippets_bootstrap")]

    operations = [migrations.RunPython(bootstrap, migrations.RunPython.noop)]
