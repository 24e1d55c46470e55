from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    """Comments approved now, or held after readers' reports (only approved comments can be
    held that way), were approved before: their reply mail has gone out."""
    ReaderComment = apps.get_model("blog", "ReaderComment")
    ReaderComment.objects.filter(Q(status="approved") | Q(report_count__gt=0)).update(
        first_approved_at=Coalesce(F("moderated_at"), F("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_comment_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="readercomment",
            name="first_approved_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
