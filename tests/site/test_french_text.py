"""The website's own text in French (locale/fr/LC_MESSAGES): headings, labels, the comment
form and its errors, dates and the search page, as a reader whose language is French reads
them; and the compiled catalogue that ships with the code says what its source says.

Each request here goes to the view Django resolves for its address (Wagtail's page serving,
the comment form's views) with French active, past the middleware: which language a request
gets is the locale middleware's choice, tested with it (tests/languages). A comment form's
address has no language: it answers in its article's, so those posts go to a French page.
What this file checks is that the website speaks the language it is given. English stays
the default: every other test reads English.
"""

from __future__ import annotations

import datetime
import gettext
import html
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from wagtail.models import Locale

from blog.models import ArticlePage, ReaderComment
from blog.published import store
from tests.comment_utils import form_token, make_comment, payload
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    TreatmentFactory,
    body,
    heading,
    microneedling_article,
)

NBSP = "\u00a0"  # French puts a no-break space before ? ! : and inside « »
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def in_french(method: str, path: str, data: dict | None = None) -> HttpResponse:
    """The answer to a reader's request, made and rendered while French is active."""
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "fr"  # as the locale middleware would say
    # A French address resolves in French (/fr/…); another in the default language.
    with translation.override("fr" if path.startswith("/fr/") else None):
        match = resolve(request.path_info)
    with translation.override("fr"):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    return response


def form_data(article, **overrides) -> dict:
    """The form as a browser sends it: a ticked box is "on", an unticked one absent."""
    data = payload(article, body="Does the redness last long?", homepage="", parent="")
    data.update({"consent": "on", "notify_on_reply": None, **overrides})
    return {key: value for key, value in data.items() if value is not None}


def post_in_french(article, **overrides) -> HttpResponse:
    url = f"/_site/articles/{article.pk}/comments/"
    return in_french("post", url, form_data(article, **overrides))


def text_of(response) -> str:
    """The page's text with its entities read (an apostrophe is &#x27; in the markup)."""
    return html.unescape(response.content.decode())


@pytest.fixture
def article(index):
    doctor = AuthorFactory(name="Dr Jane Doe", role="Medical director", credentials="MBBS")
    needling = TreatmentFactory(name="Microneedling", typical_downtime="1 to 3 days")
    article = ArticlePageFactory(
        parent=index,
        title="After microneedling",
        author=doctor,
        reviewed_by=doctor,
        last_reviewed=datetime.date(2026, 1, 15),
        display_date=datetime.date(2026, 2, 1),
        body=body(
            heading("Tight skin"),
            heading("Flaking"),
            ("callout", {"kind": "tip", "title": "", "text": "<p>Moisturise.</p>"}),
        ),
    )
    article.treatments.add(needling)
    article.tags.add("aftercare")
    article.save()
    return article


@pytest.fixture
def translated(article):
    """The article's French translation: a comment form's address (/_site/…) has no
    language of its own, so it answers in its article's."""
    french = Locale.objects.get(language_code="fr")
    translation = article.copy_for_translation(french, copy_parents=True)
    translation.save_revision().publish()
    return ArticlePage.objects.get(pk=translation.pk)


def test_the_article_page_reads_in_french(article):
    question = make_comment(article, author_name="Ana", body="How long is the redness?")
    held = make_comment(article, status="pending", author_name="Ben")
    make_comment(article, parent=held, author_name="Chloé", body="Same question.")

    page = text_of(in_french("get", article.url))

    # The header and footer every page has.
    assert '<a class="skip-link" href="#main">Aller au contenu</a>' in page
    assert '<nav class="site-nav" aria-label="Principale">' in page and ">Soins</a>" in page
    assert "ne remplacent pas un diagnostic" in page
    # The byline and the medical review, with French month names.
    assert "Par Dr Jane Doe, Medical director" in page
    assert '<time datetime="2026-02-01">1 février 2026</time>' in page
    assert "1 min de lecture" in page
    assert (
        "Relu sur le plan médical par <strong>Dr Jane Doe</strong>, MBBS (Medical director) "
        'le <time datetime="2026-01-15">15 janvier 2026</time>.'
    ) in page
    assert "Prochaine relecture prévue le <time" in page
    # The contents, the body's callout, the treatments and tags.
    assert '<h2 id="toc-title">Dans cet article</h2>' in page
    assert '<p class="callout-kind">Conseil</p>' in page and 'aria-label="Conseil"' in page
    assert "Les soins abordés dans cet article" in page
    assert f"temps de récupération habituel{NBSP}: 1 to 3 days" in page
    assert 'aria-label="Mots-clés"' in page
    # The comments: count, a reply link, the placeholder of a held comment, the form.
    assert '<h2 id="comments-title">2 commentaires</h2>' in page
    assert 'Répondre<span class="visually-hidden"> à Ana</span>' in page
    assert "Ce commentaire n'a pas été publié." in page  # held, with a reply below it
    assert f'id="comment-{question.pk}"' in page
    assert "Laisser un commentaire" in page and "Envoyer le commentaire" in page
    for label in ("Nom", "Adresse e-mail", "Site web", "Commentaire"):
        assert f">{label} <span" in page or f">{label}</label>" in page
    assert "J'accepte que la clinique conserve mon nom" in page
    assert "M'avertir par e-mail quand quelqu'un répond" in page
    # None of the English it replaces is left.
    for english in (
        "Skip to content",
        "Medically reviewed",
        "February",
        "min read",
        "In this article",
        "Leave a comment",
        "Post comment",
        "This comment was not published.",
    ):
        assert english not in page


