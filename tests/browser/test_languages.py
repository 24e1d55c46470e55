"""A clinic's second language, as its staff and readers meet it: an editor translates an
article in the admin and publishes it; a reader opens it at /fr/…, finds the language
switcher and the hreflang alternates, and comments in French; the app reads it from the API
with ?locale=fr and with Accept-Language: fr-CH. In Chromium."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from blog.comments.tokens import form_min_seconds
from blog.models import ArticlePage, ReaderComment
from tests.browser.helpers import log_in, make_staff
from tests.factories import ArticlePageFactory, body, paragraph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_like_a_person(page: Page) -> None:
    # Forms sent sooner than a person writes are refused (blog.comments.tokens).
    page.wait_for_timeout((form_min_seconds() + 0.5) * 1000)


def test_translate_publish_read_and_comment_in_french(page: Page, live_server, index):
    make_staff()
    source = ArticlePageFactory(
        parent=index,
        slug="peel-aftercare",
        title="Caring for your skin after a peel",
        intro="What helps in the first week.",
        body=body(paragraph("<p>Keep your skin moisturised.</p>")),
    )
    source.save_revision().publish()

    log_in(page, live_server.url)
    # "Translate this page" (wagtail-localize), into French.
    submit = reverse("wagtail_localize:submit_page_translation", args=[source.pk])
    page.goto(live_server.url + submit)
    page.get_by_label("français").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messages")).to_contain_text("submitted for translation")
    # wagtail-localize's translation editor: each text of the source, one at a time.
    for french in (
        "Prendre soin de sa peau après un peeling",
        "Ce qui aide pendant la première semaine.",
        "Gardez votre peau bien hydratée.",
    ):
        page.get_by_role("button", name="Translate", exact=True).first.click()
        page.locator("textarea:visible").fill(french)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text(french)).to_be_visible()
    expect(page.get_by_text("Server error")).to_have_count(0)
    page.get_by_role("button", name="Publish in français").click()
    page.wait_for_load_state("networkidle")
    translation = ArticlePage.objects.get(
        locale__language_code="fr", translation_key=source.translation_key
    )
    assert translation.live and translation.url == "/fr/articles/peel-aftercare/"

    # A reader opens it in French: the page says its language, names the other one in its
    # head, and offers it in the switcher.
    reader = page.context.browser.new_page(locale="fr-CH")
    reader.goto(live_server.url + translation.url)
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    expect(reader.locator("html")).to_have_attribute("dir", "ltr")
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Prendre soin de sa peau après un peeling"
    )
    expect(reader.get_by_text("Gardez votre peau bien hydratée.")).to_be_visible()
    english_url = source.get_full_url()  # the site's own address, as Wagtail names it
    expect(reader.locator('link[rel="alternate"][hreflang="en-gb"]')).to_have_attribute(
        "href", english_url
    )
    expect(reader.locator('link[rel="alternate"][hreflang="x-default"]')).to_have_attribute(
        "href", english_url
    )
    switcher = reader.get_by_role("navigation", name="Langues")
    expect(switcher.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="British English").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Caring for your skin after a peel")
    expect(reader.locator("html")).to_have_attribute("lang", "en-gb")
    reader.get_by_role("navigation", name="Languages").get_by_role("link", name="Français").click()

    # A form sent empty: the script shows the API's errors beside their fields, and its
    # summary in the French plural, all in French.
    reader.get_by_role("button", name="Envoyer le commentaire").click()
    expect(reader.locator("#comment-form-error")).to_have_text(
        "Veuillez corriger les 4 problèmes signalés ci-dessous."
    )
    expect(reader.locator("#comment-name-error")).to_have_text("Le nom est obligatoire.")
    expect(reader.locator("#comment-consent-error")).to_have_text(
        "Veuillez accepter la politique de confidentialité."
    )

    # …and comments in French, under the French page.
    reader.get_by_role("textbox", name="Nom").fill("Camille")
    reader.get_by_role("textbox", name="Adresse e-mail").fill("camille@example.com")
    reader.get_by_role("textbox", name="Commentaire").fill(
        "Combien de temps faut-il éviter le soleil ?"
    )
    reader.get_by_role("checkbox", name="J'accepte").check()
    wait_like_a_person(reader)
    reader.get_by_role("button", name="Envoyer le commentaire").click()
    expect(reader.get_by_role("status")).to_contain_text("Merci")
    comment = ReaderComment.objects.get(author_name="Camille")
    assert comment.article_id == translation.pk

    # The app reads it in French, asked by parameter or by the phone's language.
    asked = reader.request.get(f"{live_server.url}/api/v1/articles/?locale=fr")
    cards = {card["title"]: card["locale"] for card in asked.json()["results"]}
    assert cards == {"Prendre soin de sa peau après un peeling": "fr"}
    by_header = reader.request.get(
        f"{live_server.url}/api/v1/articles/peel-aftercare/",
        headers={"Accept-Language": "fr-CH, en;q=0.5"},
    )
    assert by_header.headers["content-language"] == "fr"
    detail = by_header.json()
    assert detail["title"] == "Prendre soin de sa peau après un peeling"
    assert detail["path"] == "/fr/articles/peel-aftercare/"
    assert [t["locale"] for t in detail["translations"]] == ["en-gb"]
    reader.close()
