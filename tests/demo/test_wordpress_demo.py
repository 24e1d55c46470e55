"""`seed_demo --wordpress` imports the demo clinic's old WordPress blog (blog/demo/wordpress.xml)
with its drawn images: posts become articles under the demo's treatments, comments keep
their threads and the clinic's reply, and running it again changes nothing."""

from __future__ import annotations

from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import ArticlePage, Author, ImportedObject, ReaderComment

LED = "What happens in an LED light therapy session"
LASER = "Laser resurfacing: your questions answered"


def counts() -> dict[str, int]:
    models = (Page, Revision, ReaderComment, get_image_model(), Redirect, Author, ImportedObject)
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_with_wordpress_imports_the_demo_export_once(db, capsys, client):
    call_command("seed_demo", "--wordpress")
    printed = capsys.readouterr().out
    assert "WordPress import of https://www.northbridge-skin.example" in printed
    assert "posts created" in printed and "skipped: WordPress pages" in printed

    led = ArticlePage.objects.get(title=LED)
    assert led.live and led.author.slug == "sofia-lindqvist"  # the demo's own author
    assert list(led.treatments.values_list("slug", flat=True)) == ["led-light-therapy"]
    assert led.hero_image is not None and led.hero_image.width == 1200  # the featured image
    types = [block.block_type for block in led.body]
    assert {"paragraph", "heading", "image", "embed"} <= set(types)
    assert any("<li>" in str(block.value) for block in led.body)  # the list, in rich text
    laser = ArticlePage.objects.get(title=LASER)
    assert laser.live and laser.treatments.filter(slug="laser-resurfacing").exists()
    assert "image" in [block.block_type for block in laser.body]  # the [caption] shortcode
    draft = ArticlePage.objects.get(title="Evening appointments from September")
    assert not draft.live
    assert not ArticlePage.objects.filter(title="About the clinic").exists()

    comments = ReaderComment.objects.filter(article=led)
    assert comments.count() == 4  # spam and the pingback are left out
    question = comments.get(author_name="Hannah R.", parent__isnull=True)
    reply = comments.get(parent=question)
    assert reply.is_staff_reply and reply.staff_author.slug == "sofia-lindqvist"
    assert comments.get(parent=reply).author_name == "Hannah R."  # the thread goes on
    assert comments.get(status="pending").author_name == "Marek"
    thread = client.get(f"/api/v1/articles/{led.slug}/comments/").json()["results"]
    assert [c["author_name"] for c in thread] == ["Hannah R."]
    assert thread[0]["replies"][0]["staff"]["name"] == "Sofia Lindqvist"

    permalink = client.get("/2024/05/what-happens-in-an-led-light-session/")
    assert (permalink.status_code, permalink["Location"]) == (301, led.url)
    assert client.get("/?p=201")["Location"] == led.url

    before = counts()
    call_command("seed_demo", "--wordpress")
    again = capsys.readouterr().out
    assert "nothing to do" in again and "posts unchanged" in again
    assert "posts created" not in again and "posts updated" not in again
    assert counts() == before
