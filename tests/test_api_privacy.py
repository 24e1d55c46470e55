"""Nothing personal leaves the server: no email addresses in any public response."""

import re

from django.contrib.auth import get_user_model

from tests.api_utils import fresh_get, rich_article

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


def test_no_public_response_contains_an_email_address(client, index):
    user = get_user_model().objects.create_user("owner", "owner@clinic.example", "pw")
    article, *_ = rich_article(index, owner=user)
    urls = [
        "/api/v1/articles/",
        f"/api/v1/articles/{article.slug}/",
        f"/api/v1/articles/lookup/?id={article.pk}",
        "/api/v1/treatments/",
        "/api/v1/tags/",
        "/api/v1/authors/",
        "/api/v1/sync/",
    ]
    for url in urls:
        body = fresh_get(client, url).content
        assert not EMAIL.search(body), (url, EMAIL.search(body))
        assert b"owner" not in body
