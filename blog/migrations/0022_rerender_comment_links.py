"""Comments stored with a link followed by <, >, " or ' get the HTML the fixed renderer
makes: it linked `https://b.example/x?<script>` to `x?&lt` and left a stray `;` behind."""

import re

from django.db import migrations

from blog.comments.rendering import render_body

# A link that runs into a character the old renderer escaped before linkifying.
AFFECTED = re.compile(r"https?://[^\s<>\"']*[<>\"']", re.IGNORECASE)


def rerender(apps, schema_editor):
    ReaderComment = apps.get_model("blog", "ReaderComment")
    with_links = ReaderComment.objects.filter(body__icontains="http")
    candidates = with_links.only("pk", "body", "body_html")
    for comment in candidates.iterator():
        if not AFFECTED.search(comment.body):
            continue
        html = render_body(comment.body)
        if html != comment.body_html:
            ReaderComment.objects.filter(pk=comment.pk).update(body_html=html)


class Migration(migrations.Migration):
    dependencies = [("blog", "0021_patient_photos")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
