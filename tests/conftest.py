"""Shared fixtures: a site tree (home > index), an admin login, and an image."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage, HomePage
from tests.factories import ArticleIndexPageFactory, HomePageFactory, ImageFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths; each test builds its own tree.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_locale_codes():
    # Locales' codes are held per process (blog.models.language_chains): a test's rolled
    # back locale ("fr-ca") must not name the next test's locale that reuses its id ("ar").
    from blog.models.language_chains import _locale_codes

    _locale_codes.clear()
    yield
    _locale_codes.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A website page's language stays active in the thread after its request (Django's
    # LocaleMiddleware): each test starts in the default one.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db) -> HomePage:
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="test-clinic")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def index(home: HomePage) -> ArticleIndexPage:
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.com", "pw")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def image(db):
    return ImageFactory()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as if its transaction committed, so on-commit work (search indexing,
    the content change log) happens as in production."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture(scope="session")
def live_databases(tmp_path_factory):
    """Copies of one migrated, seeded database, for tests that run real processes."""
    from tests.live_databases import release, run_directory, shared_template

    run_dir = run_directory(tmp_path_factory)
    factory = shared_template(run_dir, tmp_path_factory.mktemp("live-db"))
    yield factory
    release(factory, run_dir)


@pytest.fixture
def heard():
    """Every batch of events delivered while the test runs (blog.events), as a subscriber
    receives them."""
    from blog import events

    batches: list = []
    events.subscribe(batches.append)
    yield batches
    events._subscribers.remove(batches.append)
