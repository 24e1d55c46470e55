"""The change log records where each article was, so each site's sync hears only of its own."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    # Rows about articles that still exist take the article's place now; rows about deleted
    # ones stay blank, which every site's sync reads (as before sites were told apart).
    ContentChange = apps.get_model("blog", "ContentChange")
    Page = apps.get_model("wagtailcore", "Page")
    place = Page.objects.filter(pk=OuterRef("article_id")).values("url_path")[:1]
    ContentChange.objects.filter(article_id__isnull=False).update(
        url_path=Coalesce(Subquery(place), Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_webhooks"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentchange",
            name="url_path",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
