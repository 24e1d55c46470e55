"""The security baseline with DEBUG off: HTTPS only, framing refused, a Content-Security-Policy
on the public site, admin logins locked after repeated failures, and a deployment example that
passes Django's own checklist.

HTTPS, HSTS and cookie flags are tested on a real gunicorn process started with the
production defaults (the test settings turn the redirect and HSTS off for the test client).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from http.client import HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import AbstractUser
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.admin_forms import article_form
from tests.api_utils import rich_article
from tests.live import LiveServer, base_env
from tests.live_databases import DatabaseFactory
from tests.processes import manage

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ENV = ROOT / "deploy" / "production.env.example"
PASSWORD = "a-long-editor-password-for-tests"


def production_defaults(database_url: str, **extra: str) -> dict[str, str]:
    """tests/live.py's environment without its plain-HTTP overrides: the real defaults."""
    env = base_env(database_url, **extra)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"):
        env.pop(name)
    return env


def request(
    server: LiveServer,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[int, HTTPMessage, bytes]:
    """One request without following redirects (urllib would follow them to https://)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies(headers: HTTPMessage) -> SimpleCookie:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return jar


@pytest.fixture(scope="module")
def behind_proxy(live_databases: DatabaseFactory) -> Iterator[LiveServer]:
    """Production defaults behind a TLS-terminating proxy that sets X-Forwarded-Proto."""
    env = production_defaults(live_databases.fresh(), TRUST_X_FORWARDED_PROTO="1")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; get_user_model().objects"
        f".create_superuser('editor', 'editor@example.com', '{PASSWORD}')",
    )
    server = LiveServer(env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def direct(live_databases: DatabaseFactory) -> Iterator[LiveServer]:
    """Production defaults with no proxy trusted: the test client is not the load balancer.

    gunicorn itself honours X-Forwarded-Proto from FORWARDED_ALLOW_IPS (default 127.0.0.1,
    a proxy on the same host); here that is an address other than ours.
    """
    env = production_defaults(live_databases.fresh(), FORWARDED_ALLOW_IPS="192.0.2.1")
    server = LiveServer(env).start()
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/articles/", "/"])
def test_plain_http_is_redirected_to_https(behind_proxy, path):
    status, headers, _ = request(behind_proxy, "GET", path)
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{behind_proxy.port}{path}"


def test_health_probes_are_answered_over_plain_http(behind_proxy):
    # Load balancers probe instances by address over plain HTTP; a redirect would fail them.
    assert request(behind_proxy, "GET", "/health/live/")[0] == 200
    assert request(behind_proxy, "GET", "/health/ready/")[0] == 200


def test_https_from_a_trusted_proxy_is_served_with_hsts_and_secure_cookies(behind_proxy):
    status, headers, _ = request(
        behind_proxy, "GET", "/admin/login/", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert cookies(headers)["csrftoken"]["secure"] is True


def test_the_forwarded_header_is_ignored_unless_the_proxy_is_trusted(direct):
    # Otherwise any client could claim HTTPS and be served over plain HTTP.
    status, headers, _ = request(direct, "GET", "/admin/login/", {"X-Forwarded-Proto": "https"})
    assert status == 301
    assert "Strict-Transport-Security" not in headers


def test_the_session_cookie_after_an_admin_login_is_secure_and_http_only(behind_proxy):
    https = {"X-Forwarded-Proto": "https"}
    _, headers, body = request(behind_proxy, "GET", "/admin/login/", https)
    csrf_cookie = cookies(headers)["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD}
    status, headers, _ = request(
        behind_proxy,
        "POST",
        "/admin/login/",
        headers={
            **https,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": f"https://127.0.0.1:{behind_proxy.port}",
        },
        body=urlencode(form),
    )
    assert status == 302, headers
    session = cookies(headers)["sessionid"]
    assert session["secure"] is True and session["httponly"] is True


# Framing


def test_public_pages_and_the_admin_refuse_to_be_framed(client, admin_client, index):
    article, _, _ = rich_article(index)
    for path in ("/", article.url):
        assert client.get(path)["X-Frame-Options"] == "DENY", path
    assert client.get("/admin/login/")["X-Frame-Options"] == "DENY"
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit.status_code == 200
    assert edit["X-Frame-Options"] == "DENY"


def test_the_admin_preview_may_be_framed_by_the_admin_itself(admin_client, index):
    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "articlepage", index.pk])
    assert admin_client.post(url, article_form()).json()["is_valid"]
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert b"Aftercare for laser resurfacing" in preview.content
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


# Content-Security-Policy


def policy(response: HttpResponse) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_public_pages_have_a_policy_that_allows_only_privacy_friendly_video(client, index):
    article, _, _ = rich_article(index)
    for path in ("/", index.url, article.url):
        directives = policy(client.get(path))
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert set(directives["frame-src"]) == {
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        }


def test_the_article_page_needs_nothing_its_policy_forbids(client, index):
    # A policy that blocks the page's own video, images or styles breaks it for readers.
    article, _, _ = rich_article(index)
    response = client.get(article.url)
    directives = policy(response)
    html = response.content.decode()
    frames = re.findall(r'<iframe[^>]+src="([^"]+)"', html)
    assert frames and all(origin(src) in directives["frame-src"] for src in frames), frames
    images = re.findall(r'<(?:img|source)[^>]+src(?:set)?="([^" ]+)', html)
    assert images and all(src.startswith("/") for src in images), images  # 'self'
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assert stylesheets and all(href.startswith("/") for href in stylesheets)
    # Inline code needs 'unsafe-inline', which the policy does not grant.
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", html)


def test_the_admin_has_no_site_policy(client, admin_client, index):
    # Wagtail's admin uses inline scripts and styles; the site policy would break it.
    assert "Content-Security-Policy" not in client.get("/admin/login/")
    assert "Content-Security-Policy" not in admin_client.get("/admin/")


# Admin login lockout (django-axes)


def login(
    client: Client, username: str, password: str, address: str = "198.51.100.1", **extra: str
) -> HttpResponse:
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


@pytest.fixture
def editors(django_user_model: type[AbstractUser]) -> None:
    for name in ("staff", "other"):
        django_user_model.objects.create_user(name, f"{name}@example.com", PASSWORD, is_staff=True)


def fail_five_times(client: Client, username: str = "staff", **kwargs: str) -> None:
    for _ in range(5):
        assert login(client, username, "wrong", **kwargs).status_code in {200, 429}


def test_five_wrong_passwords_lock_the_account_from_that_address(client, editors):
    first = login(client, "staff", "wrong")
    assert first.status_code == 200 and not first.wsgi_request.user.is_authenticated
    fail_five_times(client)
    locked = login(client, "staff", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_only_that_username_and_that_address(client, editors):
    fail_five_times(client)
    assert login(client, "staff", PASSWORD).status_code == 429
    # Another account from the same address, and the same account from elsewhere, log in.
    assert login(client, "other", PASSWORD).status_code == 302
    client.logout()
    assert login(client, "staff", PASSWORD, address="198.51.100.2").status_code == 302


def test_behind_trusted_proxies_the_forwarded_client_address_is_locked(client, editors, settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    fail_five_times(client, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # The same client through another proxy, or with a forged entry prepended: still locked.
    for proxy, forwarded in (("10.0.0.3", "203.0.113.7"), ("10.0.0.2", "192.0.2.9, 203.0.113.7")):
        response = login(client, "staff", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 429, forwarded
    # Another client behind the same proxy is not.
    response = login(client, "staff", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert response.status_code == 302


def test_an_untrusted_peer_cannot_escape_the_lock_by_forging_the_header(client, editors):
    fail_five_times(client, address="198.51.100.7")
    response = login(client, "staff", PASSWORD, "198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429


# The deployment example


def example_environment(*, filled: bool = True, **overrides: str) -> dict[str, str]:
    """deploy/production.env.example as a shell would load it, every CHANGE-ME filled in
    (`filled=False`: as it comes)."""
    values = {}
    for line in EXAMPLE_ENV.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    for name, value in values.items():  # keys, passwords in URLs, access keys
        if filled:
            values[name] = value.replace("CHANGE-ME", secrets.token_urlsafe(50))
    values.update(overrides)
    # Only what a process needs to run; nothing from the test run's own configuration.
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**keep, **values, "DJANGO_SETTINGS_MODULE": "cms.settings.base"}


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return manage(env, "check", "--deploy", "--fail-level", "WARNING", timeout=120, check=False)


def test_the_production_example_passes_the_deployment_checklist():
    env = example_environment()
    assert env["DEBUG"] == "0" and env["SECURE_SSL_REDIRECT"] == "1"
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_checklist_fails_while_the_secret_key_is_the_placeholder():
    result = deploy_check(example_environment(SECRET_KEY="CHANGE-ME"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_the_admin_fetches_no_avatars_from_gravatar(admin_client, admin_user):
    # Each admin page would tell Gravatar who is logged in (with a hash of their email).
    for path in ("/admin/", "/admin/account/", "/admin/users/"):
        response = admin_client.get(path)
        assert response.status_code == 200
        assert "gravatar" not in response.content.decode().lower(), path


def test_every_placeholder_of_the_example_fails_the_checklist_by_name():
    # Hashes of IPv4 addresses under a known key are reversible (four billion to try).
    result = deploy_check(example_environment(filled=False))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    secrets_in_example = [
        line.partition("=")[0]
        for line in EXAMPLE_ENV.read_text().splitlines()
        if "CHANGE-ME" in line and not line.startswith("#")
    ]
    assert "COMMENTS_IP_HASH_KEY" in secrets_in_example
    for name in secrets_in_example:
        assert f"{name} is still the placeholder" in output, name


def test_a_short_comment_hash_key_fails_the_checklist():
    result = deploy_check(example_environment(COMMENTS_IP_HASH_KEY="clinic-hash-key-2026"))
    assert result.returncode != 0
    assert "COMMENTS_IP_HASH_KEY is too short" in result.stdout + result.stderr