def test_the_same_page_stays_in_english_by_default(client, article):
    in_french("get", article.url)  # a French page does not leave French behind
    page = text_of(client.get(article.url))
    assert "Skip to content" in page and "1 February 2026" in page
    assert "Aller au contenu" not in page


def test_a_comment_sent_back_with_errors_says_so_in_french(translated):
    response = post_in_french(translated, name="", email="not-an-address", consent=None)

    assert response.status_code == 400
    page = text_of(response)
    for field, message in [
        ("name", "Le nom est obligatoire."),
        ("email", "Saisissez une adresse e-mail valide."),
        ("consent", "Veuillez accepter la politique de confidentialité."),
    ]:
        assert f'<p class="field-error" id="comment-{field}-error">{message}</p>' in page
    assert "Veuillez corriger les 3 problèmes signalés ci-dessous." in page
    assert ">Does the redness last long?</textarea>" in page  # the reader's text is kept
    assert "is required" not in page and "privacy notice" not in page
    assert ReaderComment.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "french"),
    [
        ("name", "<b>Ana</b>", 'Un nom ne peut pas contenir < > " ni `.'),
        ("name", "Ana\nLee", "Écrivez sur une seule ligne."),
        ("body", "   ", "Le commentaire est obligatoire."),
        ("website", "www.example.com", "Saisissez une adresse web qui commence par http://"),
        ("website", "http://ana@example.com/", "Saisissez une adresse web sans nom d'utilisateur."),
        ("website", "http://example.com/a b", "Saisissez une adresse web simple, sans espaces"),
    ],
)
def test_each_of_the_forms_own_rules_is_explained_in_french(translated, field, value, french):
    """The form shares the API's rules (blog.api.comment_serializers): each reaches a
    French reader in French, as it is checked while the page's language is active."""
    response = post_in_french(translated, **{field: value})
    assert response.status_code == 400
    error = text_of(response).split(f'id="comment-{field}-error">', 1)[1].split("</p>", 1)[0]
    assert error.startswith(french)


def test_a_form_sent_too_soon_or_twice_is_refused_in_french(translated):
    too_soon = post_in_french(translated, form_token=form_token(translated, age=0))
    assert too_soon.status_code == 429
    assert "Vous avez été très rapide. Relisez votre commentaire" in text_of(too_soon)

    make_comment(translated, email="ana@example.com", body="Does the redness last long?")
    twice = post_in_french(translated)
    assert twice.status_code == 400
    assert "Vous avez déjà envoyé ce commentaire." in text_of(twice)


def test_a_readers_post_and_report_are_thanked_in_french(translated):
    posted = post_in_french(translated)
    assert posted.status_code == 303 and ReaderComment.objects.get().status == "pending"
    assert posted["Location"].startswith(translated.url)
    page = text_of(in_french("get", translated.url, {"posted": "pending"}))
    assert f"Merci{NBSP}! Votre commentaire apparaîtra dès qu'un membre de notre équipe" in page

    comment = make_comment(translated, author_name="Ana")
    reported = in_french("post", f"/_site/comments/{comment.pk}/report/")
    assert reported.status_code == 303
    page = text_of(in_french("get", translated.url, {"reported": str(comment.pk)}))
    assert "Merci. Notre équipe va examiner ce commentaire." in page


def test_closed_comments_are_announced_in_french(index):
    closed = ArticlePageFactory(parent=index, comments_open=False)
    page = text_of(in_french("get", closed.url))
    assert "Les commentaires sont fermés pour cet article." in page


@pytest.fixture
def searchable(index, committed):
    article = microneedling_article(index)
    committed(store.rebuild)
    return article


def test_the_search_page_reads_in_french(index, searchable):
    url = f"{index.url}search/"

    found = text_of(in_french("get", url, {"q": "microneedeling"}))
    assert "<title>Recherche · " in found and "<h1>Recherche</h1>" in found
    assert "Résultats pour <strong>microneedling</strong>." in found
    assert '<p class="search-count">1 article</p>' in found
    assert '<button type="submit">Rechercher</button>' in found
    assert f"Soins et sujets{NBSP}:" in found

    nothing = text_of(in_french("get", url, {"q": "redxxxss"}))
    assert f"Aucun article ne correspond à «{NBSP}redxxxss{NBSP}»." in nothing
    assert f'Vouliez-vous dire <a href="?q=redness">redness</a>{NBSP}?' in nothing
    assert "No article matches" not in nothing and "Did you mean" not in nothing


def test_the_treatments_list_counts_its_articles_in_french(index, article):
    page = text_of(in_french("get", f"{index.url}treatments/"))
    assert "<h1>Soins</h1>" in page
    assert "1 article · temps de récupération habituel" in page


def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_the_french_catalogue_is_complete():
    po = catalogue()
    assert po.metadata["Language"] == "fr"
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert len(po.translated_entries()) > 50


def test_the_committed_mo_says_what_the_po_says():
    """The .mo is committed, so that running the site needs no gettext tools: it must have
    been compiled from the .po as it is now (`manage.py compilemessages`)."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    out_of_step = []
    for entry in catalogue().translated_entries():
        if entry.msgid_plural:  # French: 0 and 1 take the first form, 2 and more the second
            for n, form in ((1, 0), (2, 1)):
                if entry.msgctxt:
                    got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                else:
                    got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr_plural[form]:
                    out_of_step.append((entry.msgid, n, got))
        else:
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            if got != entry.msgstr:
                out_of_step.append((entry.msgid, got))
    assert out_of_step == []
    assert compiled.info()["plural-forms"] == catalogue().metadata["Plural-Forms"]
