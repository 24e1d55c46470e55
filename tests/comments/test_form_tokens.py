"""Comment-form tokens: a form serves a bounded number of posts, counted in the database so
that losing the cache (a Redis restart) does not renew the budget; a form sent sooner than a
person writes is refused for the rest of COMMENTS_FORM_MIN_SECONDS."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from blog.management.commands.worker import prune_form_tokens
from blog.models import FormTokenUse, ReaderComment
from tests.comment_utils import form_token, payload, post
from tests.factories import ArticlePageFactory


def call_output(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index)


def post_from(client, article, address: str, **overrides):
    """A post from its own client address: each has its own throttle budget (a script
    behind many proxies), which leaves the form's budget the only limit."""
    return client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        payload(article, **overrides),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_a_used_up_form_stays_used_up_when_the_cache_is_lost(client, article):
    token = form_token(article)
    for n in range(10):
        response = post_from(
            client, article, f"203.0.113.{n}", body=f"Comment {n}", form_token=token
        )
        assert response.status_code == 201
    cache.clear()  # what a Redis restart does
    eleventh = post_from(client, article, "203.0.113.10", body="Comment 10", form_token=token)
    assert eleventh.status_code == 403
    assert "used too often" in eleventh.json()["form_token"][0]
    assert ReaderComment.objects.count() == 10
    # A new form has a budget of its own.
    assert post(client, article, body="With a new form").status_code == 201


def test_a_form_counts_on_the_website_and_the_api_alike(client, article, settings):
    settings.COMMENTS_FORM_TOKEN_MAX_POSTS = 1
    token = form_token(article)
    assert post(client, article, form_token=token).status_code == 201
    cache.clear()
    data = payload(article, body="Sent again from the website's own form.", form_token=token)
    data.update(consent="on", homepage="", parent="")
    del data["notify_on_reply"]
    response = client.post(f"/_site/articles/{article.pk}/comments/", data)
    assert response.status_code == 403
    assert ReaderComment.objects.count() == 1


def test_expired_counts_are_cleared_by_the_clock_and_the_purge(client, article, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    old = form_token(article)
    assert post(client, article, form_token=old).status_code == 201
    fresh_form = form_token(article, age=5)
    assert post(client, article, body="Another.", form_token=fresh_form).status_code == 201
    assert FormTokenUse.objects.count() == 2
    time_machine.shift(datetime.timedelta(hours=6, seconds=1))
    prune_form_tokens()  # the worker's clock
    assert FormTokenUse.objects.count() == 0
    cache.clear()  # the throttle's window, not what this tests
    assert post(client, article, body="A day later.", form_token=form_token(article, age=5))
    assert FormTokenUse.objects.count() == 1
    time_machine.shift(datetime.timedelta(hours=6, seconds=1))
    assert "the post counts of 1 expired form(s)" in call_output("comments_purge")
    assert not FormTokenUse.objects.exists()


def test_a_form_sent_too_quickly_says_how_long_to_wait(client, article, settings, time_machine):
    settings.COMMENTS_FORM_MIN_SECONDS = 3
    time_machine.move_to(timezone.now(), tick=False)
    token = form_token(article, age=1)
    response = post(client, article, form_token=token)
    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    assert "quick" in response.json()["form_token"][0]
    assert not ReaderComment.objects.exists()
    time_machine.shift(datetime.timedelta(seconds=2))
    assert post(client, article, form_token=token).status_code == 201


def test_the_minimum_age_is_a_setting(client, article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    token = form_token(article, age=0)  # as young as a token can be
    assert post(client, article, form_token=token).status_code == 201


def test_the_form_token_endpoint_says_the_minimum_age_in_force(client, article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 7
    response = client.get(f"/api/v1/articles/{article.slug}/comments/form-token/")
    assert response.status_code == 200 and response.json()["min_seconds"] == 7
