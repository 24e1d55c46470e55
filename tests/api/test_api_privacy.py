"""Nothing personal leaves the server: no email addresses in any public response."""

import re

from django.contrib.auth import get_user_model

from tests.api_utils import fresh_get, rich_article

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


def test_no_public_response_contains_an_email_address(client, index):
    user = get_user_model().objects.create_user("owner", "owner@clinic.example", "pw")
    article, *_ = rich_article(index, owner=user)
    from tests.comment_utils import make_comment

    top = make_comment(article, email="reader@clinic.example", ip_hash="abc", user_agent="UA/1")
    make_comment(article, parent=top, email="second@clinic.example")
    urls = [
        f"/api/v1/articles/{article.slug}/comments/",
        "/api/v1/articles/",
        f"/api/v1/articles/{article.slug}/",
        f"/api/v1/articles/by-id/{article.pk}/",
        "/api/v1/treatments/",
        "/api/v1/tags/",
        "/api/v1/authors/",
        "/api/v1/sync/",
    ]
    for url in urls:
        body = fresh_get(client, url).content
        assert not EMAIL.search(body), (url, EMAIL.search(body))
        assert b"owner" not in body and b"UA/1" not in body and b"ip_hash" not in body
