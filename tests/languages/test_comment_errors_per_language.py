"""A comment sent with errors is answered in the language of the article it is posted on,
whichever way it is sent: the API's field errors (ours and DRF's own), and the comment
script's summary ("Please correct the 2 problems below."), which the page gives it in each
plural form of its language. English stays as it was."""

from __future__ import annotations

import html
import json
import re

import pytest

from blog.models import ReaderComment
from tests.comment_utils import form_token, make_comment, payload
from tests.factories import ArticlePageFactory, translate_page


@pytest.fixture
def pages(index, committed):
    def build():
        english = ArticlePageFactory(parent=index, slug="peel-aftercare", title="Peel aftercare")
        french = translate_page(english, "fr", slug="apres-un-peeling", title="Après un peeling")
        return {"english": english, "french": french}

    return committed(build)


def post(client, article, locale: str = "", **overrides):
    query = f"?locale={locale}" if locale else ""
    return client.post(
        f"/api/v1/articles/{article.slug}/comments/{query}",
        payload(article, **overrides),
        content_type="application/json",
    )


BAD = {"name": "", "email": "not-an-address", "body": "x" * 5001, "consent": False}


def test_the_apis_field_errors_are_in_the_french_articles_language(client, pages):
    response = post(client, pages["french"], "fr", **BAD)
    assert response.status_code == 400
    assert response.json() == {  # the same shape: each field, its problems
        "name": ["Le nom est obligatoire."],
        "email": ["Saisissez une adresse e-mail valide."],  # DRF's own, in French
        "body": ["Assurez-vous que ce champ comporte au plus 5000\u00a0caractères."],
        "consent": ["Veuillez accepter la politique de confidentialité."],
    }
    website = post(client, pages["french"], "fr", website="www.example.com").json()
    assert website == {
        "website": ["Saisissez une adresse web qui commence par http:// ou https://."]
    }
    assert ReaderComment.objects.count() == 0


def test_the_same_errors_stay_in_english_on_the_english_article(client, pages):
    french_first = post(client, pages["french"], "fr", **BAD)  # leaves no French behind
    assert french_first.status_code == 400
    response = post(client, pages["english"], **BAD)
    assert response.status_code == 400
    assert response.json() == {
        "name": ["Name is required."],
        "email": ["Enter a valid email address."],
        "body": ["Ensure this field has no more than 5000 characters."],
        "consent": ["Please agree to the privacy notice."],
    }


def test_the_form_tokens_errors_are_in_french(client, pages):
    french = pages["french"]
    too_soon = post(client, french, "fr", form_token=form_token(french, age=0))
    assert too_soon.status_code == 429
    assert too_soon.json() == {
        "form_token": [
            "Vous avez été très rapide. Attendez un instant, puis envoyez-le de nouveau."
        ]
    }
    forged = post(client, french, "fr", form_token="forged")
    assert forged.status_code == 403
    assert forged.json() == {
        "form_token": ["Le formulaire a expiré. Rechargez la page et réessayez."]
    }
    other = post(client, french, "fr", form_token=form_token(pages["english"]))
    assert other.json() == {
        "form_token": ["Ce formulaire n'est pas celui de cet article. Rechargez la page."]
    }


# Five posts a minute from one reader (COMMENTS_RATE_PER_CLIENT): a test of its own.
def test_reply_and_duplicate_errors_are_in_french(client, pages):
    french = pages["french"]
    gone = post(client, french, "fr", parent=10**6)
    assert gone.status_code == 404
    assert gone.json() == {
        "parent": ["Ce commentaire n'existe pas ou ne peut pas recevoir de réponse."]
    }
    elsewhere = make_comment(pages["english"])
    wrong = post(client, french, "fr", parent=elsewhere.pk)
    assert wrong.json() == {"parent": ["Ce commentaire appartient à un autre article."]}

    assert post(client, french, "fr").status_code == 201
    twice = post(client, french, "fr")
    assert twice.status_code == 409
    assert twice.json() == {"body": ["Vous avez déjà envoyé ce commentaire."]}


def test_closed_comments_are_refused_in_french(client, pages, committed):
    french = pages["french"]
    french.comments_open = False
    committed(lambda: french.save_revision().publish())
    response = post(client, french, "fr")
    assert response.status_code == 403
    assert response.json() == {"detail": "Les commentaires sont fermés pour cet article."}


def summaries_of(client, url: str) -> dict[str, str]:
    """What the page gives the comment script for its summary of the errors."""
    page = client.get(url).content.decode()
    found = re.search(r'<form id="comment-form"[^>]*\sdata-msg-problems="([^"]*)"', page)
    assert found, "the comment form carries its script's summaries"
    return json.loads(html.unescape(found.group(1)))


def test_the_script_gets_its_summary_in_each_plural_form_of_the_page(client, pages):
    french = summaries_of(client, "/fr/articles/apres-un-peeling/")
    assert french == {
        "1": "Veuillez corriger le problème signalé ci-dessous.",
        "2": "Veuillez corriger les 2 problèmes signalés ci-dessous.",
        "3": "Veuillez corriger les 3 problèmes signalés ci-dessous.",
        "4": "Veuillez corriger les 4 problèmes signalés ci-dessous.",
        "5": "Veuillez corriger les 5 problèmes signalés ci-dessous.",
    }
    english = summaries_of(client, "/articles/peel-aftercare/")
    assert english["1"] == "Please correct the 1 problem below."
    assert english["4"] == "Please correct the 4 problems below."
    assert len(english) == 5  # one for each field of the form that can be in error


def test_a_throttled_post_is_refused_in_the_language_asked_for(client, pages):
    """Throttles answer before the article is looked up: in the `?locale=` the page's
    script names."""
    french = pages["french"]
    for _ in range(5):  # COMMENTS_RATE_PER_CLIENT: five a minute
        post(client, french, "fr", name="")
    refused = post(client, french, "fr")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Requête ralentie. Disponible à nouveau dans")
    english = post(client, pages["english"])
    assert english.status_code == 429
    assert english.json()["detail"].startswith("Request was throttled.")
